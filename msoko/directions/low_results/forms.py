"""The form of a school's entry in the ШНОР register."""

from __future__ import annotations

from typing import Any

from django import forms


class SupportEntryForm(forms.Form):
    """A school's entry in the year's ШНОР register: the order, the mentor, the programme."""

    order_number = forms.CharField(label="Номер приказа", max_length=60)
    order_date = forms.DateField(
        label="Дата приказа",
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "дд.мм.гггг"}, format="%d.%m.%Y"),
    )
    mentor = forms.ChoiceField(label="Школа-наставник", required=False)
    programme = forms.CharField(
        label="Программа перехода в эффективный режим работы",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Кратко: цели, меры, сроки; позже — ссылка на дорожную карту школы.",
    )

    def __init__(self, *args: Any, mentors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = mentors
