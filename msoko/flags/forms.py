"""The form of a school's explanation of a flag."""

from __future__ import annotations

from typing import Any

from django import forms


class DisputeForm(forms.Form):
    explanation = forms.CharField(
        label="Объяснение школы",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Что школа говорит о флаге: документы, обстоятельства проведения работы, проверка.",
    )
    excluded_class = forms.ChoiceField(
        label="Пересчитать без класса",
        required=False,
        help_text="Флаг пересчитается так, будто результатов класса нет; сохраняются оба результата.",
    )

    def __init__(self, *args: Any, classes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["excluded_class"].choices = [("", "— не исключать —"), *((c, c) for c in classes)]


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
