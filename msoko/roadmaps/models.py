"""Road maps: plans of activities by section (direction), each activity with its period as
written and as read, its responsible, expected result, status and evidence of execution."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from msoko.core.access import ScopedQuerySet
from msoko.roadmaps.parsing import Every, Period, PeriodKind
from msoko.roadmaps.parsing.status import STATUS_TITLES, effective_status


class Status(models.TextChoices):
    """Stored status; «просрочено» is never stored: it follows from the period and the day."""

    PLANNED = "planned", "запланировано"
    IN_PROGRESS = "in_progress", "в работе"
    DONE = "done", "выполнено"


class RoadMapQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> RoadMapQuerySet:
        """A department sees every road map; a school its own and the municipal road maps with
        an activity that names it (only those activities: ``Activity.objects.visible_to``)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_organizations:
            return self
        if user.organization_id is None:
            return self.none()
        return self.filter(
            models.Q(organization_id=user.organization_id)
            | models.Q(organization__isnull=True, activities__organizations=user.organization_id)
        ).distinct()


class RoadMap(models.Model):
    title = models.TextField("дорожная карта")
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="организация (пусто — муниципальная)",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    source_filename = models.CharField("файл", max_length=255, blank=True)
    columns = models.JSONField("столбцы документа", default=dict, blank=True)
    created_at = models.DateTimeField("загружена", auto_now_add=True)
    updated_at = models.DateTimeField("обновлена", auto_now=True)

    objects = RoadMapQuerySet.as_manager()

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["organization__code", "title", "pk"]

    def __str__(self) -> str:
        return self.title[:120]

    @property
    def is_municipal(self) -> bool:
        return self.organization_id is None


class Section(models.Model):
    """A section of the plan (usually a direction): a heading row of its table."""

    roadmap = models.ForeignKey(
        RoadMap, verbose_name="дорожная карта", on_delete=models.CASCADE, related_name="sections"
    )
    title = models.TextField("раздел", blank=True)
    position = models.PositiveIntegerField("порядок")

    class Meta:
        verbose_name = "раздел дорожной карты"
        verbose_name_plural = "разделы дорожных карт"
        ordering = ["roadmap", "position"]

    def __str__(self) -> str:
        return self.title[:120]


class ActivityQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> ActivityQuerySet:
        """The one choke point for activities: a school sees its own road map's activities and
        the municipal activities that name it; never another school's."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_organizations:
            return self
        if user.organization_id is None:
            return self.none()
        own = models.Q(roadmap__organization_id=user.organization_id)
        named = models.Q(roadmap__organization__isnull=True, organizations=user.organization_id)
        return self.filter(pk__in=self.model.objects.filter(own | named).values("pk"))


class Activity(models.Model):
    roadmap = models.ForeignKey(
        RoadMap, verbose_name="дорожная карта", on_delete=models.CASCADE, related_name="activities"
    )
    section = models.ForeignKey(
        Section, verbose_name="раздел", on_delete=models.CASCADE, related_name="activities"
    )
    position = models.PositiveIntegerField("порядок")
    number = models.CharField("№", max_length=20, blank=True)
    text = models.TextField("мероприятие")
    task = models.TextField("задача", blank=True)
    period = models.TextField("срок", blank=True)  # as written
    period_kind = models.CharField(
        "вид срока", max_length=20, blank=True, choices=[(k.value, k.title) for k in PeriodKind]
    )
    period_start = models.DateField("начало срока", null=True, blank=True)
    period_end = models.DateField("окончание срока", null=True, blank=True)
    period_months = models.JSONField("месяцы срока", default=list, blank=True)
    period_every = models.CharField("повторяется раз в", max_length=20, blank=True)
    period_interval = models.PositiveSmallIntegerField("интервал повторения", default=1)
    deadline = models.DateField("крайний срок", null=True, blank=True, db_index=True)
    responsible = models.TextField("ответственные", blank=True)
    result = models.TextField("ожидаемый результат", blank=True)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PLANNED)
    evidence_url = models.URLField("ссылка на подтверждение", max_length=500, blank=True)
    evidence_file = models.FileField(
        "файл подтверждения", upload_to="roadmaps/evidence/%Y/", blank=True, max_length=300
    )
    evidence_note = models.TextField("отметка об исполнении", blank=True)
    target_indicator = models.CharField("показатель каталога", max_length=100, blank=True)
    target_value = models.DecimalField(
        "целевое значение", max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_year = models.ForeignKey(
        "core.SchoolYear",
        verbose_name="учебный год цели",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organizations = models.ManyToManyField(
        "registry.Organization", verbose_name="названные организации", blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = "мероприятие дорожной карты"
        verbose_name_plural = "мероприятия дорожных карт"
        ordering = ["roadmap", "position"]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:100]}".strip()

    @property
    def parsed_period(self) -> Period:
        return Period(
            text=self.period,
            kind=PeriodKind(self.period_kind) if self.period_kind else None,
            start=self.period_start,
            end=self.period_end,
            months=tuple(self.period_months or ()),
            every=Every(self.period_every) if self.period_every else None,
            interval=self.period_interval,
        )

    def effective_status(self, today: dt.date) -> str:
        """The stored status, or «просрочено» when not done and its deadline has passed."""
        return effective_status(self.status, self.parsed_period, today=today)

    def status_title(self, today: dt.date) -> str:
        return STATUS_TITLES[self.effective_status(today)]
