"""Indicator values: reported by organisations (the `monitoring` format) and computed by the
recompute pipeline (`IndicatorValue`)."""

from __future__ import annotations

from django.db import models

from msoko.core.access import ScopedQuerySet


class MonitoringValue(models.Model):
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    indicator_code = models.CharField("показатель", max_length=100)
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField("значение", max_digits=14, decimal_places=4)
    batch = models.ForeignKey(
        "core.Batch", verbose_name="пакет загрузки", on_delete=models.CASCADE, related_name="+"
    )

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


class IndicatorValueQuerySet(ScopedQuerySet):
    organization_lookup = "organization"

    def visible_to(self, user):  # type: ignore[override]
        """Municipal values (no organisation) are everyone's; a school sees its own besides."""
        if user is not None and user.is_authenticated and user.is_active and not user.sees_all_organizations:
            return self.filter(
                models.Q(organization__isnull=True) | models.Q(organization_id=user.organization_id)
            )
        return super().visible_to(user)


class IndicatorValue(models.Model):
    """A computed value of a catalogue indicator (`msoko compute`), for a school or the municipality."""

    code = models.CharField("показатель", max_length=100)
    organization = models.ForeignKey(
        "registry.Organization",
        null=True,
        blank=True,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="+",
    )
    org_code = models.CharField("код ОО", max_length=40)  # «МО» for the municipality
    procedure = models.CharField("процедура", max_length=30, blank=True)
    subject = models.CharField("предмет", max_length=100, blank=True)
    grade = models.PositiveSmallIntegerField("параллель", null=True, blank=True)
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    value = models.FloatField("значение", null=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = "значение показателя"
        verbose_name_plural = "значения показателей"
        indexes = [models.Index(fields=["school_year", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.org_code} = {self.value}"
