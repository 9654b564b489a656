"""Indicator values reported by organisations (the `monitoring` format)."""

from __future__ import annotations

from django.db import models

from msoko.core.access import ScopedQuerySet


class MonitoringValue(models.Model):
    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="+")
    indicator_code = models.CharField("показатель", max_length=100)
    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField("значение", max_digits=14, decimal_places=4)
    batch = models.ForeignKey("assessments.Batch", on_delete=models.CASCADE, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "значение показателя (мониторинг)"
        verbose_name_plural = "значения показателей (мониторинг)"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "indicator_code", "school_year"], name="unique_monitoring_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} = {self.value}"
