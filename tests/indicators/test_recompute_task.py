"""An import queues a recompute through the tasks API; its run is visible with its state."""

import pytest
from django.urls import reverse

from msoko.assessments.services import ProcedureKey, import_results
from msoko.core.imports import ImportRejected
from msoko.core.models import AuditEvent
from msoko.indicators.models import IndicatorValue
from msoko.pipeline.models import ComputeRun
from msoko.pipeline.tasks import suspended_recompute
from tests.assessments.conftest import GOOD, csv_bytes, row

pytestmark = pytest.mark.django_db
KEY = ProcedureKey("ВПР", "Математика", 4, "2020/2021")


def _import():
    return import_results(
        content=csv_bytes([row("0001", "1", GOOD)]), filename="vpr.csv", key=KEY, actor=None
    )


def test_an_import_recomputes_its_year_when_it_commits(school_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = _import()

    run = ComputeRun.objects.get()
    assert (run.status, run.school_year.name, run.progress) == ("done", "2020/2021", "готово")
    assert run.reason == f"загрузка №{report.record_id}: результаты ВПР, НИКО, РКР, МОП"
    assert IndicatorValue.objects.get(code="results.success_rate", org_code="0001").value == 100.0


def test_a_rejected_import_queues_nothing(school_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ImportRejected):
        import_results(content=b"broken", filename="vpr.csv", key=KEY, actor=None)

    assert not ComputeRun.objects.exists()


def test_bulk_loading_can_suspend_the_recompute(school_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), suspended_recompute():
        _import()

    assert not ComputeRun.objects.exists()


def test_runs_page_shows_the_state(client, specialist, school_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _import()
    client.force_login(specialist)

    page = client.get(reverse("pipeline:runs")).content.decode()

    assert "готово" in page
    assert "загрузка №" in page


def test_runs_page_is_for_the_department(client, school_user):
    client.force_login(school_user)

    assert client.get(reverse("pipeline:runs")).status_code == 403


def test_the_recompute_button_queues_a_run_of_every_year_and_audits_it(
    client, specialist, school_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _import()
    IndicatorValue.objects.all().delete()
    client.force_login(specialist)
    assert "Пересчитать" in client.get(reverse("pipeline:runs")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pipeline:recompute"))

    assert response.status_code == 302
    run = ComputeRun.objects.latest("pk")
    assert run.school_year is None  # every year
    assert run.reason == "кнопка «Пересчитать» (spec)"
    assert run.status == "done"
    assert IndicatorValue.objects.filter(code="results.success_rate", org_code="0001").exists()
    assert AuditEvent.objects.filter(summary=f"Запрошен пересчёт показателей №{run.pk}").exists()


def test_the_recompute_button_is_for_the_department_and_only_posts(client, specialist, school_user):
    client.force_login(school_user)
    assert client.post(reverse("pipeline:recompute")).status_code == 403
    client.force_login(specialist)
    assert client.get(reverse("pipeline:recompute")).status_code == 405
    assert not ComputeRun.objects.exists()
