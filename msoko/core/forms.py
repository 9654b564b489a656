"""Forms of the core pages: login and the filters of the history and the audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from msoko.core.imports.kinds import ImportKind, Param, import_kinds
from msoko.core.models import AuditAction, ImportStatus, parse_school_year
from msoko.core.uploads import max_upload_bytes, upload_size_problem


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Логин",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Пароль",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Неверный логин или пароль. Проверьте раскладку клавиатуры и Caps Lock.",
        "inactive": "Учётная запись отключена. Обратитесь к администратору.",
    }


class UploadField(forms.FileField):
    """A file of at most MSOKO_MAX_UPLOAD_MB; every upload form uses it (docs/operations.md#uploads).

    The request itself is refused earlier when its body is over the limit
    (core/middleware.py); this names the field when only the file is. The browser is told the
    limit too (``data-max-bytes``), so the results page can refuse before sending.
    """

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        return _UploadBoundField(form, self, field_name)

    def validate(self, value: object) -> None:
        super().validate(value)
        problem = upload_size_problem(value.size) if value else None
        if problem:
            raise forms.ValidationError(problem[:1].upper() + problem[1:] + ".", code="too_big")


class _UploadBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs: dict, widget: forms.Widget | None = None) -> dict:
        # at rendering, not when the form class is defined: the setting is read when it is used
        return {**super().build_widget_attrs(attrs, widget), "data-max-bytes": str(max_upload_bytes())}


class PasswordChangeRuForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Текущий пароль введён неверно.",
        "password_mismatch": "Новые пароли не совпадают.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Текущий пароль"
        self.fields["new_password1"].label = "Новый пароль"
        self.fields["new_password2"].label = "Новый пароль ещё раз"


class ImportHistoryFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Вид данных", required=False)
    status = forms.ChoiceField(label="Итог", required=False, choices=[("", "Все"), *ImportStatus.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Все"), *((k.code, k.title.capitalize()) for k in import_kinds())]


class ImportForm(forms.Form):
    """The upload form of one import kind: the file and the kind's parameters, as declared."""

    file = UploadField(label="Файл")

    def __init__(self, *args: Any, kind: ImportKind, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["file"].help_text = "Форматы: " + ", ".join(kind.extensions)
        self.fields["file"].widget.attrs["accept"] = ",".join(kind.extensions)
        department = user is None or getattr(user, "sees_all_organizations", False)
        self.shown = [p for p in kind.params if p.web and (department or not p.department_only)]
        for param in self.shown:
            self.fields[param.name] = _field(param)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.kind.extensions):
            raise forms.ValidationError(
                f"ожидается файл {', '.join(self.kind.extensions)}, загружен «{upload.name}»"
            )
        return upload

    def params(self) -> dict[str, Any]:
        """The cleaned parameters as the import pipeline takes them (a share, not a percentage)."""
        out = {}
        for param in self.shown:
            if self.cleaned_data.get(param.name) in (None, ""):
                continue
            value = self.cleaned_data[param.name]
            if param.type == "percent":
                value = float(value) / 100
            elif param.type == "year":
                value = parse_school_year(value)
            out[param.name] = value
        return out


def _field(param: Param) -> forms.Field:
    common = {"label": param.label, "required": param.required, "help_text": param.help.replace("%%", "%")}
    if param.type == "flag":
        return forms.BooleanField(**(common | {"required": False}))
    if param.type == "procedure":
        return forms.ChoiceField(choices=[(c, c) for c in param.choices], **common)
    if param.type == "grade":
        return forms.TypedChoiceField(choices=[(g, g) for g in range(1, 12)], coerce=int, **common)
    if param.type == "percent":
        percent = (param.default or 0) * 100
        initial = int(percent) if float(percent).is_integer() else percent
        return forms.FloatField(min_value=0, max_value=100, initial=initial, **common)
    if param.type == "int":
        return forms.IntegerField(min_value=1, **common)
    if param.type == "year":
        return forms.CharField(
            validators=[_school_year], widget=forms.TextInput(attrs={"placeholder": "2024/2025"}), **common
        )
    return forms.CharField(max_length=200, **common)


def _school_year(value: str) -> None:
    if parse_school_year(value) is None:
        raise forms.ValidationError(f"ожидается учебный год вида 2024/2025, получено «{value}»")


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="Действие", required=False, choices=[("", "Все действия"), *AuditAction.choices]
    )
    login = forms.CharField(
        label="Логин",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"list": "audit-logins", "placeholder": "например, spec"}),
    )
    since = forms.DateField(label="С", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="По", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    object_type = forms.ChoiceField(label="Объект", required=False)
    text = forms.CharField(
        label="Описание содержит",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "например, 0001"}),
    )
    ip = forms.GenericIPAddressField(label="IP-адрес", required=False)

    def __init__(self, *args, object_types: list[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", "Все объекты"), *object_types]


def filter_values(form: forms.Form) -> dict:
    """Cleaned filter values; a value that fails validation is ignored rather than an error page."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
