"""Forms of the direction 8 registers: list filters, an association with its plan, a practice
and the department's review. The rules themselves are in rules.py, shared with the services."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from msoko.core.uploads import MB
from msoko.directions.catalogue import DIRECTIONS
from msoko.directions.methodical import selectors
from msoko.directions.methodical.models import MONTHS, EventForm, Level, PracticeStatus
from msoko.directions.methodical.rules import (
    ALLOWED_EXTENSIONS,
    MAX_FILE_BYTES,
    association_problems,
    date_problem,
    file_problem,
    practice_problems,
)
from msoko.directions.methodical.services import PlanEntry
from msoko.registry.forms import OrganizationChoiceField
from msoko.registry.selectors import organization_choices, school_year_choices

SUBJECTS_DATALIST = "methodical-subjects"
_CODES = re.compile(r"[\s,;]+")


def _required(message: str) -> dict[str, str]:
    return {"required": message}


# --- Filters ---------------------------------------------------------------------------------


class _FilterForm(forms.Form):
    school_year = forms.ModelChoiceField(
        label="Учебный год", required=False, queryset=None, empty_label="Все годы"
    )
    subject = forms.ChoiceField(label="Предмет", required=False)
    organization = OrganizationChoiceField(
        label="Организация", required=False, queryset=None, empty_label="Все организации"
    )

    def __init__(self, *args: Any, user: Any, subjects: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_year"].queryset = school_year_choices()
        self.fields["subject"].choices = [("", "Все предметы"), *((s, s) for s in subjects)]
        self.fields["organization"].queryset = organization_choices(user=user)


class AssociationFilterForm(_FilterForm):
    level = forms.ChoiceField(label="Уровень", required=False, choices=[("", "РМО и ШМО"), *Level.choices])


class PracticeFilterForm(_FilterForm):
    status = forms.ChoiceField(
        label="Статус", required=False, choices=[("", "Любой"), *PracticeStatus.choices]
    )


# --- Association -----------------------------------------------------------------------------


class AssociationForm(forms.Form):
    """An association's card. A school user gets no level and no organisation to choose: a
    school keeps only its own ШМО."""

    level = forms.ChoiceField(
        label="Уровень",
        choices=Level.choices,
        widget=forms.RadioSelect,
        initial=Level.SCHOOL,
        error_messages=_required("Выберите уровень: РМО или ШМО."),
    )
    name = forms.CharField(
        label="Название",
        max_length=300,
        error_messages=_required("Укажите название объединения."),
        widget=forms.TextInput(attrs={"placeholder": "например, РМО учителей математики"}),
    )
    subject = forms.CharField(
        label="Предмет (направление)",
        max_length=200,
        error_messages=_required("Укажите предмет или направление работы объединения."),
        widget=forms.TextInput(attrs={"list": SUBJECTS_DATALIST, "autocomplete": "off"}),
    )
    school_year = forms.ModelChoiceField(
        label="Учебный год",
        queryset=None,
        empty_label=None,
        error_messages=_required("Выберите учебный год."),
    )
    organization = OrganizationChoiceField(
        label="Школа (для ШМО)", required=False, queryset=None, empty_label="— районное объединение —"
    )
    leader_code = forms.CharField(
        label="Руководитель (код педагога)",
        max_length=40,
        required=False,
        help_text="Код из реестра педагогов этого учебного года; руководитель входит в состав.",
    )
    member_codes = forms.CharField(
        label="Участники (коды педагогов)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Через запятую, пробел или с новой строки. Только коды — без фамилий и имён.",
    )

    def __init__(self, *args: Any, user: Any, department: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["school_year"].queryset = school_year_choices()
        self.fields["organization"].queryset = organization_choices(user=user)
        if not department:
            del self.fields["level"], self.fields["organization"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "level" not in self.fields:
            data["level"], data["organization"] = Level.SCHOOL, self.user.organization
        year = data.get("school_year")
        if year is None or "level" not in data:
            return data
        leader_code = data.get("leader_code", "").strip()
        member_codes = [c for c in _CODES.split(data.get("member_codes", "")) if c]
        found = selectors.teachers_by_code(
            viewer=self.user, codes=[leader_code, *member_codes], school_year=year
        )
        missing = [c for c in dict.fromkeys(member_codes) if c not in found]
        if missing:
            self.add_error(
                "member_codes", f"Нет в реестре педагогов {year} учебного года: {', '.join(missing)}."
            )
        if leader_code and leader_code not in found:
            self.add_error(
                "leader_code", f"Педагога с кодом «{leader_code}» нет в реестре {year} учебного года."
            )
        leader = found.get(leader_code)
        members = [found[c] for c in dict.fromkeys([*member_codes, leader_code]) if c in found]
        problems = association_problems(
            level=data["level"],
            organization=data.get("organization"),
            school_year=year,
            leader=leader,
            members=members,
        )
        for key, message in problems.items():
            field = {"leader": "leader_code", "members": "member_codes"}.get(key, key)
            self.add_error(field if field in self.fields else None, message)
        data["leader"], data["members"] = leader, members
        return data


class PlanItemForm(forms.Form):
    date = forms.DateField(
        label="Дата", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    month = forms.TypedChoiceField(
        label="Месяц", required=False, coerce=int, empty_value=None, choices=[("", "—"), *MONTHS]
    )
    topic = forms.CharField(
        label="Тема", max_length=500, error_messages=_required("Укажите тему мероприятия.")
    )
    form = forms.ChoiceField(
        label="Форма",
        choices=[("", "—"), *EventForm.choices],
        error_messages=_required("Выберите форму: заседание, семинар, открытый урок…"),
    )
    responsible = forms.CharField(label="Ответственный", max_length=200, required=False)
    done = forms.BooleanField(label="Проведено", required=False)

    def __init__(self, *args: Any, school_year: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school_year = school_year

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.school_year is not None and not self.errors:
            problem = date_problem(
                day=data.get("date"), month=data.get("month"), school_year=self.school_year
            )
            if problem:
                self.add_error("date", problem)
        elif data.get("date") is None and data.get("month") is None and "date" not in self.errors:
            self.add_error("date", "Укажите дату или месяц мероприятия.")
        return data


class BasePlanFormSet(forms.BaseFormSet):
    def entries(self) -> list[PlanEntry]:
        """The filled, not deleted lines in their order on the form."""
        return [
            PlanEntry(
                topic=f.cleaned_data["topic"],
                form=f.cleaned_data["form"],
                date=f.cleaned_data["date"],
                month=f.cleaned_data["month"],
                responsible=f.cleaned_data["responsible"],
                done=f.cleaned_data["done"],
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


PlanFormSet = forms.formset_factory(
    PlanItemForm, formset=BasePlanFormSet, extra=3, can_delete=True, max_num=100, validate_max=True
)


def plan_initial(items: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "date": p.date,
            "month": p.month if p.date is None else None,
            "topic": p.topic,
            "form": p.form,
            "responsible": p.responsible,
            "done": p.done,
        }
        for p in items
    ]


# --- Practice --------------------------------------------------------------------------------


class PracticeForm(forms.Form):
    title = forms.CharField(
        label="Название практики", max_length=300, error_messages=_required("Укажите название практики.")
    )
    school_year = forms.ModelChoiceField(
        label="Учебный год",
        queryset=None,
        empty_label=None,
        error_messages=_required("Выберите учебный год."),
    )
    organization = OrganizationChoiceField(
        label="Организация", required=False, queryset=None, empty_label="— муниципальная практика —"
    )
    author_code = forms.CharField(
        label="Автор (код педагога)",
        max_length=40,
        required=False,
        help_text="Код из реестра педагогов, без фамилии и имени; совпавший код свяжет практику с педагогом.",
    )
    subject = forms.CharField(
        label="Предмет",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": SUBJECTS_DATALIST, "autocomplete": "off"}),
    )
    theme = forms.CharField(label="Тема", max_length=300, required=False)
    direction = forms.TypedChoiceField(
        label="Направление",
        coerce=int,
        initial=8,
        choices=[(d.number, f"{d.number}. {d.short_title}") for d in DIRECTIONS],
    )
    description = forms.CharField(label="Описание", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(
        label="Файл",
        required=False,
        widget=forms.FileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)}),
        help_text=f"PDF, DOCX, PPTX, XLSX или ZIP, до {MAX_FILE_BYTES // MB} МБ.",
    )
    remove_file = forms.BooleanField(label="Удалить приложенный файл", required=False)
    link = forms.URLField(
        label="Ссылка",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Введите ссылку полностью, например https://school.ru/practice."},
        # a text box styled as the others; the field still checks the address
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        help_text=f"Страница с материалами практики, если файла нет или он больше {MAX_FILE_BYTES // MB} МБ.",
    )

    def __init__(self, *args: Any, user: Any, department: bool, stored_file: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.stored_file = user, stored_file
        self.fields["school_year"].queryset = school_year_choices()
        self.fields["organization"].queryset = organization_choices(user=user)
        if not department:
            del self.fields["organization"]
        if not stored_file:
            del self.fields["remove_file"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            upload.seek(0)
            head = upload.read(8)
            upload.seek(0)
            problem = file_problem(name=upload.name, size=upload.size, head=head)
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "organization" not in self.fields:
            data["organization"] = self.user.organization
        if "file" in self.errors or "link" in self.errors:
            return data
        keeps = bool(self.stored_file) and not data.get("remove_file")
        for field, message in practice_problems(
            has_file=bool(data.get("file")) or keeps, link=data.get("link", "")
        ).items():
            self.add_error(field, message)
        return data


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label="Решение",
        widget=forms.RadioSelect,
        choices=[(PracticeStatus.APPROVED, "Одобрить"), (PracticeStatus.REJECTED, "Отклонить")],
        error_messages=_required("Выберите решение: одобрить или отклонить."),
    )
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Обязателен при отклонении: что доработать.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == PracticeStatus.REJECTED and not data.get("comment", "").strip():
            self.add_error("comment", "Укажите, почему практика отклонена.")
        return data
