"""Forms of the assessment pages: results upload and correction, procedure filters, schemes."""

from __future__ import annotations

from typing import Any

from django import forms

from msoko.assessments.import_kinds import REGIONAL
from msoko.assessments.importers.reference import MARK_SUM_TOLERANCE
from msoko.assessments.models import (
    TASK_MATRIX_KINDS,
    Level,
    Procedure,
    ProcedureKind,
    ReferenceScope,
    Scheme,
)
from msoko.assessments.services import ProcedureKey
from msoko.assessments.services.reference import MARK_METRICS, metric_title
from msoko.assessments.services.scheme_editing import MARKS, MAX_TASK_SCORE, scale_problems
from msoko.core.forms import UploadField
from msoko.core.models import SchoolYear, parse_school_year

UPLOAD_ACCEPT = ".csv,.xlsx,.txt"
SUBJECTS_DATALIST = "scheme-subjects"


def _clean_year(text: str) -> str:
    year = parse_school_year(text.strip())
    if year is None:
        raise forms.ValidationError(f"Ожидается учебный год вида 2024/2025, получено «{text.strip()}».")
    return year


class ProcedureKeyForm(forms.Form):
    """Which procedure a `results` file belongs to: kind, subject, grade and school year."""

    kind = forms.ChoiceField(
        label="Процедура", choices=[(kind.value, kind.label) for kind in TASK_MATRIX_KINDS]
    )
    subject = forms.CharField(
        label="Предмет",
        max_length=100,
        widget=forms.TextInput(
            attrs={"list": SUBJECTS_DATALIST, "autocomplete": "off", "placeholder": "Математика"}
        ),
    )
    grade = forms.IntegerField(
        label="Параллель",
        min_value=1,
        max_value=11,
        error_messages={"invalid": "Параллель — целое число от 1 до 11."},
    )
    school_year = forms.CharField(
        label="Учебный год", max_length=20, widget=forms.TextInput(attrs={"placeholder": "2024/2025"})
    )

    def clean_subject(self) -> str:
        return " ".join(self.cleaned_data["subject"].split())

    def clean_school_year(self) -> str:
        return _clean_year(self.cleaned_data["school_year"])

    def procedure_key(self) -> ProcedureKey:
        data = self.cleaned_data
        return ProcedureKey(data["kind"], data["subject"], data["grade"], data["school_year"])


class ResultsUploadForm(ProcedureKeyForm):
    file = UploadField(
        label="Файл результатов",
        help_text="CSV (разделитель «;» или «,», UTF-8 или Windows-1251) или XLSX; "
        "подходят и выгрузки ФИС ОКО.",
        widget=forms.FileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )
    quarantine = forms.BooleanField(
        label="Загрузить верные строки, ошибочные — в карантин",
        required=False,
        help_text="Ошибочные строки сохраняются с описанием ошибок, их можно исправить и дозагрузить.",
    )
    max_invalid_percent = forms.IntegerField(
        label="Допустимая доля ошибочных строк, %",
        min_value=0,
        max_value=100,
        initial=5,
        help_text="Если ошибочных строк больше, файл отклоняется целиком.",
    )

    regional = forms.BooleanField(
        label=REGIONAL.label,
        required=False,
        help_text=(
            "Строки школ, которых нет в реестре, — других муниципалитетов: они не ошибки и не "
            "загружаются, но вместе с вашими дают значения региона (строка «Регион» на страницах анализа)."
        ),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and not getattr(user, "sees_all_organizations", False):
            del self.fields["regional"]  # a school loads its own rows only

    @property
    def max_invalid_share(self) -> float:
        return self.cleaned_data["max_invalid_percent"] / 100

    @property
    def regional_export(self) -> bool:
        return bool(self.cleaned_data.get("regional"))


class BatchCorrectionForm(forms.Form):
    """The corrected rows of a batch's quarantine; the procedure is the batch's own."""

    file = UploadField(
        label="Файл с исправленными строками",
        help_text="Скачанный карантин (XLSX) с исправленными ошибками или CSV с теми же столбцами.",
        widget=forms.FileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )

    def __init__(self, *args: Any, procedure: Procedure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure

    def procedure_key(self) -> ProcedureKey:
        p = self.procedure
        return ProcedureKey(p.kind, p.subject, p.grade, p.school_year.name)


class ProcedureFilterForm(forms.Form):
    school_year = forms.ModelChoiceField(
        label="Учебный год",
        required=False,
        queryset=SchoolYear.objects.order_by("-start_year"),
        empty_label="Все годы",
    )
    kind = forms.ChoiceField(
        label="Процедура", required=False, choices=[("", "Все процедуры"), *ProcedureKind.choices]
    )
    subject = forms.CharField(
        label="Предмет",
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"list": SUBJECTS_DATALIST, "autocomplete": "off"}),
    )


