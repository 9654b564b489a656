"""The «Пересчёт показателей» page: recent recomputes with their state and progress."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.core.permissions import registry_managers_only
from msoko.pipeline.selectors import compute_run_list


@registry_managers_only
def compute_runs(request: HttpRequest) -> HttpResponse:
    context = {"runs": compute_run_list(limit=50)}
    template = "pipeline/_runs.html" if request.htmx else "pipeline/runs.html"
    return render(request, template, context)
