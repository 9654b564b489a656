"""Anonymous surveys of participants: questionnaires, their openings for organisations, answers.

Anonymity is a property of the schema (docs/methodology.md#surveys): a :class:`Response` holds
the organisation, the day and the answers, nothing else — no user, no address, no browser, no
time of day, and no link to the single-use code it was given with (a :class:`Token` only knows
that it was used).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from msoko.core.access import ScopedQuerySet

#: an organisation's answers are shown, exported and turned into indicator values only from this
#: many responses on (docs/methodology.md#surveys); MSOKO_SURVEY_MIN_ANSWERS overrides it
MIN_ANSWERS = 10


def min_answers() -> int:
    return int(getattr(settings, "MSOKO_SURVEY_MIN_ANSWERS", MIN_ANSWERS))


class Audience(models.TextChoices):
    PARENTS = "parents", "родители (законные представители)"
    PUPILS = "pupils", "обучающиеся"
    TEACHERS = "teachers", "педагоги"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "один вариант"
    MULTIPLE = "multiple", "несколько вариантов"
    SCALE = "scale", "шкала"
    TEXT = "text", "короткий текст"


class Questionnaire(models.Model):
    """A list of questions; frozen once a survey has been opened with it (answers refer to it)."""

    title = models.CharField("название", max_length=300)
    audience = models.CharField("кого опрашиваем", max_length=20, choices=Audience.choices)
    description = models.TextField("обращение к респонденту", blank=True)
    #: the stable key of a ready-made questionnaire (``ready_made.py``); blank for one a user built
    key = models.CharField("ключ готовой анкеты", max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто создал",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "анкета"
        verbose_name_plural = "анкеты"
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="surveys_unique_ready_made_key"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ready_made(self) -> bool:
        return bool(self.key)


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField("№")
    text = models.CharField("вопрос", max_length=500)
    kind = models.CharField("тип", max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField("обязательный", default=True)
    #: the answer options of a choice question, in order; an answer stores the option's number (1…)
    options = models.JSONField("варианты ответа", default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField("шкала до", null=True, blank=True)  # 5 or 10
    low_label = models.CharField("подпись к 1", max_length=60, blank=True)
    high_label = models.CharField("подпись к максимуму", max_length=60, blank=True)

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "position"], name="surveys_question_position"),
            models.CheckConstraint(
                condition=~models.Q(kind="scale") | models.Q(scale_max__in=[5, 10]),
                name="surveys_scale_5_or_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    @property
    def values(self) -> list[tuple[int, str]]:
        """The stored answer values with their labels («1 — совсем нет», «2», …)."""
        if self.kind == QuestionKind.SCALE:
            top = self.scale_max or 5
            return [(v, _scale_label(v, top, self.low_label, self.high_label)) for v in range(1, top + 1)]
        return list(enumerate(self.options, start=1))


def _scale_label(value: int, top: int, low: str, high: str) -> str:
    if value == 1 and low:
        return f"1 — {low}"
    if value == top and high:
        return f"{top} — {high}"
    return str(value)


class Access(models.TextChoices):
    LINK = "link", "по ссылке (один ответ с устройства)"
    TOKENS = "tokens", "по одноразовым кодам"


class Survey(models.Model):
    """A questionnaire opened for some organisations over some days of a school year."""

    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="анкета", on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField("название опроса", max_length=300)
    school_year = models.ForeignKey(
        "core.SchoolYear", verbose_name="учебный год", on_delete=models.PROTECT, related_name="+"
    )
    opens_on = models.DateField("начало")
    closes_on = models.DateField("окончание (включительно)")
    access = models.CharField("доступ", max_length=10, choices=Access.choices, default=Access.LINK)
    #: the day a specialist closed it (early, or after its end, which also computes the indicators)
    closed_on = models.DateField("завершён", null=True, blank=True)
    computed_at = models.DateTimeField("показатели рассчитаны", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто открыл",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "опрос"
        verbose_name_plural = "опросы"
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="surveys_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def state(self, today: dt.date) -> str:
        """«planned», «open» or «closed» on ``today``."""
        if self.closed_on is not None or today > self.closes_on:
            return "closed"
        return "planned" if today < self.opens_on else "open"

    def is_open(self, today: dt.date) -> bool:
        return self.state(today) == "open"


class ParticipantQuerySet(ScopedQuerySet):
    organization_lookup = "organization"


class Participant(models.Model):
    """An organisation taking part in a survey: its own link and its expected respondents."""

    survey = models.ForeignKey(
        Survey, verbose_name="опрос", on_delete=models.CASCADE, related_name="participants"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )
    #: the secret part of the organisation's link (/surveys/a/<slug>/)
    slug = models.CharField("ссылка", max_length=32, unique=True)
    expected = models.PositiveIntegerField("ожидаемое число респондентов", null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "участник опроса"
        verbose_name_plural = "участники опроса"
        ordering = ["survey", "organization__code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "organization"], name="surveys_one_link_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.survey} — {self.organization}"


class Rule(models.TextChoices):
    SHARE_AT_LEAST = "share_at_least", "доля ответов не ниже порога, %"
    SHARE_OF_OPTIONS = "share_of_options", "доля выбравших указанные варианты, %"
    MEAN = "mean", "средний балл"


class Mapping(models.Model):
    """How one question of a survey gives one indicator's value per organisation."""

    survey = models.ForeignKey(
        Survey, verbose_name="опрос", on_delete=models.CASCADE, related_name="mappings"
    )
    question = models.ForeignKey(Question, verbose_name="вопрос", on_delete=models.CASCADE, related_name="+")
    indicator_code = models.CharField("показатель", max_length=80)
    rule = models.CharField("правило", max_length=20, choices=Rule.choices)
    threshold = models.PositiveSmallIntegerField("порог (балл шкалы)", null=True, blank=True)
    #: option numbers (1…) counted as «satisfied» by SHARE_OF_OPTIONS
    options = models.JSONField("варианты", default=list, blank=True)

    class Meta:
        verbose_name = "связь вопроса с показателем"
        verbose_name_plural = "связи вопросов с показателями"
        ordering = ["survey", "question__position", "indicator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "indicator_code"], name="surveys_one_source_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} ← вопрос {self.question.position}"


