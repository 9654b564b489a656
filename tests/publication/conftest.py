"""A year of computed values: a ВПР with a small school, an ОГЭ and an ЕГЭ."""

from __future__ import annotations

import pytest

from msoko.assessments.models import Procedure
from msoko.indicators.models import IndicatorValue
from tests import factories

YEAR = "2024/2025"

# the hand-computed public table of the fixture (msoko export public --format csv):
# * ВПР: 0003 has 6 participants (< 10) and МО is shown, so the smallest school still shown,
#   0002 (24), is suppressed too; both keep their rows with the four numbers empty;
# * ОГЭ: Успеваемость = 100 − fail_rate (100 − 6,67 = 93,33), no Средний процент;
# * ЕГЭ: no Качество, Средний процент = the mean test score; the region's row is never shown
EXPECTED_CSV = (
    "\ufeffКод ОО;Наименование;Процедура;Предмет;Параллель;Участников;Успеваемость, %;Качество, %;"
    "Средний процент\n"
    "МО;Тестовый муниципальный округ;ВПР;Математика;5;60;85;50;61,25\n"
    "0001;МБОУ «Средняя школа № 1»;ВПР;Математика;5;30;90;56,67;65,5\n"
    "0002;МБОУ «Гимназия № 2»;ВПР;Математика;5;;;;\n"
    "0003;МБОУ «Школа № 3»;ВПР;Математика;5;;;;\n"
    "МО;Тестовый муниципальный округ;ОГЭ;Математика;;40;95;47,5;\n"
    "0001;МБОУ «Средняя школа № 1»;ОГЭ;Математика;;25;96;52;\n"
    "0002;МБОУ «Гимназия № 2»;ОГЭ;Математика;;15;93,33;40;\n"
    "МО;Тестовый муниципальный округ;ЕГЭ;Русский язык;;22;100;;71,5\n"
    "0001;МБОУ «Средняя школа № 1»;ЕГЭ;Русский язык;;12;100;;74,25\n"
    "0002;МБОУ «Гимназия № 2»;ЕГЭ;Русский язык;;10;100;;68,3\n"
)

#: (procedure, subject, grade) → org code → {code: value}
VALUES = {
    ("ВПР", "Математика", 5): {
        "МО": {"participants": 60, "success_rate": 85.0, "quality_rate": 50.0, "mean_percent": 61.25},
        "Регион": {"participants": 5000, "success_rate": 81.11, "quality_rate": 44.44, "mean_percent": 55.55},
        "0001": {"participants": 30, "success_rate": 90.0, "quality_rate": 56.666667, "mean_percent": 65.5},
        "0002": {"participants": 24, "success_rate": 83.33, "quality_rate": 45.83, "mean_percent": 58.1},
        "0003": {"participants": 6, "success_rate": 66.67, "quality_rate": 33.33, "mean_percent": 50.0},
    },
    ("ОГЭ", "Математика", None): {
        "МО": {"participants": 40, "fail_rate": 5.0, "quality_rate": 47.5},
        "0001": {"participants": 25, "fail_rate": 4.0, "quality_rate": 52.0},
        "0002": {"participants": 15, "fail_rate": 6.67, "quality_rate": 40.0},
    },
    ("ЕГЭ", "Русский язык", None): {
        "МО": {"participants": 22, "fail_rate": 0.0, "mean_test_score": 71.5},
        "0001": {"participants": 12, "fail_rate": 0.0, "mean_test_score": 74.25},
        "0002": {"participants": 10, "fail_rate": 0.0, "mean_test_score": 68.3},
    },
    # not a procedure of the public page
    ("ВсОШ-школьный", "Математика", None): {"0001": {"participants": 50}},
}


@pytest.fixture
def school_c(db):
    return factories.OrganizationFactory(code="0003", name="МБОУ «Школа № 3»")


@pytest.fixture
def public_data(school_a, school_b, school_c):
    year = factories.SchoolYearFactory(name=YEAR, start_year=2024)
    orgs = {o.code: o for o in (school_a, school_b, school_c)}
    procedures = {
        key: Procedure.objects.create(kind=key[0], subject=key[1], grade=key[2], school_year=year)
        for key in VALUES
    }
    rows = []
    for (kind, subject, grade), by_org in VALUES.items():
        family = "results" if kind in ("ВПР", "НИКО", "РКР", "МОП") else "gia"
        for org_code, values in by_org.items():
            rows += [
                IndicatorValue(
                    code=f"{family}.{name}",
                    organization=orgs.get(org_code),
                    org_code=org_code,
                    procedure=kind,
                    subject=subject,
                    grade=grade,
                    school_year=year,
                    value=value,
                )
                for name, value in values.items()
            ]
    # another code of the same table is not part of the public page
    rows.append(
        IndicatorValue(
            code="gia.high_score_rate", organization=school_a, org_code="0001", procedure="ЕГЭ",
            subject="Русский язык", school_year=year, value=33.0,
        )
    )  # fmt: skip
    IndicatorValue.objects.bulk_create(rows)
    return {"year": year, "procedures": procedures}
