"""The management page's form: publish or unpublish one procedure."""

from __future__ import annotations

from django import forms

from msoko.publication.selectors import public_procedures


class PublicationForm(forms.Form):
    procedure = forms.ModelChoiceField(queryset=public_procedures(), label="Процедура")
    published = forms.TypedChoiceField(
        choices=[("1", "опубликовать"), ("0", "снять с публикации")],
        coerce=lambda value: value == "1",
        label="Действие",
    )
    reason = forms.CharField(label="Причина", required=False, max_length=1000)
