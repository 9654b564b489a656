"""Direction 3's own records: the municipal bank of gifted children and their achievements.

A child is a pseudonymous participant code (the code of the olympiad protocols and of
``registry.Student``), unique within a municipality. The bank is built from the ВсОШ protocols
(``services.refresh_bank``, docs/methodology.md#gifted-bank) and completed by hand: other
competitions, conferences and contests, a note, an exclusion with its reason. Who sees a row
is ``visible_to`` (``ScopedQuerySet``), who may change it is :func:`can_edit_child` and
:func:`can_manage_bank`, nowhere else: a school sees and edits its own children only;
methodologists read all; the department sees, edits and excludes all.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from msoko.assessments.models import OlympiadStatus, ProcedureKind
from msoko.core.access import ScopedQuerySet
from msoko.core.models import Role


def can_manage_bank(user: Any) -> bool:
    """The department (registry managers) keeps the bank: edits every child and excludes."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.can_manage_registry)


def can_edit_bank(user: Any) -> bool:
    """Who may write to the bank at all: the department, and a school user for its own children."""
    if can_manage_bank(user):
        return True
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.SCHOOL
        and user.organization_id is not None
    )


def can_edit_child(user: Any, child: GiftedChild) -> bool:
    """The department edits every child; a school user only its own school's (methodologists read)."""
    if can_manage_bank(user):
        return True
    return can_edit_bank(user) and child.organization_id == user.organization_id


class Inclusion(models.TextChoices):
    AUTO = "auto", "по протоколам ВсОШ"
    MANUAL = "manual", "вручную"


class GiftedChild(models.Model):
    """A child in the municipal bank: the participant code and the school they attend now."""

    municipality = models.ForeignKey(
        "registry.Municipality", verbose_name="муниципалитет", on_delete=models.CASCADE, related_name="+"
    )
    participant_code = models.CharField("код участника", max_length=40)
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    inclusion = models.CharField("включён", max_length=10, choices=Inclusion.choices)
    excluded = models.BooleanField("исключён", default=False)
    exclusion_reason = models.CharField("причина исключения", max_length=500, blank=True)
    note = models.TextField("примечание", blank=True)
    added_at = models.DateTimeField("включён в банк", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "одарённый ребёнок"
        verbose_name_plural = "банк одарённых детей"
        ordering = ["participant_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "participant_code"], name="unique_gifted_child_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.participant_code


class Level(models.TextChoices):
    """The level of an event, lowest first (the order ranks «лучший уровень»)."""

    SCHOOL = "школьный", "школьный"
    MUNICIPAL = "муниципальный", "муниципальный"
    REGIONAL = "региональный", "региональный"
    NATIONAL = "всероссийский", "всероссийский"
    INTERNATIONAL = "международный", "международный"


#: a level's rank, 1 (школьный) … 5 (международный)
LEVEL_RANK = {level.value: rank for rank, level in enumerate(Level, start=1)}


class EventKind(models.TextChoices):
    """A stage of ВсОШ (the kinds of its protocols in assessments) or any other event, by name."""

    OLYMPIAD_SCHOOL = ProcedureKind.OLYMPIAD_SCHOOL.value, ProcedureKind.OLYMPIAD_SCHOOL.label
    OLYMPIAD_MUNICIPAL = ProcedureKind.OLYMPIAD_MUNICIPAL.value, ProcedureKind.OLYMPIAD_MUNICIPAL.label
    OLYMPIAD_REGIONAL = ProcedureKind.OLYMPIAD_REGIONAL.value, ProcedureKind.OLYMPIAD_REGIONAL.label
    OLYMPIAD_FINAL = ProcedureKind.OLYMPIAD_FINAL.value, ProcedureKind.OLYMPIAD_FINAL.label
    OTHER = "другое", "другая олимпиада, конкурс, конференция"


#: the level each ВсОШ stage is at (the final stage is the all-Russian one)
STAGE_LEVEL = {
    EventKind.OLYMPIAD_SCHOOL: Level.SCHOOL,
    EventKind.OLYMPIAD_MUNICIPAL: Level.MUNICIPAL,
    EventKind.OLYMPIAD_REGIONAL: Level.REGIONAL,
    EventKind.OLYMPIAD_FINAL: Level.NATIONAL,
}


class Result(models.TextChoices):
    """The protocols' statuses (``OlympiadStatus``), best first, with their Russian labels."""

    WINNER = OlympiadStatus.WINNER.value, "победитель"
    PRIZE_WINNER = OlympiadStatus.PRIZE_WINNER.value, "призёр"
    PARTICIPANT = OlympiadStatus.PARTICIPANT.value, "участник"


class Source(models.TextChoices):
    PROTOCOL = "protocol", "протокол ВсОШ"
    MANUAL = "manual", "внесено вручную"


class AchievementQuerySet(ScopedQuerySet):
    organization_lookup = "child__organization"


class Achievement(models.Model):
    """One result of a child at one event of a school year.

    Rows from the protocols (``source=protocol``) are the refresh's: one per stage and subject
    of a year, replaced as the protocols change. Rows entered by hand are never touched by it.
    """

    child = models.ForeignKey(
        GiftedChild, verbose_name="ребёнок", on_delete=models.CASCADE, related_name="achievements"
    )
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    event_kind = models.CharField("мероприятие", max_length=30, choices=EventKind.choices)
    #: the competition, conference or contest by name; empty for a stage of ВсОШ
    event_name = models.CharField("название мероприятия", max_length=300, blank=True)
    subject = models.CharField("предмет (направление)", max_length=100, blank=True)
    level = models.CharField("уровень", max_length=20, choices=Level.choices)
    result = models.CharField("результат", max_length=20, choices=Result.choices)
    grade = models.PositiveSmallIntegerField(
        "класс", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    source = models.CharField("источник", max_length=10, choices=Source.choices)
    entered_by = models.ForeignKey(
        "core.User",
        verbose_name="кто внёс",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("внесено", auto_now_add=True)

    objects = AchievementQuerySet.as_manager()

    class Meta:
        verbose_name = "достижение"
        verbose_name_plural = "достижения"
        ordering = ["-school_year__start_year", "event_kind", "subject"]
        constraints = [
            # the refresh's key: a protocol row is one stage × subject of a year for a child
            models.UniqueConstraint(
                fields=["child", "school_year", "event_kind", "subject"],
                condition=models.Q(source="protocol"),
                name="unique_protocol_achievement",
            ),
            models.CheckConstraint(
                condition=~models.Q(event_kind="другое") | ~models.Q(event_name=""),
                name="other_event_has_a_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.school_year_id}: {self.event} {self.subject} {self.result}"

    @property
    def event(self) -> str:
        """What the event is called on pages: the stage of ВсОШ or the name entered."""
        return self.event_name if self.event_kind == EventKind.OTHER else self.get_event_kind_display()


class BankState(models.Model):
    """One row: when the bank was last built from the protocols; locked while it is rebuilt."""

    refreshed_at = models.DateTimeField("обновлён по протоколам", null=True, blank=True)

    class Meta:
        verbose_name = "состояние банка одарённых детей"
        verbose_name_plural = "состояние банка одарённых детей"

    def __str__(self) -> str:
        return f"банк одарённых детей, обновлён {self.refreshed_at}"

    @classmethod
    def lock(cls) -> None:
        """Inside a transaction: one refresh or manual entry at a time (both may add one child)."""
        cls.objects.get_or_create(pk=1)
        cls.objects.select_for_update().get(pk=1)
