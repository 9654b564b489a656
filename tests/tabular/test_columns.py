"""Column parsers: each returns a value and a Russian message naming what was expected and received."""

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from msoko.tabular import columns as c
from msoko.tabular.problems import ROW
from msoko.tabular.reading import Table


def _validate(values: list[str | None], parser: c.Parser, *, required: bool = False):
    frame = pl.DataFrame(
        {ROW: list(range(2, 2 + len(values))), "Поле": values}, schema={ROW: pl.Int64, "Поле": pl.String}
    )
    table = Table(frame=frame, headers=["Поле"], header_row=1)
    return c.validate(table, [c.Column("Поле", "field", parser, required=required)])


def test_codes_keep_leading_zeros_and_drop_excel_decimal_tail():
    got = _validate(["0012", "1234.0", " 12 34 "], c.code())

    assert got.frame["field"].to_list() == ["0012", "1234", "1234"]
    assert got.problems == []


def test_integer_accepts_decimal_comma_only_when_whole():
    got = _validate(["3,0", "3,5", "abc"], c.integer(low=0, high=10))

    assert got.frame["field"].to_list()[0] == 3
    assert [(p.row, p.value) for p in got.problems] == [(3, "3,5"), (4, "abc")]
    assert got.problems[0].message == "ожидается целое число от 0 до 10, получено «3,5»"


def test_percent_accepts_decimal_comma_and_rejects_out_of_range():
    got = _validate(["12,5", "100", "101"], c.percent())

    assert got.frame["field"].to_list()[:2] == [12.5, 100.0]
    assert [p.message for p in got.problems] == ["ожидается процент от 0 до 100, получено «101»"]


def test_mark_outside_two_to_five_is_an_error():
    got = _validate(["2", "5", "6", "1"], c.mark())

    assert [p.message for p in got.problems] == [
        "ожидается отметка от 2 до 5, получено «6»",
        "ожидается отметка от 2 до 5, получено «1»",
    ]


@pytest.mark.parametrize(("raw", "normalised"), [("5А", "5А"), ("11", "11"), ("9 б", "9Б"), ("1в", "1В")])
def test_class_names_are_normalised(raw, normalised):
    assert _validate([raw], c.class_name()).frame["field"].to_list() == [normalised]


@pytest.mark.parametrize("raw", ["12", "0А", "5АБ", "А5", "пятый"])
def test_bad_class_names_are_errors(raw):
    assert len(_validate([raw], c.class_name()).problems) == 1


@pytest.mark.parametrize("raw", ["=1+1", "+7", "-cmd", "@SUM(A1)"])
def test_formula_like_text_is_an_error(raw):
    got = _validate([raw], c.text())

    assert got.problems[0].message.startswith(f"ячейка начинается с «{raw[0]}»")


def test_choice_matches_like_headers():
    got = _validate(["ДОО", "доо", "Школа", "лагерь"], c.choice({"школа": "school", "ДОО": "preschool"}))

    assert got.frame["field"].to_list()[:3] == ["preschool", "preschool", "school"]
    assert got.problems[0].message == "ожидается одно из значений: «школа», «ДОО», получено «лагерь»"


def test_required_cell_empty_is_an_error_but_optional_empty_is_not():
    required = _validate(["x", "", None], c.text(), required=True)
    optional = _validate(["x", "", None], c.text())

    assert [(p.row, p.message) for p in required.problems] == [
        (3, "не заполнена обязательная ячейка"),
        (4, "не заполнена обязательная ячейка"),
    ]
    assert optional.problems == []
    assert optional.frame["field"].to_list() == ["x", None, None]


def test_unknown_columns_are_reported_as_notices():
    frame = pl.DataFrame({ROW: [2], "Поле": ["a"], "Лишнее": ["b"]})

    got = c.validate(
        Table(frame=frame, headers=["Поле", "Лишнее"], header_row=1), [c.Column("Поле", "field", c.text())]
    )

    assert got.notices == ["столбец «Лишнее» не используется и пропущен"]


@given(st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=30))
def test_every_problem_points_at_an_existing_row(values):
    got = _validate(values, c.integer(low=0, high=5), required=True)

    rows = set(range(2, 2 + len(values)))
    problem_rows = [p.row for p in got.problems]
    valid_rows = got.frame.filter(pl.col("field").is_not_null())[ROW].to_list()
    # every cell is either a valid value or exactly one problem, never both and never neither
    assert all(p.column == "Поле" for p in got.problems)
    assert sorted(problem_rows + valid_rows) == sorted(rows)