class SchemeTaskForm(forms.Form):
    """One task of the scheme being corrected; its label and position are not editable."""

    task_id = forms.IntegerField(widget=forms.HiddenInput)
    max_score = forms.IntegerField(
        label="Макс. балл",
        min_value=1,
        max_value=MAX_TASK_SCORE,
        widget=forms.NumberInput(attrs={"class": "input-narrow"}),
    )
    level = forms.ChoiceField(label="Уровень", choices=Level.choices)
    skill = forms.CharField(
        label="Проверяемые требования",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


SchemeTaskFormSet = forms.formset_factory(SchemeTaskForm, extra=0, can_delete=False, can_order=False)


class SchemeScaleForm(forms.Form):
    """The lowest primary score for «3», «4» and «5»; checked against the corrected maximum."""

    mark3 = forms.IntegerField(label="«3» от", required=False, min_value=0)
    mark4 = forms.IntegerField(label="«4» от", required=False, min_value=0)
    mark5 = forms.IntegerField(label="«5» от", required=False, min_value=0)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {f"mark{mark}": scheme.scale.get(str(mark)) for mark in MARKS})
        super().__init__(*args, **kwargs)
        self.scheme = scheme

    @property
    def scale(self) -> dict[int, int]:
        return {
            mark: self.cleaned_data[f"mark{mark}"]
            for mark in MARKS
            if self.cleaned_data.get(f"mark{mark}") is not None
        }

    def check_against(self, *, max_score: int, required: bool) -> bool:
        """Add the scale's problems for a work of ``max_score`` points; True if there are none."""
        problems = scale_problems(self.scale, max_score=max_score, required=required)
        for problem in problems:
            self.add_error(None, problem[:1].upper() + problem[1:] + ".")
        return not problems


class SchemeUploadForm(forms.Form):
    file = UploadField(
        label="Файл описания работы (YAML)",
        help_text="Формат описан в документации («scheme — описание работы»); кодировка UTF-8.",
        widget=forms.FileInput(attrs={"accept": ".yaml,.yml,.txt"}),
    )


class ReferenceForm(forms.Form):
    """The region's and Russia's figures of one procedure: a number per level × figure.

    Field names are ``<scope>__<metric>``; an empty field removes the figure.
    """

    def __init__(self, *args: Any, metrics: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics
        for scope in ReferenceScope:
            for metric in metrics:
                self.fields[f"{scope.value}__{metric}"] = forms.FloatField(
                    label=f"{scope.label}: {metric_title(metric)}",
                    required=False,
                    min_value=0,
                    max_value=100,
                    localize=True,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )

    def rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        """One row per figure with its bound fields in scope order, for the template's table."""
        return [
            (metric_title(metric), [self[f"{scope.value}__{metric}"] for scope in ReferenceScope])
            for metric in self.metrics
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for scope in ReferenceScope:
            shares = [data.get(f"{scope.value}__{m}") for m in MARK_METRICS]
            if all(v is not None for v in shares) and abs(sum(shares) - 100) > MARK_SUM_TOLERANCE:
                total = f"{sum(shares):.1f}".replace(".", ",")
                raise forms.ValidationError(
                    f"{scope.label}: доли отметок «2»–«5» в сумме дают {total} %, а не 100 %."
                )
        return data

    def values(self) -> dict[str, dict[str, float | None]]:
        return {
            scope.value: {m: self.cleaned_data.get(f"{scope.value}__{m}") for m in self.metrics}
            for scope in ReferenceScope
        }


class ReferenceUploadForm(forms.Form):
    file = UploadField(
        label="Файл значений (CSV или XLSX)",
        help_text="Столбцы «Уровень; Показатель; Значение»: «Россия» или «Регион»; «Отметка 2»…«Отметка 5» "
        "или «Задание N»; процент.",
        widget=forms.FileInput(attrs={"accept": UPLOAD_ACCEPT}),
    )
