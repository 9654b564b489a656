"""The «Пересчёт показателей» page (recent recomputes with their state and progress) and the
state of one run, which the page of an upload follows."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from msoko.core import audit
from msoko.core.audit import client_ip
from msoko.core.models import AuditAction
from msoko.core.permissions import login_required, registry_managers_only
from msoko.pipeline import selectors
from msoko.pipeline.tasks import schedule_recompute


@registry_managers_only
def compute_runs(request: HttpRequest) -> HttpResponse:
    context = {"runs": selectors.compute_run_list(limit=50)}
    template = "pipeline/_runs.html" if request.htmx else "pipeline/runs.html"
    return render(request, template, context)


@registry_managers_only
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    """«Пересчитать»: every year, on the worker; the runs page shows it going."""
    with transaction.atomic():
        run = schedule_recompute(school_year=None, reason=f"кнопка «Пересчитать» ({request.user.username})")
        if run is not None:
            audit.record(
                actor=request.user,
                action=AuditAction.UPDATE,
                summary=f"Запрошен пересчёт показателей №{run.pk}",
                obj=run,
                ip=client_ip(request),
            )
    messages.success(request, "Пересчёт поставлен в очередь: показатели обновятся, когда он закончится.")
    return redirect("pipeline:runs")


@login_required
def run_state(request: HttpRequest, pk: int) -> HttpResponse:
    """One run's state for a page that follows it (an upload's outcome): polled until it ends.

    Any logged-in user: a run holds the municipality's figures' state, no organisation's data.
    """
    run = selectors.run_state(pk)
    if run is None:
        raise Http404("Пересчёт не найден.")
    shown = run.merged_into if run.merged_into_id else run
    return render(request, "pipeline/_run_state.html", {"run": shown, "asked": run})
