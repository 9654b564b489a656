"""Forms of the core pages: login and the filters of the history and the audit log."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from msoko.core.models import AuditAction, ImportStatus
from msoko.core.selectors import IMPORT_KINDS


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
