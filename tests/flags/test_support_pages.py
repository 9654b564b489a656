"""Direction 2 pages: the list with the scatter, a school's page, the register and its access.

Six schools of 20 pupils (ВПР МА4 2020/2021). Context from the registry: low-income share
10, 15, 20, 40, 50, 60 % and parents with higher education 60, 50, 40, 20, 15, 10 %, so 0006 has
the least favourable context. Results fall with the context (all «5», half «5», «4», half «4»,
mostly «2»), except 0006, where every pupil has «5»: far above the expectation.
"""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest
from django.urls import reverse

from msoko.assessments.services import ProcedureKey, import_results
from msoko.core.models import AuditAction, AuditEvent, Batch
from msoko.directions.low_results.models import ContextValue, SupportEntry
from msoko.flags.models import Flag
from msoko.pipeline.runs import recompute_now
from tests import factories
from tests.assessments.conftest import GOOD, MIDDLE, WEAK, csv_bytes, row

pytestmark = pytest.mark.django_db
YEAR = "2020/2021"
WORKS = {
    "0001": [GOOD] * 20,
    "0002": [GOOD] * 10 + [MIDDLE] * 10,
    "0003": [MIDDLE] * 20,
    "0004": [MIDDLE] * 10 + [WEAK] * 10,
    "0005": [WEAK] * 16 + [MIDDLE] * 4,
    "0006": [GOOD] * 20,
}
CONTEXT = {
    "0001": (10, 60),
    "0002": (15, 50),
    "0003": (20, 40),
    "0004": (40, 20),
    "0005": (50, 15),
    "0006": (60, 10),
}


@pytest.fixture
def computed(db, school_a):
    load_context_and_results()
    recompute_now(school_year=None, reason="тест")


def load_context_and_results() -> None:
    """The six schools above with their context and works (school 0001 must exist); also used
    by tests/web/test_warm_evidence.py."""
    from msoko.registry.models import Organization

    rows = []
    for code, scores in WORKS.items():
        low_income, higher = CONTEXT[code]
        if code == "0001":
            Organization.objects.filter(code=code).update(
                low_income_share=low_income, higher_education_parents_share=higher
            )
        else:
            factories.OrganizationFactory(
                code=code, low_income_share=low_income, higher_education_parents_share=higher
            )
        rows += [row(code, f"{code}-{i}", s) for i, s in enumerate(scores)]
    import_results(
        content=csv_bytes(rows),
        filename="vpr.csv",
        key=ProcedureKey("ВПР", "Математика", 4, YEAR),
        actor=None,
    )


def _school_url(code: str) -> str:
    return f"{reverse('low_results:school', args=[code])}?year={YEAR}"


def test_context_and_value_added_are_stored_per_school(computed):
    values = {v.organization.code: v for v in ContextValue.objects.select_related("organization")}

    assert set(values) == set(WORKS)
    assert values["0006"].context_index == min(v.context_index for v in values.values())
    assert values["0006"].value_added > 0 > values["0005"].value_added
    assert Flag.objects.filter(kind="adverse_conditions", organization__code="0006").exists()
    assert Flag.objects.filter(kind="resilient", organization__code="0006").exists()


def test_list_shows_the_scatter_and_every_school(client, specialist, computed):
    client.force_login(specialist)

    html = client.get(reverse("low_results:schools"), {"year": YEAR}).content.decode()

    assert "Результаты и социальный контекст" in html
    assert "<svg" in html
    for code in WORKS:
        assert _school_url(code).split("?")[0] in html
    assert "резильентная" in html


def test_list_downloads_as_xlsx(client, specialist, computed):
    client.force_login(specialist)

    response = client.get(reverse("low_results:schools"), {"year": YEAR, "format": "xlsx"})

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Код ОО", "Организация", "Индекс социального контекста", "Работ учащихся")
    assert [r[0] for r in rows[1:]] == sorted(WORKS)


