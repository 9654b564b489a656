"""Direction 8 registers: methodical associations (РМО, ШМО) with their yearly plans, and the
bank of best practices.

A РМО is the municipality's (no organisation, run by the department); a ШМО belongs to one
school. Row access is decided by the querysets below, nowhere else: a school sees its own rows
and the municipal ones, edits only its own (:meth:`editable_by`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from msoko.core.access import ScopedQuerySet
from msoko.core.models import Role
from msoko.directions.catalogue import DIRECTIONS

_Q = TypeVar("_Q", bound="MethodicalQuerySet")


def can_manage_methodical(user: Any) -> bool:
    """The department (registry managers) runs the РМО, edits everything and reviews practices."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.can_manage_registry)


def edits_own_school(user: Any) -> bool:
    """A school's user keeps its own school's ШМО and practices."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.SCHOOL
        and user.organization_id is not None
    )


class MethodicalQuerySet(ScopedQuerySet):
    """Rows of a school (``organization`` set) or of the municipality (``organization`` empty)."""

    def visible_to(self: _Q, user: Any) -> _Q:
        """The usual scope plus the municipal rows, which every logged-in user with a role may read."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_organizations:
            return self
        if user.organization_id is not None:
            return self.filter(
                models.Q(organization=user.organization_id) | models.Q(organization__isnull=True)
            )
        return self.none()

    def editable_by(self: _Q, user: Any) -> _Q:
        """The department edits every row; a school user only its own school's rows."""
        if can_manage_methodical(user):
            return self
        if edits_own_school(user):
            return self.filter(organization=user.organization_id)
        return self.none()


class Level(models.TextChoices):
    MUNICIPAL = "rmo", "РМО"
    SCHOOL = "shmo", "ШМО"


class Association(models.Model):
    """A methodical association of one school year: РМО (municipal) or ШМО (a school's)."""

    name = models.CharField("название", max_length=300)
    level = models.CharField("уровень", max_length=4, choices=Level.choices)
    subject = models.CharField("предмет (направление)", max_length=200)
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="организация",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Пусто у РМО: районное объединение ведёт отдел образования.",
    )
    leader = models.ForeignKey(
        "registry.Teacher",
        verbose_name="руководитель",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        "registry.Teacher", verbose_name="участники", blank=True, related_name="methodical_associations"
    )
    created_by = models.ForeignKey(
        "core.User",
        verbose_name="кто создал",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = MethodicalQuerySet.as_manager()

    class Meta:
        verbose_name = "методическое объединение"
        verbose_name_plural = "методические объединения"
        ordering = ["school_year__start_year", "level", "organization__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="rmo", organization__isnull=True)
                | models.Q(level="shmo", organization__isnull=False),
                name="methodical_level_matches_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} «{self.name}», {self.school_year}"


class EventForm(models.TextChoices):
    MEETING = "meeting", "заседание"
    SEMINAR = "seminar", "семинар"
    OPEN_LESSON = "open_lesson", "открытый урок"
    MASTER_CLASS = "master_class", "мастер-класс"
    ROUND_TABLE = "round_table", "круглый стол"
    WEBINAR = "webinar", "вебинар"
    CONFERENCE = "conference", "конференция"
    OTHER = "other", "другое"


#: months of a school year in their order, September first
MONTHS = (
    (9, "сентябрь"),
    (10, "октябрь"),
    (11, "ноябрь"),
    (12, "декабрь"),
    (1, "январь"),
    (2, "февраль"),
    (3, "март"),
    (4, "апрель"),
    (5, "май"),
    (6, "июнь"),
    (7, "июль"),
    (8, "август"),
)


class PlanItem(models.Model):
    """One line of an association's yearly plan: when (a date or a month), what and who."""

    association = models.ForeignKey(
        Association, verbose_name="объединение", on_delete=models.CASCADE, related_name="plan"
    )
    date = models.DateField("дата", null=True, blank=True)
    month = models.PositiveSmallIntegerField("месяц", null=True, blank=True, choices=MONTHS)
    topic = models.CharField("тема", max_length=500)
    form = models.CharField("форма", max_length=20, choices=EventForm.choices)
    responsible = models.CharField("ответственный", max_length=200, blank=True)
    done = models.BooleanField("проведено", default=False)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "мероприятие плана"
        verbose_name_plural = "план работы"
        ordering = ["association", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date__isnull=False) | models.Q(month__isnull=False),
                name="methodical_plan_item_has_date_or_month",
            )
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def when(self) -> str:
        if self.date is not None:
            return self.date.strftime("%d.%m.%Y")
        return self.get_month_display()


class PracticeStatus(models.TextChoices):
    PENDING = "pending", "на рассмотрении"
    APPROVED = "approved", "одобрена"
    REJECTED = "rejected", "отклонена"


def practice_upload_to(instance: Practice, filename: str) -> str:
    return f"practices/{instance.school_year.start_year}/{filename}"


class Practice(models.Model):
    """A best practice offered for the municipal bank; the department approves or rejects it."""

    title = models.CharField("название", max_length=300)
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="организация",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Пусто у практики муниципального уровня (РМО, методической службы).",
    )
    author_code = models.CharField("код автора", max_length=40, blank=True)
    author = models.ForeignKey(
        "registry.Teacher",
        verbose_name="автор (педагог реестра)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField("предмет", max_length=200, blank=True)
    theme = models.CharField("тема", max_length=300, blank=True)
    direction = models.PositiveSmallIntegerField(
        "направление", default=8, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    description = models.TextField("описание", blank=True)
    file = models.FileField("файл", upload_to=practice_upload_to, blank=True, max_length=300)
    link = models.URLField("ссылка", blank=True, max_length=500)
    status = models.CharField(
        "статус", max_length=10, choices=PracticeStatus.choices, default=PracticeStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        "core.User",
        verbose_name="кто рассмотрел",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("когда рассмотрена", null=True, blank=True)
    review_comment = models.TextField("комментарий рассмотрения", blank=True)
    created_by = models.ForeignKey(
        "core.User",
        verbose_name="кто внёс",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("внесена", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    objects = MethodicalQuerySet.as_manager()

    class Meta:
        verbose_name = "лучшая практика"
        verbose_name_plural = "банк лучших практик"
        ordering = ["-school_year__start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction__gte=1, direction__lte=10), name="methodical_practice_direction"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def direction_title(self) -> str:
        found = next((d for d in DIRECTIONS if d.number == self.direction), None)
        return f"{self.direction}. {found.short_title}" if found else str(self.direction)

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""
