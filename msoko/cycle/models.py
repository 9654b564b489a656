"""The management cycle's records: findings, recommendation rules, recommendations and measures.

A finding is kept across recomputes (the flags it comes from are rebuilt by each of them);
everything the recompute can rebuild — the measured effect of a measure — is not stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from msoko.core.access import ScopedQuerySet
from msoko.directions.catalogue import DIRECTIONS
from msoko.flags.models import FlagKind
from msoko.indicators.catalogue import CATALOGUE

MUNICIPALITY = "МО"  # the org_code of a finding about the municipality as a whole
DIRECTION_CHOICES = [(d.number, f"{d.number}. {d.short_title}") for d in DIRECTIONS]
_SLUGS = {d.number: d.slug for d in DIRECTIONS}


class _OfDirection:
    direction: int

    @property
    def direction_slug(self) -> str:
        """The slug of the record's direction, for links to its cycle view."""
        return _SLUGS.get(self.direction, "")


class Source(models.TextChoices):
    FLAG = "flag", "флаг"
    INDICATOR = "indicator", "цель не достигнута"
    DEFICIT = "deficit", "дефицит умения"


class FindingQuerySet(ScopedQuerySet):
    def open(self) -> FindingQuerySet:
        return self.filter(closed_on__isnull=True)


class Finding(_OfDirection, models.Model):
    """A flag or a missed target of one organisation (or of the municipality) in one school year.

    Keyed on (school year, organisation code, flag kind or indicator code), so a recompute
    updates it instead of creating another; closed when a later run no longer produces it.
    """

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
    )
    org_code = models.CharField("код ОО", max_length=40)  # «МО» for the municipality
    source = models.CharField("основание", max_length=10, choices=Source.choices)
    code = models.CharField("флаг или показатель", max_length=100)
    direction = models.PositiveSmallIntegerField("направление", choices=DIRECTION_CHOICES)
    level = models.PositiveSmallIntegerField("уровень флага", null=True, blank=True)
    value = models.FloatField("значение", null=True, blank=True)
    target = models.FloatField("цель", null=True, blank=True)
    evidence = models.TextField("доказательства", blank=True)
    opened_on = models.DateField("выявлен")
    closed_on = models.DateField("снят", null=True, blank=True)
    updated_at = models.DateTimeField("обновлён", auto_now=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "вывод"
        verbose_name_plural = "выводы"
        ordering = ["-school_year__start_year", "direction", "org_code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "org_code", "code"], name="unique_finding"),
        ]

    def __str__(self) -> str:
        return f"{self.org_code}: {self.title}"

    @property
    def title(self) -> str:
        if self.source == Source.DEFICIT:  # «{work}: умение «{skill}» — …» (findings.skill_deficits)
            work, _, rest = self.evidence.partition(": умение «")
            skill = rest.partition("» — ")[0]
            short = skill if len(skill) <= 60 else skill[:59].rstrip() + "…"
            return f"Дефицит умения «{short}» ({work})"
        if self.source == Source.FLAG:
            return dict(FlagKind.choices).get(self.code, self.code)
        indicator = CATALOGUE.get(self.code)
        return indicator.title if indicator else self.code

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def where(self) -> str:
        """The organisation's name, or the municipality's finding (the department's own)."""
        return self.organization.display_name if self.organization else "муниципалитет в целом"


class MatchKind(models.TextChoices):
    FLAG = "flag", "флаг"
    INDICATOR = "indicator", "показатель"
    DIRECTION = "direction", "любой вывод направления"


class Addressee(models.TextChoices):
    ORGANIZATION = "organization", "организация"
    ASSOCIATION = "association", "методическое объединение (РМО/ШМО)"
    DEPARTMENT = "department", "отдел образования"


class RecommendationRule(models.Model):
    """How to word a recommendation for a kind of finding: data the specialist edits."""

    title = models.CharField("название", max_length=200)
    match_kind = models.CharField("к каким выводам", max_length=10, choices=MatchKind.choices)
    #: a flag kind, an indicator code or a direction number (as text), by ``match_kind``
    match_value = models.CharField("флаг, показатель или направление", max_length=100)
    addressee = models.CharField("адресат", max_length=20, choices=Addressee.choices)
    #: the association's name for ``ASSOCIATION`` («РМО учителей математики»); placeholders allowed
    association = models.CharField("методическое объединение", max_length=200, blank=True)
    text = models.TextField("текст рекомендации")
    due_days = models.PositiveSmallIntegerField("срок исполнения, дней", default=30)
    active = models.BooleanField("действует", default=True)
    #: set on the ready-made rules (services.ready_made_rules), so loading them twice adds nothing
    key = models.CharField("код готового правила", max_length=60, blank=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "правило рекомендаций"
        verbose_name_plural = "правила рекомендаций"
        ordering = ["match_kind", "match_value", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="unique_rule_key"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def match_title(self) -> str:
        if self.match_kind == MatchKind.FLAG:
            return dict(FlagKind.choices).get(self.match_value, self.match_value)
        if self.match_kind == MatchKind.INDICATOR:
            indicator = CATALOGUE.get(self.match_value)
            return indicator.title if indicator else self.match_value
        return dict(DIRECTION_CHOICES).get(int(self.match_value or 0), self.match_value)


class Status(models.TextChoices):
    DRAFT = "draft", "черновик"
    APPROVED = "approved", "утверждена"
    SENT = "sent", "направлена"
    ACKNOWLEDGED = "acknowledged", "ознакомлена"
    DONE = "done", "исполнена"


OVERDUE = "overdue"  # not stored: sent or acknowledged, and the due date has passed
STATE_TITLES = {**dict(Status.choices), OVERDUE: "просрочена"}
#: what the school sees: the department's drafts stay with the department
SENT_STATES = (Status.SENT, Status.ACKNOWLEDGED, Status.DONE)


class RecommendationQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> RecommendationQuerySet:  # type: ignore[override]
        """The department and methodologists see all; a school only what was sent to it."""
        if user is not None and user.is_authenticated and user.is_active and not user.sees_all_organizations:
            if user.organization_id is None:
                return self.none()
            return self.filter(
                organization_id=user.organization_id,
                addressee=Addressee.ORGANIZATION,
                status__in=SENT_STATES,
            )
        return super().visible_to(user)

    def overdue(self, today: dt.date) -> RecommendationQuerySet:
        return self.filter(status__in=(Status.SENT, Status.ACKNOWLEDGED), due_on__lt=today)


def report_upload_to(instance: Recommendation, filename: str) -> str:
    return f"cycle/reports/{instance.school_year.start_year}/{filename}"


class Recommendation(_OfDirection, models.Model):
    """A targeted recommendation justified by a finding, with its workflow and the school's report."""

    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    direction = models.PositiveSmallIntegerField("направление", choices=DIRECTION_CHOICES)
    finding = models.ForeignKey(
        Finding,
        verbose_name="вывод",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    rule = models.ForeignKey(
        RecommendationRule,
        verbose_name="правило",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    addressee = models.CharField("адресат", max_length=20, choices=Addressee.choices)
    #: the addressed organisation, or for an association or the department the one concerned
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="организация",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    addressee_name = models.CharField("кому", max_length=300)
    text = models.TextField("текст")
    due_on = models.DateField("срок исполнения")
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField("составлена", auto_now_add=True)
    created_by = models.ForeignKey(
        "core.User",
        verbose_name="составил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField("утверждена", null=True, blank=True)
    sent_at = models.DateTimeField("направлена", null=True, blank=True)
    acknowledged_at = models.DateTimeField("ознакомлена", null=True, blank=True)
    reported_at = models.DateTimeField("отчёт представлен", null=True, blank=True)
    reported_by = models.ForeignKey(
        "core.User",
        verbose_name="отчёт представил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report_text = models.TextField("что сделано", blank=True)
    report_file = models.FileField("файл отчёта", upload_to=report_upload_to, blank=True, max_length=300)
    report_link = models.URLField("ссылка на подтверждение", blank=True, max_length=500)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = "адресная рекомендация"
        verbose_name_plural = "адресные рекомендации"
        ordering = ["-school_year__start_year", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "rule"],
                condition=models.Q(finding__isnull=False, rule__isnull=False),
                name="one_recommendation_per_finding_and_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.addressee_name}: {self.text[:60]}"

    def state(self, today: dt.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status in (Status.SENT, Status.ACKNOWLEDGED) and self.due_on < today:
            return OVERDUE
        return self.status

    @property
    def state_title(self) -> str:
        return STATE_TITLES[self.state()]

    @property
    def report_file_name(self) -> str:
        return self.report_file.name.rsplit("/", 1)[-1] if self.report_file else ""


class MeasureKind(models.TextChoices):
    ORDER = "order", "приказ"
    PROGRAMME = "programme", "программа"
    COURSE = "course", "курсы"
    SEMINAR = "seminar", "семинар"
    MENTORING = "mentoring", "наставническая пара"
    INSPECTION = "inspection", "проверка"
    CONTROL_VISIT = "control_visit", "контрольный выезд"


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MeasureQuerySet:
        """The department and methodologists see every measure; a school those that target it."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_organizations:
            return self
        if user.organization_id is None:
            return self.none()
        return self.filter(organizations=user.organization_id).distinct()


class Measure(_OfDirection, models.Model):
    """A measure or management decision: an order, a programme, a course … with its targets and
    the catalogue indicators it should move."""

    title = models.CharField("мера", max_length=300)
    kind = models.CharField("вид", max_length=20, choices=MeasureKind.choices)
    direction = models.PositiveSmallIntegerField("направление", choices=DIRECTION_CHOICES)
    number = models.CharField("номер приказа", max_length=40, blank=True)
    dated = models.DateField("дата приказа", null=True, blank=True)
    organizations = models.ManyToManyField(
        "registry.Organization", verbose_name="целевые организации", related_name="+"
    )
    responsible = models.CharField("ответственные", max_length=300, blank=True)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    description = models.TextField("содержание", blank=True)
    findings = models.ManyToManyField(Finding, verbose_name="выводы", blank=True, related_name="measures")
    recommendations = models.ManyToManyField(
        Recommendation, verbose_name="рекомендации", blank=True, related_name="measures"
    )
    created_at = models.DateTimeField("внесена", auto_now_add=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name="внёс", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("изменена", auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "мера"
        verbose_name_plural = "меры и управленческие решения"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="measure_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def order_title(self) -> str:
        """«приказ от 01.09.2024 № 74», or "" without a number."""
        if not self.number:
            return ""
        date = f" от {self.dated:%d.%m.%Y}" if self.dated else ""
        return f"приказ{date} № {self.number}"

    def period_passed(self, today: dt.date | None = None) -> bool:
        return self.ends_on < (today or timezone.localdate())


class MeasureIndicator(models.Model):
    """A catalogue indicator a measure should move, and by how much (in its unit, signed)."""

    measure = models.ForeignKey(
        Measure, verbose_name="мера", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField("показатель", max_length=100)
    expected_change = models.FloatField("ожидаемое изменение", null=True, blank=True)

    class Meta:
        verbose_name = "целевой показатель меры"
        verbose_name_plural = "целевые показатели меры"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["measure", "code"], name="unique_measure_indicator")]

    def __str__(self) -> str:
        return self.code

    @property
    def indicator(self) -> Any:
        return CATALOGUE.get(self.code)
