"""Flags of a school for a school year, the findings behind them, and disputes of a flag."""

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

    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField("флаг", max_length=30, choices=FlagKind.choices)
    level = models.PositiveSmallIntegerField("уровень")  # 1 watch … 3 high risk
    reasons = models.TextField("основания")
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
    def reasons_list(self) -> list[str]:
        return [r for r in self.reasons.split("; ") if r]


class Finding(models.Model):
    """What one criterion found for one school (or class) and scope, fired or not."""

    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("флаг", max_length=30, choices=FlagKind.choices)
    criterion = models.CharField("критерий", max_length=40)
    scope = models.CharField("работа", max_length=120)
    class_name = models.CharField("класс", max_length=20, blank=True)
    n = models.PositiveIntegerField("участников")
    observed = models.FloatField("наблюдаемое", null=True)
    expected = models.FloatField("ожидаемое", null=True)
    p_value = models.FloatField("p", null=True)
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


class FlagDispute(models.Model):
    """A school's explanation of a flag, recorded by a specialist with the what-if recomputed
    without one class; both stay on record whatever the flag becomes later."""

    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("флаг", max_length=30, choices=FlagKind.choices)
    level = models.PositiveSmallIntegerField("уровень флага при записи")
    reasons = models.TextField("основания флага при записи")
    explanation = models.TextField("объяснение школы")
    excluded_class = models.CharField("исключённый класс", max_length=20, blank=True)
    what_if_level = models.PositiveSmallIntegerField("уровень без класса", default=0)  # 0: no flag
    what_if_reasons = models.TextField("основания без класса", blank=True)
    recorded_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField("записано", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "объяснение школы по флагу"
        verbose_name_plural = "объяснения школ по флагам"
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind}: {self.explanation[:40]}"


class ContextValue(models.Model):
    """A school's social context and its result against the expectation from it, per year
    (direction 2; docs/methodology.md#resilience). Replaced whole by each recompute."""

    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="+")
    context_index = models.FloatField("индекс социального контекста", null=True)
    pupils = models.PositiveIntegerField("работ учащихся", default=0)
    result = models.FloatField("результат", null=True)  # mean z of the pupils' works
    expected = models.FloatField("ожидаемый результат", null=True)
    value_added = models.FloatField("относительно ожидаемого", null=True)  # shrunk residual

    objects = ScopedQuerySet.as_manager()

    class Meta:
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

    school_year = models.ForeignKey("core.SchoolYear", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="+")
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
    confirmed_by = models.ForeignKey("core.User", on_delete=models.SET_NULL, null=True, related_name="+")
    confirmed_at = models.DateTimeField("подтверждено", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "школа в перечне ШНОР"
        verbose_name_plural = "перечень ШНОР"
        constraints = [
            models.UniqueConstraint(fields=["school_year", "organization"], name="unique_support_entry")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.school_year_id}: приказ {self.order_number}"
