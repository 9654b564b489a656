"""Corrected quarantined rows are loaded into the same batch (spec: quarantine)."""

from __future__ import annotations

import pytest

from msoko.assessments.models import ResultCoverage
from msoko.assessments.selectors import results_frame
from msoko.assessments.services import ProcedureKey, import_results
from msoko.cli import main
from msoko.core.imports import ImportRejected
from msoko.core.models import Batch, QuarantineRow
from tests.assessments.conftest import GOOD, MIDDLE, csv_bytes, math4, row

pytestmark = pytest.mark.django_db


def _quarantined_batch(key) -> Batch:
    rows = [row("0001", str(i), GOOD) for i in range(25)]
    rows += [row("0001", "bad", MIDDLE, total=99), row("0002", "only", GOOD, total=1)]
    import_results(
        content=csv_bytes(rows),
        filename="vpr.csv",
        key=key,
        actor=None,
        quarantine=True,
        max_invalid_share=0.10,
    )
    return Batch.objects.get()


def test_corrected_rows_join_the_batch_and_leave_the_quarantine(school_a, school_b, key, tmp_path, capsys):
    batch = _quarantined_batch(key)
    path = tmp_path / "fixed.csv"
    path.write_bytes(csv_bytes([row("0001", "bad", MIDDLE), row("0002", "only", GOOD)]))

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
            "--into-batch",
            str(batch.pk),
        ]
    )

    out = capsys.readouterr().out
    frame = results_frame(math4())
    assert code == 0
    assert f"Исправленные строки дозагружены в пакет №{batch.pk}: 2; в карантине осталось строк: 0." in out
    assert frame.height == 27
    assert not QuarantineRow.objects.filter(resolved=False).exists()
    coverage = dict(
        ResultCoverage.objects.filter(active=True).values_list("organization__code", "participants")
    )
    # 0002 had all its rows in quarantine: it is covered by the batch only now
    assert coverage == {"0001": 26, "0002": 1}


def test_rows_that_were_not_quarantined_are_refused(school_a, school_b, key):
    batch = _quarantined_batch(key)

    with pytest.raises(ImportRejected) as error:
        import_results(
            content=csv_bytes([row("0001", "3", GOOD)]),
            filename="x.csv",
            key=key,
            actor=None,
            into_batch=batch.pk,
        )

    assert [str(p) for p in error.value.problems] == [
        f"строка 2, столбец «Код участника»: участника «3» организации «0001» нет среди неисправленных строк "
        f"карантина пакета №{batch.pk}"
    ]
    assert results_frame(math4()).height == 25


def test_corrections_must_be_valid_themselves(school_a, school_b, key):
    batch = _quarantined_batch(key)

    with pytest.raises(ImportRejected) as error:
        import_results(
            content=csv_bytes([row("0001", "bad", MIDDLE, total=13)]),
            filename="x.csv",
            key=key,
            actor=None,
            into_batch=batch.pk,
        )

    assert "сумма баллов 13 не равна сумме баллов за задания 12" in str(error.value.problems[0])
    assert QuarantineRow.objects.filter(resolved=False).count() == 2


def test_corrections_for_another_procedure_are_refused(school_a, school_b, key):
    batch = _quarantined_batch(key)
    other = ProcedureKey("ВПР", "Математика", 5, "2020/2021")

    with pytest.raises(ImportRejected) as error:
        import_results(
            content=csv_bytes([row("0001", "bad", MIDDLE)]),
            filename="x.csv",
            key=other,
            actor=None,
            into_batch=batch.pk,
        )

    assert "относится к процедуре «ВПР, Математика, 4 класс, 2020/2021»" in error.value.problems[0].message


def test_a_school_cannot_open_a_batch_that_quarantines_another_schools_row(
    school_a, school_b, school_user, key
):
    from msoko.assessments.selectors import batch_list

    rows = [row("0001", str(i), GOOD) for i in range(25)] + [row("0002", "x", GOOD, total=1)]
    import_results(content=csv_bytes(rows), filename="vpr.csv", key=key, actor=None, quarantine=True)

    # the batch covers only school A, but its quarantine holds school B's row
    assert list(ResultCoverage.objects.values_list("organization__code", flat=True)) == ["0001"]
    assert not batch_list(user=school_user).exists()


def _correct(key, batch: Batch, rows):
    return import_results(
        content=csv_bytes(rows), filename="fixed.csv", key=key, actor=None, into_batch=batch.pk
    )


def test_another_schools_newer_upload_does_not_block_the_corrections(school_a, school_b, key):
    batch = _quarantined_batch(key)
    # 0002 loads its own results anew: only 0002's data of the batch are replaced
    import_results(content=csv_bytes([row("0002", "new", GOOD)]), filename="b.csv", key=key, actor=None)

    report = _correct(key, batch, [row("0001", "bad", MIDDLE)])

    assert report.details["corrected"] == 1
    coverage = dict(
        ResultCoverage.objects.filter(active=True).values_list("organization__code", "participants")
    )
    assert coverage == {"0001": 26, "0002": 1}  # 25 + the corrected one; 0002 keeps its newer file


def test_a_school_whose_results_were_replaced_cannot_take_corrections_into_the_old_batch(
    school_a, school_b, key
):
    batch = _quarantined_batch(key)
    # 0002 had all its rows quarantined; then it loaded a new file: its old row must not
    # supersede the newer results (a bug of the batch-wide check before)
    import_results(content=csv_bytes([row("0002", "new", MIDDLE)]), filename="b.csv", key=key, actor=None)

    with pytest.raises(ImportRejected) as error:
        _correct(key, batch, [row("0002", "only", GOOD)])

    message = error.value.problems[0].message
    assert "результаты организации «0002» в этой процедуре уже заменены более новой загрузкой" in message
    frame = results_frame(math4())
    assert frame.filter(frame["participant_code"] == "new").height == 1
    assert frame.filter(frame["participant_code"] == "only").height == 0


def test_a_school_replaced_in_the_batch_cannot_take_corrections(school_a, school_b, key):
    batch = _quarantined_batch(key)
    import_results(content=csv_bytes([row("0001", "new", GOOD)]), filename="a.csv", key=key, actor=None)

    with pytest.raises(ImportRejected) as error:
        _correct(key, batch, [row("0001", "bad", MIDDLE)])

    # 0001 was the batch's only school with results: the whole batch is history now
    assert (
        error.value.problems[0].message == f"результаты пакета №{batch.pk} уже заменены более новой загрузкой"
    )
