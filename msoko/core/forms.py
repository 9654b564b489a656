"""Forms of the core pages: login and the filters of the history and the audit log."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from msoko.core.models import AuditAction, ImportStatus
from msoko.core.selectors import IMPORT_KINDS
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


class ImportHistoryFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Вид данных", required=False, choices=[("", "Все"), *IMPORT_KINDS.items()])
    status = forms.ChoiceField(label="Итог", required=False, choices=[("", "Все"), *ImportStatus.choices])


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


def filter_values(form: forms.Form) -> dict:
    """Cleaned filter values; a value that fails validation is ignored rather than an error page."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
