"""Django admin of assessments: procedures and schemes are corrected by hand (audited);
loaded results are evidence and only viewed here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from msoko.assessments.models import Batch, Procedure, QuarantineRow, ResultCoverage, Scheme, SchemeTask
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


class BatchViewOnlyMixin(ReadOnlyAdminMixin):
    """A batch may be deleted (with its results; audited), never edited."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Batch)
class BatchAdmin(AuditedAdminMixin, BatchViewOnlyMixin, admin.ModelAdmin):
    list_display = ("pk", "kind", "procedure", "created_at", "rows", "organizations", "quarantined")
    list_filter = ("kind", "procedure__kind", "school_year")
    search_fields = ("procedure__subject", "import_record__filename")
    list_select_related = ("procedure__school_year", "school_year")
    readonly_fields = [f.name for f in Batch._meta.fields]
    date_hierarchy = "created_at"


@admin.register(QuarantineRow)
class QuarantineRowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("batch", "row", "resolved")
    list_filter = ("resolved",)
    readonly_fields = [f.name for f in QuarantineRow._meta.fields]


@admin.register(ResultCoverage)
class ResultCoverageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("procedure", "organization", "batch", "participants", "absent", "active")
    list_filter = ("active", "procedure__kind", "procedure__school_year")
    search_fields = ("organization__code", "organization__name", "procedure__subject")
    list_select_related = ("procedure__school_year", "organization", "batch")
    readonly_fields = [f.name for f in ResultCoverage._meta.fields]
