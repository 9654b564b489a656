"""Forms of the cycle's pages: list filters, a rule, a recommendation's edit and report, a measure."""

from __future__ import annotations

from typing import Any

from django import forms

from msoko.core.uploads import upload_size_problem
from msoko.cycle.models import (
    DIRECTION_CHOICES,
    STATE_TITLES,
    Addressee,
    Finding,
    MatchKind,
    MeasureKind,
    Recommendation,
)
from msoko.cycle.rules import PLACEHOLDERS, match_problems, template_problems
from msoko.indicators.catalogue import CATALOGUE
from msoko.registry.forms import OrganizationChoiceField
from msoko.registry.selectors import organization_choices, school_year_choices

_DIRECTIONS = [("", "Все направления"), *DIRECTION_CHOICES]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Filters(forms.Form):
    direction = forms.TypedChoiceField(
        label="Направление", required=False, coerce=int, empty_value=None, choices=_DIRECTIONS
    )
    school_year = forms.ModelChoiceField(
        label="Учебный год", required=False, queryset=None, empty_label="Все годы"
    )
    organization = OrganizationChoiceField(
        label="Организация", required=False, queryset=None, empty_label="Все"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = school_year_choices()
        self.fields["organization"].queryset = organization_choices(user=user)

    def query(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        organization = data.get("organization")
        return {
            "direction": data.get("direction"),
            "school_year": data.get("school_year"),
            "organization_id": organization.pk if organization else None,
        }


class FindingFilterForm(_Filters):
    status = forms.ChoiceField(
        label="Состояние",
        required=False,
        choices=[("", "Все"), ("open", "действует"), ("closed", "снят")],
    )

    def query(self) -> dict[str, Any]:
        return {**super().query(), "status": self.cleaned_data.get("status", "") if self.is_valid() else ""}


class RecommendationFilterForm(_Filters):
    state = forms.ChoiceField(label="Состояние", required=False, choices=[("", "Все"), *STATE_TITLES.items()])

    def query(self) -> dict[str, Any]:
        return {**super().query(), "state": self.cleaned_data.get("state", "") if self.is_valid() else ""}


class RuleForm(forms.Form):
    title = forms.CharField(label="Название", max_length=200)
    match_kind = forms.ChoiceField(label="К каким выводам", choices=MatchKind.choices)
    match_value = forms.CharField(
        label="Флаг, показатель или направление",
        max_length=100,
        help_text="Вид флага (unobjective, low_results, …), код показателя каталога или номер направления.",
    )
    addressee = forms.ChoiceField(label="Адресат", choices=Addressee.choices)
    association = forms.CharField(
        label="Методическое объединение",
        max_length=200,
        required=False,
        help_text="Для адресата «методическое объединение»: «РМО учителей математики».",
    )
    text = forms.CharField(
        label="Текст рекомендации",
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="Подстановки: " + ", ".join(f"{{{k}}} — {v}" for k, v in PLACEHOLDERS.items()) + ".",
    )
    due_days = forms.IntegerField(label="Срок исполнения, дней", min_value=1, max_value=365, initial=30)
    active = forms.BooleanField(label="Правило действует", required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "match_kind" in data and "match_value" in data:
            problem = match_problems(data["match_kind"], data["match_value"].strip())
            if problem:
                self.add_error("match_value", problem)
            data["match_value"] = data["match_value"].strip()
        for name in ("text", "association"):
            for problem in template_problems(data.get(name, "")):
                self.add_error(name, problem)
        if data.get("addressee") == Addressee.ASSOCIATION and not data.get("association"):
            self.add_error(
                "association", "Укажите методическое объединение, которому адресована рекомендация."
            )
        return data


class RecommendationForm(forms.Form):
    addressee_name = forms.CharField(label="Кому", max_length=300)
    text = forms.CharField(label="Текст", widget=forms.Textarea(attrs={"rows": 8}))
    due_on = forms.DateField(label="Срок исполнения", widget=_DATE)


class ReportForm(forms.Form):
    text = forms.CharField(label="Что сделано", widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(
        label="Файл подтверждения", required=False, help_text="Приказ, план, протокол, справка."
    )
    link = forms.URLField(
        label="Ссылка на подтверждение",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        problem = upload_size_problem(upload.size) if upload else None
        if problem:
            raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("link"):
            raise forms.ValidationError("Приложите подтверждение: файл или ссылку.")
        return data


INDICATOR_ROWS = 3


class MeasureForm(forms.Form):
    title = forms.CharField(label="Мера", max_length=300)
    kind = forms.ChoiceField(label="Вид", choices=MeasureKind.choices)
    direction = forms.TypedChoiceField(label="Направление", coerce=int, choices=DIRECTION_CHOICES)
    number = forms.CharField(label="Номер приказа", max_length=40, required=False)
    dated = forms.DateField(label="Дата приказа", required=False, widget=_DATE)
    organizations = forms.ModelMultipleChoiceField(
        label="Целевые организации",
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": "Выберите хотя бы одну организацию, на которую направлена мера."},
    )
    responsible = forms.CharField(label="Ответственные", max_length=300, required=False)
    starts_on = forms.DateField(label="Начало", widget=_DATE)
    ends_on = forms.DateField(label="Окончание", widget=_DATE)
    description = forms.CharField(
        label="Содержание", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    findings = forms.ModelMultipleChoiceField(
        label="Отвечает на выводы",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    recommendations = forms.ModelMultipleChoiceField(
        label="Отвечает на рекомендации",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, user: Any, findings: Any, recommendations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organization_choices(user=user)
        self.fields["organizations"].label_from_instance = lambda o: f"{o.code} — {o.display_name}"
        self.fields["findings"].queryset = findings
        self.fields["findings"].label_from_instance = _finding_label
        self.fields["recommendations"].queryset = recommendations
        self.fields["recommendations"].label_from_instance = _recommendation_label
        choices = [("", "—"), *((i.code, f"{i.code} — {i.title}") for i in CATALOGUE)]
        for n in range(INDICATOR_ROWS):
            self.fields[f"indicator_{n}"] = forms.ChoiceField(
                label="Показатель", choices=choices, required=False
            )
            self.fields[f"expected_{n}"] = forms.FloatField(
                label="Ожидаемое изменение", required=False, help_text="со знаком, в единицах показателя"
            )

    def indicator_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"indicator_{n}"], self[f"expected_{n}"]) for n in range(INDICATOR_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Окончание меры раньше её начала.")
        indicators: dict[str, float | None] = {}
        for n in range(INDICATOR_ROWS):
            code = data.get(f"indicator_{n}")
            if code:
                indicators[code] = data.get(f"expected_{n}")
            elif data.get(f"expected_{n}") is not None:
                self.add_error(
                    f"indicator_{n}", "Выберите показатель, к которому относится ожидаемое изменение."
                )
        if not indicators:
            self.add_error("indicator_0", "Укажите хотя бы один показатель, который мера должна изменить.")
        data["indicators"] = indicators
        return data


def measure_initial(measure: Any) -> dict[str, Any]:
    initial = {
        name: getattr(measure, name)
        for name in (
            "title",
            "kind",
            "direction",
            "number",
            "dated",
            "responsible",
            "starts_on",
            "ends_on",
            "description",
        )
    }
    initial["organizations"] = list(measure.organizations.all())
    initial["findings"] = list(measure.findings.all())
    initial["recommendations"] = list(measure.recommendations.all())
    for n, link in enumerate(list(measure.indicators.all())[:INDICATOR_ROWS]):
        initial[f"indicator_{n}"], initial[f"expected_{n}"] = link.code, link.expected_change
    return initial


def _finding_label(finding: Finding) -> str:
    return f"{finding.school_year.name} · {finding.org_code} · {finding.title}"


def _recommendation_label(recommendation: Recommendation) -> str:
    return f"№ {recommendation.pk} · {recommendation.school_year.name} · {recommendation.addressee_name}"
