"""Forms of the road map pages: upload (two steps), execution, target."""

from __future__ import annotations

from django import forms

from msoko.core.models import SchoolYear
from msoko.registry.models import Organization
from msoko.roadmaps.import_kinds import EXTENSIONS
from msoko.roadmaps.models import Status


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Документ", help_text="Файл .txt, .md или .docx с таблицей плана мероприятий."
    )
    organization = forms.ModelChoiceField(
        label="Дорожная карта школы",
        queryset=Organization.objects.order_by("code"),
        required=False,
        empty_label="— муниципальная дорожная карта —",
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(f"ожидается файл {', '.join(EXTENSIONS)}; получен «{file.name}»")
        return file


class ConfirmForm(forms.Form):
    """Step two: the staged file (by its SHA-256) and the choices of step one."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    filename = forms.CharField(max_length=255, widget=forms.HiddenInput)
    organization = forms.CharField(required=False, widget=forms.HiddenInput)


class ExecutionForm(forms.Form):
    status = forms.ChoiceField(label="Статус", choices=Status.choices)
    evidence_url = forms.URLField(
        label="Ссылка на подтверждение", required=False, max_length=500, assume_scheme="https"
    )
    evidence_note = forms.CharField(
        label="Отметка об исполнении", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_file = forms.FileField(label="Файл подтверждения", required=False)
    clear_file = forms.BooleanField(label="Удалить прежний файл", required=False)


class TargetForm(forms.Form):
    target_indicator = forms.CharField(label="Код показателя каталога", required=False, max_length=100)
    target_value = forms.DecimalField(
        label="Целевое значение", required=False, max_digits=14, decimal_places=4
    )
    target_year = forms.ModelChoiceField(
        label="Учебный год", queryset=SchoolYear.objects.order_by("-start_year"), required=False
    )
    organizations = forms.ModelMultipleChoiceField(
        label="Названные школы (видят мероприятие)",
        queryset=Organization.objects.order_by("code"),
        required=False,
    )
