"""Django admin of the bank of gifted children: viewed only, since every change is audited and
goes through the pages (``services``)."""

from __future__ import annotations

from django.contrib import admin

from msoko.core.admin import ReadOnlyAdminMixin
from msoko.directions.talents.models import Achievement, GiftedChild


class AchievementInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Achievement
    fields = ("school_year", "event_kind", "event_name", "subject", "level", "result", "grade", "source")
    extra = 0


@admin.register(GiftedChild)
class GiftedChildAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("participant_code", "organization", "inclusion", "excluded", "added_at")
    list_filter = ("inclusion", "excluded", "municipality")
    search_fields = ("participant_code", "organization__code")
    list_select_related = ("organization",)
    inlines = (AchievementInline,)