class Token(models.Model):
    """A single-use code an organisation hands out; it never says which response it gave."""

    participant = models.ForeignKey(
        Participant, verbose_name="участник опроса", on_delete=models.CASCADE, related_name="tokens"
    )
    code = models.CharField("код", max_length=16)
    used = models.BooleanField("использован", default=False)

    class Meta:
        verbose_name = "одноразовый код"
        verbose_name_plural = "одноразовые коды"
        ordering = ["participant", "pk"]
        constraints = [models.UniqueConstraint(fields=["participant", "code"], name="surveys_unique_code")]

    def __str__(self) -> str:
        return self.code


class ResponseQuerySet(ScopedQuerySet):
    organization_lookup = "organization"


class Response(models.Model):
    """One respondent's filled questionnaire: the organisation, the day, the answers — nothing
    that could tell who or from where (no user, address, browser, time of day or code)."""

    survey = models.ForeignKey(
        Survey, verbose_name="опрос", on_delete=models.CASCADE, related_name="responses"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField("дата ответа")

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = "анкета респондента"
        verbose_name_plural = "анкеты респондентов"
        indexes = [models.Index(fields=["survey", "organization"])]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.organization_id} {self.answered_on:%d.%m.%Y}"


class Answer(models.Model):
    """One value of a response: a scale point, an option number (one row per chosen option of a
    multiple-choice question) or a short text."""

    response = models.ForeignKey(
        Response, verbose_name="ответ", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, verbose_name="вопрос", on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField("значение", null=True, blank=True)
    text = models.CharField("текст", max_length=500, blank=True)

    class Meta:
        verbose_name = "ответ"
        verbose_name_plural = "ответы"
        indexes = [models.Index(fields=["question", "value"])]

    def __str__(self) -> str:
        return self.text or str(self.value)
