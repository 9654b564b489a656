"""Django admin of the direction 8 registers: corrections by hand, each one audited."""

from __future__ import annotations

from django.contrib import admin

from msoko.core.admin import AuditedAdminMixin
from msoko.directions.methodical.models import Association, PlanItem, Practice


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ("position", "date", "month", "topic", "form", "responsible", "done")


@admin.register(Association)
class AssociationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "level", "subject", "school_year", "organization", "leader")
    list_filter = ("level", "school_year")
    search_fields = ("name", "subject", "organization__code", "leader__code")
    list_select_related = ("school_year", "organization", "leader")
    raw_id_fields = ("leader", "members")
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = (PlanItemInline,)


@admin.register(Practice)
class PracticeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "school_year",
        "organization",
        "author_code",
        "direction",
        "status",
        "reviewed_at",
    )
    list_filter = ("status", "direction", "school_year")
    search_fields = ("title", "theme", "subject", "author_code", "organization__code")
    list_select_related = ("school_year", "organization")
    raw_id_fields = ("author",)
    readonly_fields = ("reviewed_by", "reviewed_at", "created_by", "created_at", "updated_at")
