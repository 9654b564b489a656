"""Django admin of the registry: corrections by hand, each one written to the audit log."""

from __future__ import annotations

from django.contrib import admin

from msoko.core.admin import AuditedAdminMixin
from msoko.registry.models import (
    ClassGroup,
    Enrollment,
    Municipality,
    Organization,
    OrganizationAlias,
    Student,
    Teacher,
)


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "is_demo")
    list_filter = ("is_demo",)
    search_fields = ("name",)


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "kind", "municipality", "locality", "students_count")
    list_filter = ("kind", "locality", "municipality")
    search_fields = ("code", "name", "short_name", "aliases__code")
    list_select_related = ("municipality",)
    inlines = (OrganizationAliasInline,)
    fieldsets = (
        (None, {"fields": ("code", "name", "short_name", "kind", "municipality", "locality")}),
        (
            "Социальный контекст",
            {
                "fields": (
                    "students_count",
                    "low_income_share",
                    "higher_education_parents_share",
                    "sen_share",
                    "non_native_russian_share",
                )
            },
        ),
    )


@admin.register(OrganizationAlias)
class OrganizationAliasAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "organization")
    search_fields = ("code", "organization__code", "organization__name")
    autocomplete_fields = ("organization",)


@admin.register(ClassGroup)
class ClassGroupAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("class_name", "organization", "school_year", "grade", "letter")
    list_filter = ("school_year", "grade")
    search_fields = ("organization__code", "organization__name")
    list_select_related = ("organization", "school_year")
    autocomplete_fields = ("organization",)

    @admin.display(description="класс")
    def class_name(self, group: ClassGroup) -> str:
        return group.name


@admin.register(Student)
class StudentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "organization", "sex", "has_sen")
    list_filter = ("sex", "has_sen")
    search_fields = ("code", "organization__code")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)


@admin.register(Enrollment)
class EnrollmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("student", "class_group", "school_year")
    list_filter = ("school_year",)
    search_fields = ("student__code", "class_group__organization__code")
    list_select_related = ("student", "class_group", "school_year")
    raw_id_fields = ("student", "class_group")


@admin.register(Teacher)
class TeacherAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("code", "school_year", "organization", "position", "category", "mentor")
    list_filter = ("school_year", "category")
    search_fields = ("code", "organization__code", "position")
    list_select_related = ("organization", "school_year", "mentor")
    autocomplete_fields = ("organization",)
    raw_id_fields = ("mentor",)