def test_specialist_enters_a_school_in_the_register_with_a_mentor(client, specialist, computed):
    client.force_login(specialist)
    page = client.get(_school_url("0005")).content.decode()
    assert "Предлагаемые школы-наставники" in page

    response = client.post(
        reverse("low_results:confirm", args=["0005"]),
        {
            "year": YEAR,
            "order_number": "125-о",
            "order_date": "01.09.2020",
            "mentor": "0006",
            "programme": "Наставничество",
        },
    )

    assert response.status_code == 302
    entry = SupportEntry.objects.get()
    assert (entry.organization.code, entry.order_number, entry.mentor.code) == ("0005", "125-о", "0006")
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, summary__contains="Перечень ШНОР").exists()
    html = client.get(reverse("low_results:schools"), {"year": YEAR}).content.decode()
    assert "125-о" in html  # in the table and in the rating


def test_school_page_lists_its_teachers_diagnostics_weakest_first(client, specialist, computed):
    import datetime as dt

    from msoko.registry.models import Organization, TeacherCourse

    school = Organization.objects.get(code="0005")
    batch = Batch.objects.create(kind="courses")
    for code, result, date in (
        ("T1", 82, dt.date(2020, 10, 5)),
        ("T2", 41, dt.date(2021, 3, 1)),
        ("T3", 30, dt.date(2019, 5, 1)),
    ):
        TeacherCourse.objects.create(
            teacher_code=code,
            organization=school,
            kind="diagnostics",
            title="Диагностика по математике",
            date=date,
            result_percent=result,
            deficits="дроби" if result < 50 else "",
            batch=batch,
        )
    client.force_login(specialist)

    html = client.get(_school_url("0005")).content.decode()

    start = html.index('id="table-diagnostics"')
    table = html[start : html.index("</table>", start)]  # the table only (not the page's tokens)
    assert table.index('<td class="mono">T2</td>') < table.index('<td class="mono">T1</td>')  # 41 % first
    assert '<td class="mono">T3</td>' not in table  # May 2019 is another school year


def test_register_needs_an_order_number(client, specialist, computed):
    client.force_login(specialist)

    response = client.post(reverse("low_results:confirm", args=["0005"]), {"year": YEAR, "order_number": ""})

    assert response.status_code == 400
    assert not SupportEntry.objects.exists()


def test_school_user_sees_its_own_page_only(client, school_user, computed):
    client.force_login(school_user)

    response = client.get(reverse("low_results:schools"), {"year": YEAR})

    assert response["Location"] == _school_url("0001")
    own = client.get(_school_url("0001"))
    assert own.status_code == 200
    assert "Предлагаемые школы-наставники" not in own.content.decode()  # other schools' figures
    assert client.get(_school_url("0002")).status_code == 404
    assert (
        client.post(
            reverse("low_results:confirm", args=["0001"]), {"year": YEAR, "order_number": "1"}
        ).status_code
        == 403
    )


def test_a_region_adds_a_monitoring_share_to_the_context_index(computed, settings):
    from decimal import Decimal

    from msoko.core.models import Batch, SchoolYear
    from msoko.directions.low_results.compute import context_frame
    from msoko.indicators.models import MonitoringValue
    from msoko.registry.models import Organization

    year = SchoolYear.objects.get(name=YEAR)
    batch = Batch.objects.create(kind="monitoring")
    for code, share in (("0001", 40), ("0002", 5), ("0003", 5), ("0004", 5), ("0005", 5), ("0006", 5)):
        MonitoringValue.objects.create(
            organization=Organization.objects.get(code=code),
            indicator_code="context.single_parent_share",
            school_year=year,
            value=Decimal(share),
            batch=batch,
        )
    components = {"low_income_share": -1, "monitoring:context.single_parent_share": -1}

    frame = context_frame(year, components=components)

    assert frame.filter(pl.col("org_code") == "0001")["monitoring:context.single_parent_share"][0] == 40.0
    settings.MSOKO_CONTEXT_COMPONENTS = components
    recompute_now(school_year=None, reason="тест")
    values = {
        v.organization.code: v.context_index for v in ContextValue.objects.select_related("organization")
    }
    # 0001 has the lowest low-income share but by far the most single-parent families now
    assert values["0001"] < values["0002"]
