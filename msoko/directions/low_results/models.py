"""Direction 2's own records: each school's context and value added, and the ШНОР register."""

from __future__ import annotations

from django.db import models

from msoko.core.access import ScopedQuerySet


class ContextValue(models.Model):
    """A school's social context and its result against the expectation from it, per year
    (direction 2; docs/methodology.md#resilience). Replaced whole by each recompute."""

    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    context_index = models.FloatField("индекс социального контекста", null=True)
    pupils = models.PositiveIntegerField("работ учащихся", default=0)
    result = models.FloatField("результат", null=True)  # mean z of the pupils' works
    expected = models.FloatField("ожидаемый результат", null=True)
    value_added = models.FloatField("относительно ожидаемого", null=True)  # shrunk residual

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "flags_contextvalue"  # created by the flags app before the model moved here
        verbose_name = "контекст и результат школы"
        verbose_name_plural = "контекст и результаты школ"
        constraints = [
            models.UniqueConstraint(fields=["school_year", "organization"], name="unique_context_value")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.school_year_id}: {self.context_index}"


class SupportEntry(models.Model):
    """A school in the year's ШНОР register: entered by the criteria, confirmed by a specialist
    with the order, with its mentor school and programme of transition to effective work."""

    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    order_number = models.CharField("номер приказа", max_length=60)
    order_date = models.DateField("дата приказа", null=True, blank=True)
    mentor = models.ForeignKey(
        "registry.Organization",
        verbose_name="школа-наставник",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    programme = models.TextField("программа перехода в эффективный режим", blank=True)
    confirmed_by = models.ForeignKey(
        "core.User", verbose_name="кто подтвердил", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("подтверждено", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "flags_supportentry"  # created by the flags app before the model moved here
        verbose_name = "школа в перечне ШНОР"
        verbose_name_plural = "перечень ШНОР"
        constraints = [
            models.UniqueConstraint(fields=["school_year", "organization"], name="unique_support_entry")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.school_year_id}: приказ {self.order_number}"
