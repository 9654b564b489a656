"""Schools' explanations of their objectivity flags (direction 5)."""

from __future__ import annotations

from django.db import models

from msoko.core.access import ScopedQuerySet
from msoko.flags.models import FlagKind


class WhatIfState(models.TextChoices):
    READY = "ready", "готово"
    PENDING = "pending", "считается"
    FAILED = "failed", "ошибка"


class FlagDispute(models.Model):
    """A school's explanation of a flag, recorded by a specialist with the what-if recomputed
    without one class; both stay on record whatever the flag becomes later."""

    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("флаг", max_length=30, choices=FlagKind.choices)
    level = models.PositiveSmallIntegerField("уровень флага при записи")
    reasons = models.TextField("основания флага при записи")
    explanation = models.TextField("объяснение школы")
    excluded_class = models.CharField("исключённый класс", max_length=20, blank=True)
    what_if_level = models.PositiveSmallIntegerField("уровень без класса", default=0)  # 0: no flag
    what_if_reasons = models.TextField("основания без класса", blank=True)
    #: a region's what-if re-evaluates the whole municipality (seconds): it runs on the worker
    what_if_state = models.CharField(
        "расчёт без класса", max_length=10, choices=WhatIfState.choices, default=WhatIfState.READY
    )
    recorded_by = models.ForeignKey(
        "core.User", verbose_name="кто записал", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("записано", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "flags_flagdispute"  # created by the flags app before the model moved here
        verbose_name = "объяснение школы по флагу"
        verbose_name_plural = "объяснения школ по флагам"
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind}: {self.explanation[:40]}"
