"""The what-if of a disputed flag on the worker: it re-evaluates the whole municipality (the
baselines move without the class), which takes seconds for a region, too long for a request."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_tasks import task

from msoko.directions.objectivity.models import FlagDispute, WhatIfState


@task()
def what_if_task(dispute_id: int) -> int:
    from msoko.directions.objectivity.services import finish_what_if

    dispute = FlagDispute.objects.select_related("organization", "school_year").filter(pk=dispute_id).first()
    if dispute is None:  # deleted meanwhile
        return 0
    return finish_what_if(dispute).what_if_level


def enqueue_what_if(dispute: FlagDispute) -> None:
    """Queue it with the dispute's own transaction (the worker's queue is a table: the row commits
    with the dispute, nothing is lost in between)."""
    if settings.MSOKO_TASKS == "database":
        what_if_task.enqueue(dispute.pk)
    else:
        transaction.on_commit(lambda: what_if_task.enqueue(dispute.pk))


__all__ = ["WhatIfState", "enqueue_what_if", "what_if_task"]
