"""Forms of the surveys: the questionnaire builder, opening a survey, links to indicators, codes,
and the respondent's questionnaire itself (built from the questions)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from msoko.collection.surveys.models import Access, Audience, Question, QuestionKind, Questionnaire, Rule
from msoko.collection.surveys.rules import (
    MappingSpec,
    QuestionSpec,
    mappable_indicators,
    mapping_problems,
    question_problems,
)
from msoko.collection.surveys.services.surveys import MAX_TOKENS
from msoko.registry.models import Organization, OrganizationKind
from msoko.registry.selectors import organization_choices, school_year_choices

_NUMBERS = re.compile(r"[\s,;]+")


class _Date(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


# --- The questionnaire builder ----------------------------------------------------------------


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label="Название анкеты", max_length=300)
    audience = forms.ChoiceField(label="Кого опрашиваем", choices=Audience.choices)
    description = forms.CharField(
        label="Обращение к респонденту",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Показывается над вопросами: зачем опрос и что он анонимный.",
    )


class QuestionForm(forms.Form):
    position = forms.IntegerField(label="№", required=False, min_value=1, max_value=200)
    text = forms.CharField(label="Вопрос", required=False, max_length=500)
    kind = forms.ChoiceField(label="Тип", choices=QuestionKind.choices, initial=QuestionKind.SCALE)
    required = forms.BooleanField(label="Обязательный", required=False, initial=True)
    options = forms.CharField(
        label="Варианты ответа (каждый с новой строки)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scale_max = forms.TypedChoiceField(
        label="Шкала", choices=[(5, "от 1 до 5"), (10, "от 1 до 10")], coerce=int, initial=5
    )
    low_label = forms.CharField(label="Подпись к 1", required=False, max_length=60)
    high_label = forms.CharField(label="Подпись к максимуму", required=False, max_length=60)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip():
            return data  # an empty row is skipped
        problems = question_problems(self.spec())
        if problems:
            raise forms.ValidationError("; ".join(problems).capitalize() + ".")
        return data

    def spec(self) -> QuestionSpec:
        data = self.cleaned_data
        return QuestionSpec(
            text=data.get("text", "").strip(),
            kind=data.get("kind", ""),
            required=bool(data.get("required")),
            options=tuple(line.strip() for line in (data.get("options") or "").splitlines() if line.strip()),
            scale_max=data.get("scale_max"),
            low_label=data.get("low_label", ""),
            high_label=data.get("high_label", ""),
        )


class _QuestionFormSet(forms.BaseFormSet):
    def specs(self) -> list[QuestionSpec]:
        """Filled rows in the order of their numbers (rows without a number keep their place)."""
        rows = [
            (f.cleaned_data.get("position") or index + 1, index, f.spec())
            for index, f in enumerate(self.forms)
            if (f.cleaned_data.get("text") or "").strip()
        ]
        return [spec for _, _, spec in sorted(rows, key=lambda r: (r[0], r[1]))]


QuestionFormSet = forms.formset_factory(QuestionForm, formset=_QuestionFormSet, extra=3, max_num=100)


def question_initial(questionnaire: Questionnaire) -> list[dict[str, Any]]:
    return [
        {
            "position": q.position,
            "text": q.text,
            "kind": q.kind,
            "required": q.required,
            "options": "\n".join(q.options),
            "scale_max": q.scale_max or 5,
            "low_label": q.low_label,
            "high_label": q.high_label,
        }
        for q in questionnaire.questions.all()
    ]


# --- Opening a survey -------------------------------------------------------------------------


class _Organizations(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.display_name}"


class OpenSurveyForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label="Анкета", queryset=Questionnaire.objects.none())
    title = forms.CharField(
        label="Название опроса", required=False, max_length=300, help_text="Пусто — как у анкеты."
    )
    school_year = forms.ModelChoiceField(label="Учебный год", queryset=None)
    opens_on = forms.DateField(label="Начало", widget=_Date())
    closes_on = forms.DateField(label="Окончание (включительно)", widget=_Date())
    access = forms.ChoiceField(
        label="Доступ респондентов", choices=Access.choices, initial=Access.LINK, widget=forms.RadioSelect
    )
    kinds = forms.MultipleChoiceField(
        label="Все организации типа",
        required=False,
        choices=OrganizationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    organizations = _Organizations(
        label="Или выбранные организации",
        required=False,
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = Questionnaire.objects.order_by("-key", "title")
        self.fields["school_year"].queryset = school_year_choices()
        self.fields["organizations"].queryset = organization_choices(user=user).order_by("code")
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "Окончание опроса раньше его начала.")
        if closes and closes < timezone.localdate():
            self.add_error("closes_on", "Срок опроса уже прошёл.")
        chosen = self.chosen_organizations() if not self.errors else []
        if not self.errors and not chosen:
            raise forms.ValidationError("Выберите тип организаций или сами организации.")
        return data

    def chosen_organizations(self) -> list[Organization]:
        kinds = self.cleaned_data.get("kinds") or []
        picked = list(self.cleaned_data.get("organizations") or [])
        by_kind = list(organization_choices(user=self.user).filter(kind__in=kinds)) if kinds else []
        return sorted({o.pk: o for o in [*by_kind, *picked]}.values(), key=lambda o: o.code)


def default_dates(today: dt.date | None = None) -> dict[str, dt.date]:
    today = today or timezone.localdate()
    return {"opens_on": today, "closes_on": today + dt.timedelta(days=14)}


# --- Links to indicators, expected respondents, codes -----------------------------------------


class MappingForm(forms.Form):
    position = forms.TypedChoiceField(label="Вопрос", coerce=int)
    indicator_code = forms.ChoiceField(label="Показатель")
    rule = forms.ChoiceField(label="Правило", choices=Rule.choices)
    threshold = forms.IntegerField(
        label="Порог (балл шкалы)", required=False, min_value=1, max_value=10, help_text="Например, 4 из 5."
    )
    options = forms.CharField(
        label="Номера вариантов", required=False, max_length=60, help_text="Через запятую, например: 1, 2."
    )

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = {q.position: q for q in questions}
        self.fields["position"].choices = [
            (q.position, f"{q.position}. {q.text[:90]}") for q in questions if q.kind != QuestionKind.TEXT
        ]
        self.fields["indicator_code"].choices = [
            (i.code, f"{i.code} — {i.title}") for i in mappable_indicators()
        ]

    def clean_options(self) -> tuple[int, ...]:
        text = self.cleaned_data.get("options") or ""
        parts = [p for p in _NUMBERS.split(text) if p]
        if any(not p.isdigit() for p in parts):
            raise forms.ValidationError(f"Ожидаются номера вариантов через запятую; получено «{text}».")
        return tuple(int(p) for p in parts)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        question = self.questions.get(data.get("position"))
        if question is not None and not self.errors:
            problems = mapping_problems(
                self.spec(), kind=question.kind, scale_max=question.scale_max, options=len(question.options)
            )
            if problems:
                raise forms.ValidationError("; ".join(problems).capitalize() + ".")
        return data

    def spec(self) -> MappingSpec:
        data = self.cleaned_data
        return MappingSpec(
            position=data["position"],
            indicator_code=data["indicator_code"],
            rule=data["rule"],
            threshold=data.get("threshold"),
            options=data.get("options") or (),
        )


class TokensForm(forms.Form):
    count = forms.IntegerField(label="Сколько кодов выпустить", min_value=1, max_value=MAX_TOKENS, initial=30)


# --- The respondent's questionnaire ---------------------------------------------------------


class AnswerForm(forms.Form):
    """One field per question, named ``q<id>``; a survey by codes adds the code field first."""

    def __init__(self, *args: Any, questions: list[Question], with_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        if with_code:
            self.fields["code"] = forms.CharField(
                label="Код участия",
                max_length=20,
                help_text="Напечатан на листке, который вам выдали; каждый код действует один раз.",
                error_messages={"required": "Введите код участия с листка."},
                widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
            )
        for q in questions:
            self.fields[f"q{q.pk}"] = _answer_field(q)

    def given(self) -> dict[int, list[int] | str]:
        out: dict[int, list[int] | str] = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q{q.pk}")
            if q.kind == QuestionKind.TEXT:
                out[q.pk] = value or ""
            elif q.kind == QuestionKind.MULTIPLE:
                out[q.pk] = [int(v) for v in value or []]
            else:
                out[q.pk] = [int(value)] if value else []
        return out

    def fields_in_order(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[f"q{q.pk}"]) for q in self.questions]


def _answer_field(q: Question) -> forms.Field:
    required = {"required": "Ответьте на этот вопрос."}
    label = f"{q.position}. {q.text}"
    if q.kind == QuestionKind.TEXT:
        return forms.CharField(
            label=label,
            required=q.required,
            max_length=500,
            error_messages=required,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    choices = [(str(v), text) for v, text in q.values]
    if q.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            required=q.required,
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages=required,
        )
    if q.kind == QuestionKind.SCALE:
        choices = [(str(v), str(v)) for v, _ in q.values]
    return forms.ChoiceField(
        label=label, required=q.required, choices=choices, widget=forms.RadioSelect, error_messages=required
    )
