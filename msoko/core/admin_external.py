"""The admin of the libraries' models, in Russian like the rest of the admin.

axes (login attempts) words two of its columns in English («User Agent», «Status»); the
django-tasks-db queue is not a thing to edit by hand — its work is shown, in Russian, on the
page «Пересчёты» — so it leaves the admin. Field names stay the libraries' own: renaming them
would mean migrations of another project's tables.
"""

from __future__ import annotations

from typing import Any

import axes.admin as axes_admin  # registers its admins first, so they can be replaced here
import django_tasks_db.admin  # noqa: F401  (the same)
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django_tasks_db.models import DBTaskResult

admin.site.unregister(DBTaskResult)


def _russian(base: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """``base`` with its English columns replaced by Russian-titled ones."""

    class Russian(base):  # type: ignore[misc, valid-type]
        list_display = tuple(
            {"user_agent": "browser", "status": "attempt_status"}.get(name, name)
            for name in base.list_display
        )

        @admin.display(description="браузер (User-Agent)", ordering="user_agent")
        def browser(self, obj: Any) -> str:
            return obj.user_agent

        @admin.display(description="статус", ordering="status")
        def attempt_status(self, obj: Any) -> Any:
            return obj.status

    Russian.__name__ = base.__name__
    return Russian


for model, base in (
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, _russian(base))
