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
