"""Monitoring campaigns: what the department asks organisations to report, and their forms.

A campaign asks for values of catalogue indicators (source «мониторинг (форма ОО)»), for the
yes/no items of a checklist, or both. Every target organisation gets one :class:`Submission`
(its form) that goes not started → draft → sent → accepted, or back for rework.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from msoko.core.access import ScopedQuerySet


class Checklist(models.Model):
    """A reusable list of yes/no items (the web-site check, readiness for the school year)."""

    code = models.SlugField("код", max_length=60, unique=True)
    title = models.CharField("название", max_length=300)
    description = models.TextField("назначение", blank=True)
    #: the document that asks for the check (a municipal order), shown on the form
    basis = models.CharField("основание", max_length=500, blank=True)
    #: the catalogue indicator the score is stored as, when the catalogue declares one
    indicator_code = models.CharField("показатель для итога", max_length=100, blank=True)

    class Meta:
        verbose_name = "чек-лист"
        verbose_name_plural = "чек-листы"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(
        Checklist, verbose_name="чек-лист", on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField("номер")
    section = models.CharField("раздел", max_length=200, blank=True)
    text = models.CharField("требование", max_length=500)
    #: what proves a «да»: the page of the site, the act, the order
    evidence_hint = models.CharField("подтверждение", max_length=300, blank=True)

    class Meta:
        verbose_name = "пункт чек-листа"
        verbose_name_plural = "пункты чек-листа"
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="unique_checklist_item_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Campaign(models.Model):
    title = models.CharField("название", max_length=300)
    description = models.TextField("пояснение для организаций", blank=True)
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    deadline = models.DateField("срок представления")
    #: catalogue codes, in the order the form shows them
    indicator_codes = models.JSONField("показатели", default=list, blank=True)
    checklist = models.ForeignKey(
        Checklist,
        verbose_name="чек-лист",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    #: the kinds of organisation the campaign was addressed to (registry OrganizationKind values)
    target_kinds = models.JSONField("типы организаций", default=list, blank=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)
    created_by = models.ForeignKey(
        "core.User", verbose_name="создал", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "мониторинговая кампания"
        verbose_name_plural = "мониторинговые кампании"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")), name="campaign_period_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("starts_on"), deadline__lte=models.F("ends_on")),
                name="campaign_deadline_in_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_running(self, today: dt.date) -> bool:
        return self.starts_on <= today <= self.ends_on


class State(models.TextChoices):
    NOT_STARTED = "not_started", "не начато"
    DRAFT = "draft", "черновик"
    SUBMITTED = "submitted", "отправлено"
    ACCEPTED = "accepted", "принято"
    RETURNED = "returned", "возвращено на доработку"


#: the states in which the organisation may still change its form
OPEN_STATES = (State.NOT_STARTED, State.DRAFT, State.RETURNED)
#: the states that count as handed in (no reminder, never overdue)
HANDED_IN = (State.SUBMITTED, State.ACCEPTED)


class SubmissionQuerySet(ScopedQuerySet):
    organization_lookup = "organization"

    def overdue(self, today: dt.date) -> SubmissionQuerySet:
        return self.filter(campaign__deadline__lt=today).exclude(state__in=HANDED_IN)


class Submission(models.Model):
    """One organisation's form in one campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="кампания", on_delete=models.CASCADE, related_name="submissions"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField("состояние", max_length=20, choices=State.choices, default=State.NOT_STARTED)
    updated_at = models.DateTimeField("изменена", null=True, blank=True)
    submitted_at = models.DateTimeField("отправлена", null=True, blank=True)
    submitted_by = models.ForeignKey(
        "core.User",
        verbose_name="отправил",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("рассмотрена", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User",
        verbose_name="рассмотрел",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField("комментарий отдела образования", blank=True)
    #: the checklist items the department sent back, to be marked on the school's form
    returned_items = models.JSONField("пункты на доработку", default=list, blank=True)
    #: share of checklist items answered «да», %, computed when the form is sent
    score = models.DecimalField("итог чек-листа, %", max_digits=5, decimal_places=2, null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "форма организации"
        verbose_name_plural = "формы организаций"
        ordering = ["campaign", "organization__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization"], name="one_form_per_organization")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.organization}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.campaign.deadline < today and self.state not in HANDED_IN


class ValueQuerySet(ScopedQuerySet):
    organization_lookup = "submission__organization"


class FormValue(models.Model):
    """A value of one indicator on a form, with the organisation's comment."""

    submission = models.ForeignKey(
        Submission, verbose_name="форма", on_delete=models.CASCADE, related_name="values"
    )
    indicator_code = models.CharField("показатель", max_length=100)
    value = models.DecimalField("значение", max_digits=14, decimal_places=4, null=True, blank=True)
    comment = models.TextField("комментарий", blank=True)

    objects = ValueQuerySet.as_manager()

    class Meta:
        verbose_name = "значение в форме"
        verbose_name_plural = "значения в формах"
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator_code"], name="one_value_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} = {self.value}"


def evidence_upload_to(instance: ChecklistAnswer, filename: str) -> str:
    submission = instance.submission
    return f"campaigns/{submission.campaign_id}/{submission.organization_id}/{filename}"


class ChecklistAnswer(models.Model):
    """«Да» or «нет» on one checklist item, with what proves it (a link or a file)."""

    submission = models.ForeignKey(
        Submission, verbose_name="форма", on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(ChecklistItem, verbose_name="пункт", on_delete=models.PROTECT, related_name="+")
    answer = models.BooleanField("выполнено", null=True, blank=True)
    link = models.URLField("ссылка", max_length=500, blank=True)
    file = models.FileField("файл", upload_to=evidence_upload_to, blank=True, max_length=300)
    comment = models.TextField("комментарий", blank=True)

    objects = ValueQuerySet.as_manager()

    class Meta:
        verbose_name = "ответ по пункту чек-листа"
        verbose_name_plural = "ответы по пунктам чек-листа"
        ordering = ["item__number"]
        constraints = [models.UniqueConstraint(fields=["submission", "item"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.item.number}: {self.answer}"

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def has_evidence(self) -> bool:
        return bool(self.link or self.file)
