"""Forms of the bank of gifted children: the list's filters and what people enter by hand."""

from __future__ import annotations

from typing import Any

from django import forms

from msoko.core.models import SchoolYear
from msoko.directions.talents.bank_selectors import BankFilter
from msoko.directions.talents.models import EventKind, Level, Result
from msoko.directions.talents.services import ManualAchievement
from msoko.registry.models import Organization

STATUS_CHOICES = [("", "В банке"), ("excluded", "Исключённые"), ("all", "Все")]


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.display_name}"


class BankFilterForm(forms.Form):
    q = forms.CharField(
        label="Код участника",
        required=False,
        max_length=40,
        widget=forms.SearchInput(attrs={"placeholder": "код или его часть", "autocomplete": "off"}),
    )
    school_year = forms.ModelChoiceField(
        label="Учебный год", required=False, queryset=SchoolYear.objects.none(), empty_label="Все годы"
    )
    subject = forms.ChoiceField(label="Предмет", required=False)
    organization = OrganizationChoiceField(
        label="Школа", required=False, queryset=Organization.objects.none(), empty_label="Все школы"
    )
    level = forms.ChoiceField(label="Уровень", required=False)
    status = forms.ChoiceField(label="Показывать", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, choices: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = choices["years"]
        self.fields["subject"].choices = [("", "Все предметы"), *((s, s) for s in choices["subjects"])]
        self.fields["organization"].queryset = choices["organizations"]
        self.fields["level"].choices = [("", "Любой"), *choices["levels"]]

    def bank_filter(self) -> BankFilter:
        """The filters set; a value that fails validation is ignored rather than an error page."""
        self.is_valid()
        data = self.cleaned_data
        return BankFilter(
            school_year=data.get("school_year"),
            subject=data.get("subject") or "",
            organization=data.get("organization"),
            level=data.get("level") or "",
            status=data.get("status") or "",
            q=(data.get("q") or "").strip(),
        )


class AchievementForm(forms.Form):
    school_year = forms.ModelChoiceField(
        label="Учебный год", queryset=SchoolYear.objects.order_by("-start_year"), empty_label=None
    )
    event_kind = forms.ChoiceField(label="Мероприятие", choices=EventKind.choices, initial=EventKind.OTHER)
    event_name = forms.CharField(
        label="Название",
        required=False,
        max_length=300,
        help_text="Для другой олимпиады, конкурса, конференции: как в дипломе. Для ВсОШ не нужно.",
    )
    subject = forms.CharField(label="Предмет (направление)", required=False, max_length=100)
    level = forms.ChoiceField(
        label="Уровень",
        choices=Level.choices,
        help_text="Для этапа ВсОШ — уровень этапа (заключительный — всероссийский).",
    )
    result = forms.ChoiceField(label="Результат", choices=Result.choices)
    grade = forms.IntegerField(label="Класс", required=False, min_value=1, max_value=11)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("event_kind") == EventKind.OTHER and not (data.get("event_name") or "").strip():
            self.add_error("event_name", "Укажите название олимпиады, конкурса или конференции.")
        return data

    def achievement(self) -> ManualAchievement:
        data = self.cleaned_data
        return ManualAchievement(
            school_year=data["school_year"],
            event_kind=data["event_kind"],
            event_name=data["event_name"],
            subject=data["subject"],
            level=data["level"],
            result=data["result"],
            grade=data["grade"],
        )


class NewChildForm(AchievementForm):
    """A child entered by hand with their first achievement; a school enters only its own."""

    participant_code = forms.CharField(
        label="Код участника",
        max_length=40,
        help_text="Обезличенный код обучающегося, как в протоколах и в реестре (без фамилий).",
    )
    organization = OrganizationChoiceField(
        label="Школа", queryset=Organization.objects.none(), empty_label=None
    )

    field_order = ("participant_code", "organization")

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean_participant_code(self) -> str:
        code = self.cleaned_data["participant_code"].strip()
        if not code:
            raise forms.ValidationError("Укажите код участника.")
        return code


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Примечание",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Без фамилий и других персональных данных: банк обезличен.",
    )


class ExclusionForm(forms.Form):
    reason = forms.CharField(label="Причина", max_length=500)
