"""Recompute runs: one per request to recompute a school year (or every year), whatever ran it."""

from __future__ import annotations

from django.db import models


class ComputeStatus(models.TextChoices):
    QUEUED = "queued", "в очереди"
    RUNNING = "running", "выполняется"
    DONE = "done", "готово"
    FAILED = "failed", "ошибка"
    MERGED = "merged", "объединён с другим пересчётом"


class ComputeRun(models.Model):
    """One recompute: queued after an import or started by `msoko compute`.

    Runs of the same school year coalesce: a run queued while another of its year waits joins
    it (``merged_into``), so ten quick uploads cost one recompute, not ten.
    """

    created_at = models.DateTimeField("создан", auto_now_add=True)
    started_at = models.DateTimeField("начат", null=True, blank=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)
    #: updated with every step; a running run whose heartbeat stopped was killed with its process
    heartbeat_at = models.DateTimeField("последний признак работы", null=True, blank=True)
    status = models.CharField(
        "состояние", max_length=10, choices=ComputeStatus.choices, default=ComputeStatus.QUEUED
    )
    school_year = models.ForeignKey(
        "core.SchoolYear",
        null=True,
        blank=True,
        verbose_name="учебный год",
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField("причина", max_length=200)
    progress = models.CharField("ход работы", max_length=200, blank=True)
    values = models.PositiveIntegerField("значений", default=0)
    flags = models.PositiveIntegerField("флагов", default=0)
    #: what the computations report besides values and flags, e.g. the official objectivity index
    details = models.JSONField("итоги", default=dict, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="объединён с"
    )
    worker = models.CharField("исполнитель", max_length=100, blank=True)
    error = models.TextField("ошибка", blank=True)

    class Meta:
        db_table = "indicators_computerun"  # created by the indicators app before the model moved here
        verbose_name = "пересчёт показателей"
        verbose_name_plural = "пересчёты показателей"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school_year", "status"], name="computerun_year_status")]

    def __str__(self) -> str:
        return f"Пересчёт №{self.pk}: {self.get_status_display()}"

    @property
    def active(self) -> bool:
        return self.status in (ComputeStatus.QUEUED, ComputeStatus.RUNNING)


class YearWrite(models.Model):
    """Which run last wrote a school year's figures, by the moment that run started: a run that
    started earlier (and read older data) never overwrites them, whatever its own state says."""

    school_year = models.OneToOneField(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.CASCADE, related_name="+"
    )
    run_started_at = models.DateTimeField("пересчёт начат")
    run = models.ForeignKey(
        ComputeRun, null=True, verbose_name="пересчёт", on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "запись показателей года"
        verbose_name_plural = "записи показателей по годам"

    def __str__(self) -> str:
        return f"{self.school_year_id}: {self.run_started_at:%d.%m.%Y %H:%M:%S}"
