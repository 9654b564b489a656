"""The «Пересчёт показателей» page (recent recomputes with their state and progress) and the
state of one run, which the page of an upload follows."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.core.permissions import login_required, registry_managers_only
from msoko.pipeline import selectors


@registry_managers_only
def compute_runs(request: HttpRequest) -> HttpResponse:
    context = {"runs": selectors.compute_run_list(limit=50)}
    template = "pipeline/_runs.html" if request.htmx else "pipeline/runs.html"
    return render(request, template, context)


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
