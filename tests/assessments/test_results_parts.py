"""A `results` file parsed in parts gives exactly what it gives parsed whole (issue 16).

The parts bound the memory of a region's file; every check that needs other rows (a
participant twice, the registry's codes, the notices on dropped cells) runs on the whole.
"""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal

from msoko.assessments.importers import results as results_format
from msoko.assessments.importers.results import WorkShape, parse_results
from msoko.assessments.selectors import results_frame
from msoko.assessments.services import import_results
from msoko.core.models import QuarantineRow
from msoko.tabular.problems import ROW
from msoko.tabular.reading import read_table
from tests.assessments.conftest import GOOD, LABELS, MAXIMA, MIDDLE, WEAK, csv_bytes, math4, row

SHAPE = WorkShape(labels=tuple(LABELS), maxima=tuple(MAXIMA), scale={3: 6, 4: 10, 5: 15}, grade=4)
CODES = {"0001": 1, "0002": 2, "sch220003": 3}


def _file() -> bytes:
    """Eleven rows with a problem of every kind, the repeats far apart so they fall in
    different parts: file lines 2..12."""
    return csv_bytes(
        [
            row("0001", "P1", GOOD),  # line 2
            row("0001", "P2", MIDDLE, sex="?"),  # 3: «Пол» unreadable → dropped, row kept
            row("0009", "P3", WEAK),  # 4: unknown organisation
            row("0001", "P4", ["5", *GOOD[1:]]),  # 5: a score above the maximum (so the total 24 too)
            row("0002", "P1", GOOD),  # 6: another organisation's P1: not a repeat
            row("0001", "P1", WEAK),  # 7: repeats line 2
            row("edu220003", "P7", MIDDLE, total=13),  # 8: an alias of sch220003; total wrong
            row("0002", "P8", GOOD, mark=3),  # 9: mark against the scale
            row("0001", "P9", ["", *WEAK[1:]]),  # 10: a missing score
            row("0002", "P1", MIDDLE, sex="x"),  # 11: repeats line 6; «Пол» dropped
            row("0001", "P1", GOOD, variant="отсутствовал"),  # 12: absent, and repeats line 2
        ]
    )


def _parsed(monkeypatch: pytest.MonkeyPatch, part_rows: int) -> results_format.ParsedResults:
    monkeypatch.setattr(results_format, "PART_ROWS", part_rows)
    table = read_table(_file(), filename="f.csv", layouts=results_format.LAYOUTS)
    return parse_results(table, shape=SHAPE, org_codes=CODES)


@pytest.mark.parametrize("part_rows", [1, 2, 3, 4, 5])
def test_parts_give_what_the_whole_gives(monkeypatch: pytest.MonkeyPatch, part_rows: int) -> None:
    whole = _parsed(monkeypatch, 1_000)
    parts = _parsed(monkeypatch, part_rows)
    assert_frame_equal(parts.rows, whole.rows)
    assert_frame_equal(parts.problems, whole.problems)
    assert_frame_equal(parts.keys, whole.keys)
    assert parts.notices == whole.notices
    assert parts.aliases == whole.aliases == {"edu220003": 3}


def test_every_problem_is_found_across_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _parsed(monkeypatch, 2)
    # by hand, from the file's comments
    assert parsed.problems.select(ROW, "column").rows() == [
        (4, "Код ОО"),
        (5, "1"),
        (5, "Сумма баллов"),
        (7, "Код участника"),
        (8, "Сумма баллов"),
        (9, "Отметка"),
        (10, "1"),
        (11, "Код участника"),
        (12, "Код участника"),
    ]
    message = dict(parsed.problems.select(ROW, "message").rows())
    assert message[7] == "участник «P1» этой организации уже есть в строке 2"
    assert message[11] == "участник «P1» этой организации уже есть в строке 6"
    assert message[12] == "участник «P1» этой организации уже есть в строке 2"
    assert message[8] == "сумма баллов 13 не равна сумме баллов за задания 12"
    assert parsed.notices[-1].startswith("столбец «Пол»: в 2 стр. значение не распознано («?», «x»)")
    assert parsed.rows.get_column("org_id").to_list() == [1, 1, None, 1, 2, 1, 3, 2, 1, 2, 1]


@pytest.mark.django_db
def test_a_file_read_in_parts_quarantines_its_invalid_rows_whole(
    monkeypatch: pytest.MonkeyPatch, school_a, school_b, key
) -> None:
    """The quarantine reads the file again for the invalid rows: those of the parts and the
    repeats found only across parts, each with its row as written and its keys."""
    monkeypatch.setattr(results_format, "PART_ROWS", 4)
    rows = [row("0001", str(i), GOOD) for i in range(40)]
    rows[5] = row("0001", " 7 ", GOOD)  # line 7: repeats «7» (line 9), spaces kept as written
    rows[30] = row("0002", "x", GOOD, total=3)  # line 32: wrong total

    report = import_results(content=csv_bytes(rows), filename="big.csv", key=key, actor=None, quarantine=True)

    assert report.details["participants"] == 38
    kept = {q.row: q for q in QuarantineRow.objects.all()}
    assert sorted(kept) == [9, 32]  # the repeat is the later row
    assert kept[9].values["Код участника"] == "7"
    assert kept[9].errors == ["столбец «Код участника»: участник «7» этой организации уже есть в строке 7"]
    assert (kept[32].org_code, kept[32].participant_code) == ("0002", "x")
    assert kept[32].values["Сумма баллов"] == "3"
    assert sorted(results_frame(math4())["participant_code"].to_list()) == sorted(
        ["7", *(str(i) for i in range(40) if i not in (5, 7, 30))]
    )
