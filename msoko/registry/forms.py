"""Forms of the registry pages: list filters and the upload of a registry file."""

from __future__ import annotations

from typing import Any

from django import forms

from msoko.core.forms import UploadField
from msoko.core.models import parse_school_year
from msoko.registry import selectors
from msoko.registry.models import Category, Locality, OrganizationKind


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.display_name}"


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(
        label="Поиск",
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": "код или наименование", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label="Тип", required=False, choices=[("", "Все типы"), *OrganizationKind.choices]
    )
    locality = forms.ChoiceField(
        label="Местность", required=False, choices=[("", "Любая"), *Locality.choices]
    )
    municipality = forms.ModelChoiceField(
        label="Муниципалитет", required=False, queryset=None, empty_label="Все муниципалитеты"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = selectors.municipality_choices(user=user)


class ClassFilterForm(forms.Form):
    school_year = forms.ModelChoiceField(
        label="Учебный год", required=False, queryset=None, empty_label="Все годы"
    )
    organization = OrganizationChoiceField(
        label="Организация", required=False, queryset=None, empty_label="Все организации"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = selectors.school_year_choices()
        self.fields["organization"].queryset = selectors.organization_choices(user=user)


class TeacherFilterForm(ClassFilterForm):
    q = forms.CharField(
        label="Код педагога",
        required=False,
        max_length=40,
        widget=forms.SearchInput(attrs={"placeholder": "код педагога", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label="Категория", required=False, choices=[("", "Любая"), *Category.choices]
    )
    position = forms.ChoiceField(label="Должность", required=False)

    field_order = ("q", "school_year", "organization", "category", "position")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        positions = selectors.teacher_positions(user=user)
        self.fields["position"].choices = [("", "Любая"), *((p, p) for p in positions)]


class ImportKind:
    ORGANIZATIONS = "organizations"
    TEACHERS = "teachers"
    CHOICES = ((ORGANIZATIONS, "Организации"), (TEACHERS, "Педагоги"))


class RegistryImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="Что загружается",
        choices=ImportKind.CHOICES,
        widget=forms.RadioSelect,
        initial=ImportKind.ORGANIZATIONS,
    )
    school_year = forms.CharField(
        label="Учебный год",
        required=False,
        max_length=20,
        help_text="Обязателен для педагогов, например 2024/2025.",
        widget=forms.TextInput(attrs={"placeholder": "2024/2025"}),
    )
    file = UploadField(
        label="Файл",
        help_text="CSV (разделитель «;» или «,», кодировка UTF-8 или Windows-1251) или XLSX.",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_school_year(self) -> str:
        text = self.cleaned_data["school_year"].strip()
        if text and parse_school_year(text) is None:
            raise forms.ValidationError(f"Ожидается учебный год вида 2024/2025, получено «{text}».")
        return parse_school_year(text) or ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("kind") == ImportKind.TEACHERS
            and not data.get("school_year")
            and not self.has_error("school_year")
        ):
            self.add_error("school_year", "Для загрузки педагогов укажите учебный год.")
        return data
