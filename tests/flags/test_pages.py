"""The risk list, the evidence page and a school's explanation with the what-if (conftest data)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from msoko.core.models import AuditAction, AuditEvent
from msoko.directions.objectivity.models import FlagDispute

pytestmark = pytest.mark.django_db
YEAR = "2020/2021"


def _evidence_url(code: str = "0001") -> str:
    return f"{reverse('objectivity:evidence', args=[code])}?year={YEAR}"


def test_risk_list_shows_the_flagged_school_with_its_level(client, specialist, flagged):
    client.force_login(specialist)

    html = client.get(reverse("objectivity:objectivity"), {"year": YEAR}).content.decode()

    assert "Признаки необъективных результатов" in html
    assert 'id="table-risk"' in html
    assert "2 — повышенный" in html
    assert "повысили отметку по журналу 60 % (12 из 20)" in html
    assert _evidence_url().replace("&", "&amp;") in html or _evidence_url() in html


def test_risk_list_downloads_the_flags_as_xlsx_and_audits(client, specialist, flagged):
    client.force_login(specialist)

    response = client.get(reverse("objectivity:objectivity"), {"year": YEAR, "format": "xlsx"})

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Код ОО", "Флаг", "Вид флага", "Уровень", "Основания")
    assert rows[1][:4] == ("0001", "unobjective", "Признаки необъективности", 2)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, summary__contains="флаги").exists()


def test_evidence_page_shows_reasons_marks_and_history(client, specialist, flagged):
    client.force_login(specialist)

    html = client.get(_evidence_url()).content.decode()

    assert "Отметки ВПР и журнала" in html
    assert "&lt; 0,000001" in html  # the p-value of a strong finding (escaped)
    assert "Сравнение отметок с отметками по журналу" in html
    assert "Распределение первичных баллов" in html  # the chart's title, in its SVG
    assert 'id="table-history"' in html


def test_school_user_is_taken_to_its_own_evidence_and_not_to_others(client, school_user, flagged):
    client.force_login(school_user)

    response = client.get(reverse("objectivity:objectivity"), {"year": YEAR})

    assert response.status_code == 302
    assert response["Location"] == _evidence_url("0001")
    assert client.get(_evidence_url("0001")).status_code == 200
    assert client.get(_evidence_url("0002")).status_code == 404
    assert "Записать объяснение" not in client.get(_evidence_url("0001")).content.decode()


def test_specialist_records_an_explanation_with_the_what_if(client, specialist, flagged):
    client.force_login(specialist)

    response = client.post(
        reverse("objectivity:dispute", args=["0001"]),
        {"year": YEAR, "explanation": "Класс 4А писал работу после болезни учителя.", "excluded_class": "4А"},
    )

    assert response.status_code == 302
    record = FlagDispute.objects.get()
    # the flag as it stood, and without 4А: 8 pupils are too few for any criterion
    assert (record.level, record.excluded_class, record.what_if_level) == (2, "4А", 0)
    assert record.reasons.startswith("ВПР МА4 2020/2021: повысили")
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, summary__contains="Объяснение школы").exists()
    html = client.get(_evidence_url()).content.decode()
    assert "Класс 4А писал работу после болезни учителя." in html
    assert "Без класса 4А:" in html


def test_explanation_without_text_is_refused(client, specialist, flagged):
    client.force_login(specialist)

    response = client.post(reverse("objectivity:dispute", args=["0001"]), {"year": YEAR, "explanation": ""})

    assert response.status_code == 400
    assert not FlagDispute.objects.exists()


def test_school_and_methodologist_cannot_record_explanations(client, school_user, methodologist, flagged):
    for user in (school_user, methodologist):
        client.force_login(user)
        response = client.post(
            reverse("objectivity:dispute", args=["0001"]), {"year": YEAR, "explanation": "x"}
        )
        assert response.status_code == 403
    assert not FlagDispute.objects.exists()


def test_risk_list_before_any_compute_says_what_to_do(client, specialist, db):
    client.force_login(specialist)

    html = client.get(reverse("objectivity:objectivity")).content.decode()

    assert "Признаки ещё не рассчитывались" in html


def test_school_pages_before_any_compute_say_so(client, specialist, school_a):
    client.force_login(specialist)

    for name in ("objectivity:evidence", "low_results:school"):
        response = client.get(reverse(name, args=["0001"]))
        assert response.status_code == 200
        assert "Показатели ещё не рассчитаны" in response.content.decode()


def test_risk_list_shows_the_index_the_run_stored(client, specialist, flagged):
    """The official index is computed once, with the run: four schools wrote the work, none
    is marked by the 2019 algorithm (equal works) → 100 − 0 % = 100."""
    from msoko.pipeline.models import ComputeRun

    client.force_login(specialist)

    response = client.get(reverse("objectivity:objectivity"), {"year": YEAR})

    run = ComputeRun.objects.get(status="done")
    assert run.details[YEAR]["objectivity.index"] == 100.0
    assert response.context["index"] == 100.0
    assert response.context["took_part"] == 4


def test_the_markers_column_counts_the_markers_listed(client, specialist, flagged):
    from msoko.core.models import SchoolYear
    from msoko.flags.models import Flag, FlagKind
    from msoko.registry.models import Organization

    # four markers: the flag's level is capped at 3, the column counts what it lists
    reasons = [f"маркер {n}" for n in range(1, 5)]
    Flag.objects.create(
        school_year=SchoolYear.objects.get(name=YEAR),
        organization=Organization.objects.get(code="0001"),
        kind=FlagKind.OFFICIAL_MARKERS,
        level=3,
        reasons=reasons,
    )
    client.force_login(specialist)

    html = client.get(reverse("objectivity:objectivity"), {"year": YEAR}).content.decode()

    table = html[html.index('id="table-official"') :]
    row = table[table.index("<tr>", table.index("<tbody>")) : table.index("</tr>", table.index("<tbody>"))]
    assert '<td class="num">4</td>' in row
    assert "маркер 4" in row


def test_the_risk_list_shows_a_generous_school_stage_of_the_olympiad(client, specialist, flagged):
    from msoko.assessments.services import import_olympiad
    from msoko.core.models import SchoolYear

    # 0001: ten school-stage winners in maths, none succeeds at the municipal stage; 0002: eight of
    # ten do (the same numbers as tests/analytics/test_olympiad_objectivity.py, two schools only:
    # 0001 against 8 of 10 → P = 0.2^10, flagged)
    lines = ["Этап;Предмет;Код ОО;Код участника;Класс;Баллы;Статус"]
    for org, prefix, good in (("0001", "G", 0), ("0002", "S", 8)):
        for i in range(10):
            lines.append(f"школьный;Математика;{org};{prefix}{i};9;50;победитель")
            status = "призёр" if i < good else "участник"
            lines.append(f"муниципальный;Математика;{org};{prefix}{i};9;30;{status}")
    import_olympiad(
        content=("\n".join(lines) + "\n").encode(),
        filename="o.csv",
        school_year=SchoolYear.objects.get(name=YEAR),
        actor=None,
    )
    client.force_login(specialist)

    html = client.get(reverse("objectivity:objectivity"), {"year": YEAR}).content.decode()

    table = html[html.index('id="table-olympiad"') :]
    body = table[: table.index("</table>")]
    assert "0001" in body
    assert "Математика" in body
    assert "0002" not in body
