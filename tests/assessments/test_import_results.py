"""Import of `results` (spec/data-formats.md): every validation rule, quarantine, replacement."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.assessments.models import ResultCoverage, ResultData
from msoko.assessments.selectors import results_frame
from msoko.assessments.services import import_results
from msoko.cli import main
from msoko.core.imports import ImportRejected
from msoko.core.models import AuditAction, AuditEvent, Batch, ImportRecord, QuarantineRow
from msoko.registry.models import OrganizationAlias
from tests.assessments.conftest import GOOD, HEADER, LABELS, MIDDLE, WEAK, csv_bytes, math4, row, xlsx_bytes
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _import(content: bytes, key, *, filename: str = "vpr.csv", **kwargs):
    return import_results(content=content, filename=filename, key=key, actor=None, **kwargs)


def _state() -> tuple[int, int, int]:
    return (
        ResultData.objects.count(),
        ResultCoverage.objects.filter(active=True).count(),
        QuarantineRow.objects.count(),
    )


def test_valid_file_is_stored_and_read_back_as_one_frame(school_a, school_b, key):
    content = csv_bytes(
        [
            row("0001", "40001", GOOD),
            row("0001", "40002", MIDDLE, journal=5, sex="ж"),
            row("0002", "40001", WEAK, cls="4 б", journal="нет отметки"),
        ]
    )

    report = _import(content, key)

    frame = results_frame(math4())
    assert report.details["participants"] == 3
    assert report.details["organizations"] == 2
    assert frame.select("class_name", "participant_code", "total", "mark", "journal_mark", "sex").rows() == [
        ("4А", "40001", 20, 5, 4, "М"),
        ("4А", "40002", 12, 4, 5, "Ж"),
        ("4Б", "40001", 5, 2, None, "М"),
    ]
    assert frame["scores"][0] == "1,1,2,1,1,1,1,1,1,2,1,1,2,2,2"


def test_not_attempted_and_not_taught_tokens(school_a, key):
    scores = ["X", "х", "H", "Н", "не пройд.", "1,0", 1, 1, 1, 2, 1, 1, 2, 2, 2]
    _import(csv_bytes([row("0001", "40001", scores, total=None, mark=None)]), key)

    frame = results_frame(math4())

    # X/Х/H/Н count 0, «не пройд.» counts 0 in the total and is stored apart, «1,0» is 1
    assert frame["scores"][0] == "X,X,X,X,N,1,1,1,1,2,1,1,2,2,2"
    assert (frame["total"][0], frame["mark"][0]) == (14, 4)  # 1 + 1+1+1+2+1+1+2+2+2


@pytest.mark.parametrize(
    ("_case", "rows", "header", "expected"),
    [
        (
            "required_header_missing",
            [["0001", "4А", *GOOD]],
            ["Код ОО", "Класс", *LABELS],
            "строка 1, столбец «Код участника»: не найден обязательный столбец «Код участника»",
        ),
        (
            "task_column_missing",
            [row("0001", "1", GOOD)[:-5]],
            HEADER[:4] + LABELS[:-1] + HEADER[-4:],
            "строка 1, столбец «12»: не найден столбец задания «12»",
        ),
        (
            "required_cell_empty",
            [row("", "1", GOOD)],
            HEADER,
            "строка 2, столбец «Код ОО»: не заполнена обязательная ячейка",
        ),
        (
            "score_above_max",
            [row("0001", "1", [3, *GOOD[1:]], total=None, mark=None)],
            HEADER,
            "строка 2, столбец «1»: ожидается балл от 0 до 1, «X» (не приступал) или «не пройд.», получено «3»",
        ),
        (
            "score_not_a_number",
            [row("0001", "1", ["два", *GOOD[1:]], total=None, mark=None)],
            HEADER,
            "строка 2, столбец «1»: ожидается балл от 0 до 1, «X» (не приступал) или «не пройд.», получено «два»",
        ),
        (
            "task_cell_empty",
            [row("0001", "1", [None, *GOOD[1:]], total=None, mark=None)],
            HEADER,
            "строка 2, столбец «1»: не заполнен балл за задание",
        ),
        (
            "sum_contradicts",
            [row("0001", "1", GOOD, total=19)],
            HEADER,
            "строка 2, столбец «Сумма баллов»: сумма баллов 19 не равна сумме баллов за задания 20",
        ),
        (
            "sum_above_max",
            [row("0001", "1", GOOD, total=21)],
            HEADER,
            "строка 2, столбец «Сумма баллов»: ожидается целое число от 0 до 20, получено «21»",
        ),
        (
            "mark_contradicts_scale",
            [row("0001", "1", GOOD, mark=4)],
            HEADER,
            "строка 2, столбец «Отметка»: отметка «4» не соответствует шкале: за 20 баллов полагается «5»",
        ),
        (
            "mark_outside_2_5",
            [row("0001", "1", GOOD, journal=6)],
            HEADER,
            "строка 2, столбец «Отметка по журналу»: ожидается отметка от 2 до 5, получено «6»",
        ),
        (
            "unknown_organization",
            [row("9999", "1", GOOD)],
            HEADER,
            "строка 2, столбец «Код ОО»: организация с кодом «9999» не найдена в реестре",
        ),
        (
            "participant_twice",
            [row("0001", "7", GOOD), row("0001", "7", MIDDLE)],
            HEADER,
            "строка 3, столбец «Код участника»: участник «7» этой организации уже есть в строке 2",
        ),
        (
            "bad_class_name",
            [row("0001", "1", GOOD, cls="12А")],
            HEADER,
            "строка 2, столбец «Класс»: ожидается класс: параллель от 1 до 11 и необязательная буква (5А, 11, 9 Б), "
            "получено «12А»",
        ),
        (
            "formula_in_text",
            [row("0001", "=1+1", GOOD)],
            HEADER,
            "строка 2, столбец «Код участника»: код не может начинаться с «=» (похоже на формулу)",
        ),
    ],
)
def test_each_rule_rejects_the_file_with_exit_1_and_writes_nothing(
    _case, rows, header, expected, school_a, key, tmp_path, capsys
):
    path = tmp_path / "vpr.csv"
    path.write_bytes(csv_bytes(rows, header=header))
    before = (_state(), Batch.objects.count())

    code = main(
        [
            "import",
            "results",
            str(path),
            "--procedure",
            "ВПР",
            "--subject",
            "Математика",
            "--grade",
            "4",
            "--year",
            "2020/2021",
        ]
    )

    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert expected in err
    assert (_state(), Batch.objects.count()) == before
    assert ImportRecord.objects.get().status == "rejected"


def test_empty_file_is_rejected(school_a, key):
    with pytest.raises(ImportRejected) as error:
        _import(b"", key)

    assert str(error.value.problems[0]) == "файл: файл пуст"


def test_missing_scheme_is_rejected_with_advice(school_a):
    from msoko.assessments.services import ProcedureKey

    with pytest.raises(ImportRejected) as error:
        _import(csv_bytes([row("0001", "1", GOOD)]), ProcedureKey("ВПР", "Химия", 8, "2024/2025"))

    assert "нет описания работы «ВПР, Химия, 8 класс, 2024/2025»" in str(error.value.problems[0])


def test_usage_errors_exit_2(tmp_path):
    path = tmp_path / "vpr.csv"
    path.write_bytes(b"x")
    base = ["import", "results", str(path), "--subject", "Математика", "--grade", "4", "--year", "2020/2021"]

    with pytest.raises(SystemExit) as no_procedure:
        main(base)
    with pytest.raises(SystemExit) as bad_procedure:
        main([*base, "--procedure", "ЕГЭ"])

    assert (no_procedure.value.code, bad_procedure.value.code) == (2, 2)
    assert main([*base[:-1], "2020", "--procedure", "ВПР"]) == 2


@pytest.mark.parametrize(
    ("_case", "content", "filename"),
    [
        ("cp1251_comma", csv_bytes([row("0001", "1", GOOD)], sep=",", encoding="cp1251"), "vpr.csv"),
        ("utf8_bom_semicolon", b"\xef\xbb\xbf" + csv_bytes([row("0001", "1", GOOD)]), "vpr.csv"),
        ("xlsx_with_title_rows", xlsx_bytes([row("0001", "1", GOOD)], title_rows=3), "vpr.xlsx"),
        (
            "csv_with_title_row",
            csv_bytes([row("0001", "1", GOOD)], title="ВПР 2021, математика 4"),
            "vpr.csv",
        ),
    ],
)
def test_both_containers_and_encodings(_case, content, filename, school_a, key):
    report = _import(content, key, filename=filename)

    assert report.details["participants"] == 1
    assert results_frame(math4())["total"].to_list() == [20]


def test_xlsx_errors_name_the_sheet_row(school_a, key):
    content = xlsx_bytes([row("0001", "1", GOOD), row("0001", "2", GOOD, total=3)], title_rows=2)

    with pytest.raises(ImportRejected) as error:
        _import(content, key, filename="vpr.xlsx")

    # two title rows, the header on row 3, the bad row on sheet row 5
    assert [str(p) for p in error.value.problems] == [
        "строка 5, столбец «Сумма баллов»: сумма баллов 3 не равна сумме баллов за задания 20"
    ]


def test_reimport_replaces_only_the_organisations_in_the_new_file(school_a, school_b, key):
    _import(csv_bytes([row("0001", "1", GOOD), row("0001", "2", GOOD), row("0002", "1", WEAK)]), key)

    report = _import(csv_bytes([row("0001", "1", MIDDLE)]), key)

    frame = results_frame(math4())
    assert report.details["replaced"] == 2
    assert "Заменены прежние результаты этих организаций: участников 2." in report.lines()
    assert sorted(frame.select("participant_code", "total").rows()) == [("1", 5), ("1", 12)]
    assert ResultCoverage.objects.filter(active=True).count() == 2


def test_replacing_every_organisation_drops_the_old_block(school_a, key):
    _import(csv_bytes([row("0001", "1", GOOD)]), key)
    _import(csv_bytes([row("0001", "1", WEAK)]), key)

    assert ResultData.objects.count() == 1
    assert results_frame(math4())["total"].to_list() == [5]


def test_quarantine_loads_valid_rows_and_keeps_invalid_ones_whole(school_a, key):
    rows = [row("0001", str(i), GOOD) for i in range(30)] + [row("0001", "bad", GOOD, total=7)]

    report = _import(csv_bytes(rows), key, quarantine=True)

    kept = QuarantineRow.objects.get()
    assert report.details["participants"] == 30
    assert report.details["quarantined"] == 1
    assert kept.row == 32
    assert kept.values["Код участника"] == "bad"
    assert kept.errors == ["столбец «Сумма баллов»: сумма баллов 7 не равна сумме баллов за задания 20"]


def test_quarantine_refuses_a_file_with_too_many_invalid_rows(school_a, key):
    rows = [row("0001", str(i), GOOD) for i in range(10)] + [row("0001", "bad", GOOD, total=7)]

    with pytest.raises(ImportRejected) as error:
        _import(csv_bytes(rows), key, quarantine=True)

    assert "ошибочных строк 1 из 11 (9.1%)" in error.value.problems[0].message
    assert _state() == (0, 0, 0)


def test_quarantine_share_is_a_setting(school_a, key):
    rows = [row("0001", str(i), GOOD) for i in range(10)] + [row("0001", "bad", GOOD, total=7)]

    report = _import(csv_bytes(rows), key, quarantine=True, max_invalid_share=0.10)

    assert report.details["quarantined"] == 1


def test_fis_oko_logins_of_one_school_become_aliases(key):
    OrganizationFactory(code="sch223017")
    content = csv_bytes([row("edu223017", "1", GOOD)])

    report = _import(content, key)

    assert OrganizationAlias.objects.get(code="edu223017").organization.code == "sch223017"
    assert "логин «edu223017» принят как другой код той же организации" in report.notices


def test_import_is_recorded_and_audited(school_a, key, specialist):
    content = csv_bytes([row("0001", "1", GOOD)])

    report = import_results(content=content, filename="vpr.csv", key=key, actor=specialist)

    record = ImportRecord.objects.get(pk=report.record_id)
    assert (record.kind, record.status, record.actor, record.rows) == ("results", "accepted", specialist, 1)
    assert Batch.objects.get().import_record == record
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, actor=specialist).exists()


def test_absent_participants_are_kept_without_scores(school_a, key):
    absent = ["0001", "4А", "40002", "отсутствовал", *[None] * 15, None, None, None, "ж"]

    _import(csv_bytes([row("0001", "40001", GOOD), absent]), key)

    frame = results_frame(math4()).sort("participant_code")
    assert frame.select("absent", "total").rows() == [(False, 20), (True, None)]
    assert ResultCoverage.objects.get().absent == 1


def test_results_frame_is_scoped_to_the_viewer(school_a, school_b, school_user, key):
    _import(csv_bytes([row("0001", "1", GOOD), row("0002", "1", WEAK)]), key)

    frame = results_frame(math4(), viewer=school_user)

    assert frame["org_id"].unique().to_list() == [school_a.pk]
    assert isinstance(frame, pl.DataFrame)


def test_sex_written_as_girl_or_boy_is_read(school_a, key):
    content = csv_bytes(
        [
            row("0001", "1", GOOD, sex="д"),
            row("0001", "2", GOOD, sex="Девочка"),
            row("0001", "3", GOOD, sex="мальчик"),
        ]
    )

    _import(content, key)

    frame = results_frame(math4()).sort("participant_code")
    assert frame["sex"].to_list() == ["Ж", "Ж", "М"]


def test_an_unreadable_auxiliary_value_is_dropped_with_a_notice_and_the_row_kept(school_a, key):
    content = csv_bytes(
        [
            row("0001", "1", GOOD, sex="?"),
            row("0001", "2", GOOD, sex="x"),
            row("0001", "3", GOOD, variant="=HYPERLINK(1)"),  # a formula is dropped like any unreadable value
            row("0001", "4", GOOD),
        ]
    )

    report = _import(content, key)

    frame = results_frame(math4()).sort("participant_code")
    assert frame.height == 4  # nothing quarantined, nothing rejected
    assert not QuarantineRow.objects.exists()
    assert frame["sex"].to_list() == ["", "", "М", "М"]
    assert frame["variant"].to_list() == ["1", "1", "", "1"]
    assert "столбец «Пол»: в 2 стр. значение не распознано («?», «x») и пропущено; строки загружены" in (
        report.notices
    )
    assert any(n.startswith("столбец «Вариант»: в 1 стр. значение не распознано") for n in report.notices)


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("Матиматика", "Возможно, вы имели в виду «Математика»?"),
        ("математика ", "Возможно, вы имели в виду «Математика»?"),
        ("Руский язык", "Возможно, вы имели в виду «Русский язык»?"),
        ("Физика", None),  # nothing close: no guess
    ],
)
def test_an_unknown_subject_suggests_the_close_one(school_a, typed, hint):
    from msoko.assessments.services import ProcedureKey

    key = ProcedureKey("ВПР", typed, 4, "2020/2021")
    with pytest.raises(ImportRejected) as error:
        _import(csv_bytes([row("0001", "40001", GOOD)]), key)

    message = error.value.problems[0].message
    assert message.startswith(f"нет описания работы «ВПР, {typed}")
    if hint:
        assert message.endswith(hint)
    else:
        assert "Возможно" not in message


def test_a_rejected_file_leaves_no_school_year_procedure_or_scheme(school_a, key):
    from msoko.assessments.models import Procedure, Scheme
    from msoko.core.models import SchoolYear

    # migrate stores the built-in schemes; without them, reading a file must write nothing
    Procedure.objects.all().delete()
    SchoolYear.objects.all().delete()
    with pytest.raises(ImportRejected):
        _import(csv_bytes([row("0001", "40001", GOOD, total=3)]), key)  # the built-in МА4 2020/2021

    assert not SchoolYear.objects.exists()
    assert not Procedure.objects.exists()
    assert not Scheme.objects.exists()

    _import(csv_bytes([row("0001", "40001", GOOD)]), key)  # accepted: the built-in scheme is saved
    assert Scheme.objects.get().builtin


def test_results_come_sorted_by_school_class_and_code_for_every_viewer(
    school_a, school_b, key, specialist, school_user
):
    # written out of order; school_b was created after school_a, so its id is the larger
    rows = [
        row("0002", "40002", GOOD, cls="4 б"),
        row("0001", "40003", WEAK, cls="4 б"),
        row("0002", "40001", MIDDLE, cls="4А"),
        row("0001", "40002", GOOD),
        row("0001", "40001", MIDDLE),
    ]
    _import(csv_bytes(rows), key)
    expected = [
        ("0001", "4А", "40001"),
        ("0001", "4А", "40002"),
        ("0001", "4Б", "40003"),
        ("0002", "4А", "40001"),
        ("0002", "4Б", "40002"),
    ]
    codes = {school_a.pk: "0001", school_b.pk: "0002"}

    def order(viewer) -> list[tuple[str, str, str]]:
        frame = results_frame(math4(), viewer=viewer)
        return [
            (codes[o], c, p) for o, c, p in frame.select("org_id", "class_name", "participant_code").rows()
        ]

    assert order(None) == expected
    assert order(specialist) == expected  # sees every school: no semi-join, the same order
    assert order(school_user) == expected[:3]  # its own school only
    # school_b's results replaced by a later file: the semi-join path keeps the order
    _import(csv_bytes([row("0002", "40009", WEAK, cls="4А"), row("0002", "40008", GOOD, cls="4А")]), key)
    assert order(specialist) == [*expected[:3], ("0002", "4А", "40008"), ("0002", "4А", "40009")]
