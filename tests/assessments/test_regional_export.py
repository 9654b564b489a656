"""A municipality loads the region's export (`--regional`): our rows stored, the others counted,
the region's figures computed over every valid row of the file (values worked out by hand)."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.assessments.models import ReferenceOrigin, ReferenceValue
from msoko.assessments.selectors import reference_frame, results_frame
from msoko.assessments.services import import_results
from msoko.assessments.services.reference import save_reference
from msoko.cli import main
from msoko.core.imports import ImportRejected
from msoko.core.imports.run import run_import
from msoko.core.models import QuarantineRow
from msoko.indicators.models import IndicatorValue
from tests.assessments.conftest import GOOD, MIDDLE, WEAK, csv_bytes, math4, row

pytestmark = pytest.mark.django_db
YEAR = "2020/2021"

# ours (0001, 0002 are in the registry):
#   0001/1 GOOD 20 «5», journal 4 → raised;  0001/2 MIDDLE 12 «4», journal 5 → lowered
#   0002/1 WEAK 5 «2», journal 4 → lowered
# other municipalities (9001, 9002 are not):
#   9001/1 GOOD «5», journal 5 → confirmed;   9001/2 MIDDLE «4», journal 4 → confirmed
#   9002/1 WEAK with a total of 7 ≠ 5 → invalid: counted, left out of the region
#   9002/2 MIDDLE «4», journal 3 → raised
OURS = [
    row("0001", "1", GOOD, journal=4),
    row("0001", "2", MIDDLE, journal=5),
    row("0002", "1", WEAK, journal=4),
]
THEIRS = [
    row("9001", "1", GOOD, journal=5),
    row("9001", "2", MIDDLE, journal=4),
    row("9002", "1", WEAK, total=7, mark=2),
    row("9002", "2", MIDDLE, journal=3),
]


def _load(key, rows=None, *, actor=None, quarantine=False):
    params = {
        "procedure": key.kind,
        "subject": key.subject,
        "grade": key.grade,
        "year": key.school_year,
        "regional": True,
        "quarantine": quarantine,
    }
    return run_import(
        "results",
        content=csv_bytes(rows if rows is not None else OURS + THEIRS),
        filename="region.csv",
        params=params,
        actor=actor,
    )


def _messages(error: ImportRejected) -> str:
    return " ".join(p.message for p in error.problems)


def _figures() -> dict[str, float]:
    return dict(
        ReferenceValue.objects.filter(scope="region", origin=ReferenceOrigin.FILE).values_list(
            "metric", "value"
        )
    )


def test_our_rows_are_stored_and_the_others_counted_not_rejected(school_a, school_b, key):
    report = _load(key)

    frame = results_frame(math4())
    assert frame.height == 3  # only ours; the invalid row of 9002 is not ours to quarantine
    assert QuarantineRow.objects.count() == 0
    text = " ".join(report.summary).lower()
    assert "строк других муниципалитетов: 4, организаций: 2" in text
    assert "с ошибками 1" in text
    assert report.details["other_rows"] == 4
    assert report.rows == 3  # the file's rows of ours


def test_region_figures_are_computed_over_every_valid_row(school_a, school_b, key):
    _load(key)

    figures = _figures()
    # six participants: marks 5, 4, 2, 5, 4, 4 (the invalid 9002/1 is left out)
    assert figures["results.participants"] == 6
    assert figures["p2"] == pytest.approx(16.67)  # 1/6
    assert figures["p3"] == 0
    assert figures["p4"] == pytest.approx(50.0)  # 3/6
    assert figures["p5"] == pytest.approx(33.33)  # 2/6
    assert figures["results.success_rate"] == pytest.approx(83.33)  # 5/6
    assert figures["results.quality_rate"] == pytest.approx(83.33)
    assert figures["results.mean_percent"] == pytest.approx(67.5)  # (20+12+5+20+12+12)/6 = 13.5 of 20
    assert figures["results.marks_lowered"] == pytest.approx(33.33)  # 0001/2, 0002/1
    assert figures["results.marks_confirmed"] == pytest.approx(33.33)  # 9001/1, 9001/2
    assert figures["results.marks_raised"] == pytest.approx(33.33)  # 0001/1, 9002/2
    # task «1» (max 1): every one scored 1 → 100; «3» (max 2): 2+1+1+2+1+1 = 8 of 12
    assert figures["task:1"] == 100
    assert figures["task:3"] == pytest.approx(66.67)
    assert figures["task:12"] == pytest.approx(58.33)  # 2+1+0+2+1+1 = 7 of 12


def test_without_the_option_an_unknown_organisation_stays_an_error(school_a, school_b, key):
    with pytest.raises(ImportRejected) as error:
        import_results(content=csv_bytes(OURS + THEIRS), filename="region.csv", key=key, actor=None)

    assert "организация с кодом «9001» не найдена в реестре" in _messages(error.value)
    assert not ReferenceValue.objects.exists()


def test_the_share_of_invalid_rows_counts_our_rows_only(school_a, school_b, key):
    # strict mode and one broken row of another municipality: accepted
    _load(key)
    assert results_frame(math4()).height == 3

    # one of our four rows broken (25 %) with quarantine up to 5 %: rejected although the file
    # has 8 rows (1 of 8 would be 12.5 %, also above; 1 of 20 with the others would pass)
    broken = [*OURS, row("0002", "2", WEAK, total=9, mark=2)]
    many_others = [row(f"9{n:03d}", "1", GOOD, journal=5) for n in range(30)]
    with pytest.raises(ImportRejected) as error:
        _load(key, broken + many_others, quarantine=True)
    assert "ошибочных строк 1 из 4 (25.0%)" in _messages(error.value)


def test_our_invalid_rows_go_to_the_quarantine_and_out_of_the_region(school_a, school_b, key):
    broken = row("0002", "2", WEAK, total=9, mark=2)
    ours = [*OURS, *[row("0001", str(n), MIDDLE, journal=4) for n in range(10, 30)], broken]
    _load(key, ours + THEIRS, quarantine=True)

    assert QuarantineRow.objects.count() == 1
    assert QuarantineRow.objects.get().org_code == "0002"
    assert _figures()["results.participants"] == 3 + 20 + 3


def test_a_file_with_none_of_our_organisations_is_rejected(school_a, key):
    with pytest.raises(ImportRejected) as error:
        _load(key, THEIRS)

    assert "нет ни одной организации из реестра" in _messages(error.value)


def test_a_second_regional_file_replaces_the_figures(school_a, school_b, key):
    _load(key)
    _load(key, [*OURS, row("9001", "1", WEAK, journal=2)])

    figures = _figures()
    assert figures["results.participants"] == 4  # 3 ours + 1 other
    assert figures["p2"] == 50  # WEAK of 0002 and of 9001


def test_entered_official_figures_take_precedence_and_survive_a_regional_file(
    school_a, school_b, key, specialist
):
    _load(key)
    procedure = math4()
    save_reference(procedure=procedure, values={"region": {"p2": 11.0}}, actor=specialist)
    _load(key)  # a later regional file leaves the entered figure alone

    frame = reference_frame(procedure)
    region = {m: (v, o) for s, m, v, o in frame.iter_rows() if s == "region"}
    assert region["p2"] == (11.0, "entered")
    assert region["p4"] == (50.0, "file")
    entered = reference_frame(procedure, entered_only=True)
    assert entered.select("metric", "value").rows() == [("p2", 11.0)]


def test_a_school_user_cannot_load_a_regional_file(school_a, school_user, key):
    with pytest.raises(ImportRejected) as error:
        _load(key, [OURS[0]], actor=school_user)

    assert "загружает только отдел образования" in _messages(error.value)


def test_compute_and_export_give_region_rows(school_a, school_b, key, tmp_path, capsys):
    path = tmp_path / "region.csv"
    path.write_bytes(csv_bytes(OURS + THEIRS))
    args = ["import", "results", str(path), "--procedure", "ВПР", "--subject", "Математика"]
    assert main([*args, "--grade", "4", "--year", YEAR, "--regional"]) == 0
    assert "строк других муниципалитетов: 4, организаций: 2" in capsys.readouterr().out.lower()
    assert main(["compute", "--year", YEAR]) == 0

    out = tmp_path / "indicators.csv"
    assert main(["export", "indicators", "--year", YEAR, "-o", str(out)]) == 0
    frame = pl.read_csv(out, separator=";", infer_schema=False)
    region = frame.filter(pl.col("Код ОО") == "Регион")
    values = {
        code: float(value.replace(",", "."))
        for code, value in region.select("Показатель", "Значение").iter_rows()
    }
    assert values["results.success_rate"] == pytest.approx(83.33)
    assert values["results.participants"] == 6
    assert region["Процедура"].unique().to_list() == ["ВПР"]
    # the municipality's line is ours only: 2 of 3 with «3»–«5»
    municipal = frame.filter(pl.col("Код ОО") == "МО", pl.col("Показатель") == "results.success_rate")
    assert float(municipal["Значение"].item().replace(",", ".")) == pytest.approx(66.67)
    # «МО» first, «Регион» next, then the schools
    assert frame["Код ОО"].unique(maintain_order=True).to_list()[:3] == ["МО", "Регион", "0001"]
    assert IndicatorValue.objects.filter(org_code="Регион", organization__isnull=True).exists()
