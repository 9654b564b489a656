"""The background task of a recompute (the Django tasks API): what `msoko worker` runs."""

from __future__ import annotations

from django_tasks import task

from msoko.pipeline.models import ComputeRun
from msoko.pipeline.runs import run_recompute


@task()
def recompute_task(run_id: int) -> int:
    run = ComputeRun.objects.filter(pk=run_id).first()
    if run is None:  # the run was deleted with its school year; nothing to do
        return 0
    return run_recompute(run).values
