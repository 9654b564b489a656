"""Forms of the campaign pages: a new campaign, the department's return, the template upload.
The organisation's form itself is rendered from selectors and saved field by field by the
services (its fields depend on the campaign), so it has no Django form class."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from msoko.collection.campaigns.models import Campaign, Checklist
from msoko.collection.campaigns.rules import monitoring_indicators
from msoko.core.models import SchoolYear
from msoko.core.uploads import max_upload_bytes
from msoko.registry.forms import OrganizationChoiceField
from msoko.registry.models import Organization, OrganizationKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return OrganizationChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


def year_choices(today: dt.date) -> list[tuple[str, str]]:
    """The stored years and the current and next ones (a campaign in August is for September)."""
    start = SchoolYear.start_of(today)
    names = {f"{start}/{start + 1}", f"{start + 1}/{start + 2}"}
    names |= set(SchoolYear.objects.values_list("name", flat=True))
    return [(n, n) for n in sorted(names, reverse=True)]


class CampaignForm(forms.Form):
    title = forms.CharField(label="Название", max_length=300)
    description = forms.CharField(
        label="Пояснение для организаций",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Что и зачем собирается, к кому обращаться с вопросами.",
    )
    school_year = forms.ChoiceField(label="Учебный год")
    starts_on = forms.DateField(label="Начало", widget=_DATE)
    deadline = forms.DateField(label="Срок представления", widget=_DATE)
    ends_on = forms.DateField(
        label="Окончание", widget=_DATE, help_text="После окончания формы закрываются для изменений."
    )
    indicators = forms.MultipleChoiceField(label="Показатели", required=False)
    checklist = forms.ModelChoiceField(
        label="Чек-лист", required=False, queryset=Checklist.objects.all(), empty_label="без чек-листа"
    )
    kinds = forms.MultipleChoiceField(
        label="Типы организаций",
        required=False,
        choices=OrganizationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Форму получат все организации выбранных типов.",
    )
    organizations = OrganizationsField(
        label="И/или отдельные организации",
        required=False,
        queryset=Organization.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Удерживайте Ctrl, чтобы выбрать несколько.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["school_year"].choices = year_choices(today)
        self.fields["indicators"].choices = [(i.code, i.title) for i in monitoring_indicators()]
        if not self.is_bound:
            self.initial.setdefault(
                "school_year", f"{SchoolYear.start_of(today)}/{SchoolYear.start_of(today) + 1}"
            )
            self.initial.setdefault("starts_on", today)

    def indicator_groups(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """The catalogue's monitoring indicators by level, each with whether it is ticked."""
        chosen = set(self.data.getlist("indicators") if self.is_bound else self.initial.get("indicators", []))
        groups: dict[str, list[dict[str, Any]]] = {}
        for i in monitoring_indicators():
            groups.setdefault(str(i.level), []).append(
                {"code": i.code, "title": i.title, "unit": str(i.unit), "checked": i.code in chosen}
            )
        return list(groups.items())


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Что исправить",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Напишите, что нужно исправить: комментарий увидит организация."},
    )
    items = forms.MultipleChoiceField(
        label="Пункты чек-листа на доработку", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, item_choices: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(str(pk), label) for pk, label in item_choices]
        if not item_choices:
            del self.fields["items"]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Заполненный шаблон (XLSX) или файл в формате мониторинга (XLSX, CSV)",
        error_messages={"required": "Выберите файл."},
    )
    campaign = forms.ModelChoiceField(
        label="Кампания",
        required=False,
        queryset=Campaign.objects.none(),
        empty_label="определить по шаблону",
        help_text="Нужна, только если файл сделан не из шаблона формы.",
    )

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["file"].widget.attrs.update(
            {"accept": ".xlsx,.csv", "data-max-bytes": str(max_upload_bytes())}
        )
