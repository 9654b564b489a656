"""Which procedures the department took off the public page (everything else is published)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Unpublished(models.Model):
    """A procedure whose aggregates are not on the public page nor in `msoko export public`."""

    procedure = models.OneToOneField(
        "assessments.Procedure",
        verbose_name="процедура",
        on_delete=models.CASCADE,
        related_name="+",
    )
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто снял",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unpublished_at = models.DateTimeField("когда снята", default=timezone.now)
    reason = models.TextField("причина", blank=True)

    class Meta:
        verbose_name = "процедура, снятая с публикации"
        verbose_name_plural = "процедуры, снятые с публикации"

    def __str__(self) -> str:
        return f"Не публикуется: {self.procedure}"
