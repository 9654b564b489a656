"""Flags of a school for a school year and the criterion results behind them: shared by every
direction that flags schools, read by the management cycle."""

from __future__ import annotations

from django.db import models

from msoko.core.access import ScopedQuerySet


class FlagKind(models.TextChoices):
    LOW_RESULTS = "low_results", "Низкие результаты (ШНОР)"
    ADVERSE_CONDITIONS = "adverse_conditions", "Неблагоприятные условия (ШФНСУ)"
    UNOBJECTIVE = "unobjective", "Признаки необъективности"
    RESILIENT = "resilient", "Резильентная школа"
    OFFICIAL_MARKERS = "official_markers", "Маркеры необъективности (методика 2019)"


class Flag(models.Model):
    """One kind of flag on one school for one school year; replaced whole by each recompute."""

    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField("флаг", max_length=30, choices=FlagKind.choices)
    level = models.PositiveSmallIntegerField("уровень")  # 1 watch … 3 high risk
    #: one sentence per reason, strongest first; joined with «; » only when exported
    reasons = models.JSONField("основания", default=list)
    computed_at = models.DateTimeField("вычислен", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "флаг"
        verbose_name_plural = "флаги"
        ordering = ["-level", "organization__code"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "organization", "kind"], name="unique_flag"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=3), name="flag_level_1_3"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.level}"

    @property
    def reasons_text(self) -> str:
        return "; ".join(self.reasons)


class CriterionResult(models.Model):
    """What one criterion found for one school (or class) and scope, fired or not."""

    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("флаг", max_length=30, choices=FlagKind.choices)
    criterion = models.CharField("критерий", max_length=40)
    scope = models.CharField("работа", max_length=120)
    class_name = models.CharField("класс", max_length=20, blank=True)
    n = models.PositiveIntegerField("участников")
    observed = models.FloatField("наблюдаемое", null=True)
    expected = models.FloatField("ожидаемое", null=True)
    p_value = models.FloatField("p-значение", null=True)
    evaluated = models.BooleanField("оценено")
    fired = models.BooleanField("сработал")
    strong = models.BooleanField("сильный")
    reason = models.TextField("основание")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "результат критерия"
        verbose_name_plural = "результаты критериев"
        indexes = [models.Index(fields=["school_year", "organization", "kind"])]

    def __str__(self) -> str:
        return self.reason
