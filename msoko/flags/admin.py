"""Django admin of flags: computed flags are evidence, viewed only."""

from __future__ import annotations

from django.contrib import admin

from msoko.core.admin import ReadOnlyAdminMixin
from msoko.flags.models import Flag


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("organization", "school_year", "kind", "level", "computed_at")
    list_filter = ("kind", "level", "school_year")
    search_fields = ("organization__code", "organization__name")
    list_select_related = ("organization", "school_year")
