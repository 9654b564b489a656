"""Django admin of schools' recorded explanations: evidence, viewed only."""

from __future__ import annotations

from django.contrib import admin

from msoko.core.admin import ReadOnlyAdminMixin
from msoko.directions.objectivity.models import FlagDispute


@admin.register(FlagDispute)
class FlagDisputeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "organization",
        "school_year",
        "level",
        "excluded_class",
        "what_if_level",
        "recorded_by",
        "recorded_at",
    )
    list_filter = ("school_year",)
    search_fields = ("organization__code", "explanation")
    list_select_related = ("organization", "school_year", "recorded_by")
