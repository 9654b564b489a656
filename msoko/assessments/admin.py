"""Django admin of assessments: procedures and schemes are corrected by hand (audited);
loaded results are evidence and only viewed here."""

from __future__ import annotations

from django.contrib import admin

from msoko.assessments.models import Procedure, ResultCoverage, Scheme, SchemeTask
from msoko.core.admin import AuditedAdminMixin, ReadOnlyAdminMixin


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("kind", "subject", "grade", "school_year")
    list_filter = ("kind", "school_year")
    search_fields = ("subject",)
    list_select_related = ("school_year",)


class SchemeTaskInline(admin.TabularInline):
    model = SchemeTask
    extra = 0
    fields = ("position", "label", "max_score", "level", "skill", "kes", "kt")


@admin.register(Scheme)
class SchemeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("procedure", "builtin", "updated_at")
    list_filter = ("builtin", "procedure__kind", "procedure__school_year")
    search_fields = ("procedure__subject",)
    list_select_related = ("procedure__school_year",)
    autocomplete_fields = ("procedure",)
    inlines = (SchemeTaskInline,)


@admin.register(ResultCoverage)
class ResultCoverageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("procedure", "organization", "batch", "participants", "absent", "active")
    list_filter = ("active", "procedure__kind", "procedure__school_year")
    search_fields = ("organization__code", "organization__name", "procedure__subject")
    list_select_related = ("procedure__school_year", "organization", "batch")
    readonly_fields = [f.name for f in ResultCoverage._meta.fields]
