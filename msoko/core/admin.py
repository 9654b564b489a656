"""Django admin of the core; every change made through the admin lands in the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from msoko.core.audit import client_ip, record
from msoko.core.imports.kinds import kind_title
from msoko.core.models import AuditAction, AuditEvent, Batch, ImportRecord, QuarantineRow, SchoolYear, User
from msoko.core.selectors import object_type_name


class AuditedAdminMixin:
    """Write an audit row for every create, update and delete done in the admin.

    The admin runs saves and deletes inside ``transaction.atomic``, so the audit row and the
    change commit together or not at all.
    """

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        noun = obj._meta.verbose_name
        if change:
            fields = [_field_label(obj, name) for name in form.changed_data]
            summary = f"Администрирование: изменён объект «{noun}» «{obj}»"
            if fields:
                summary += f" (поля: {', '.join(fields)})"
        else:
            summary = f"Администрирование: создан объект «{noun}» «{obj}»"
        record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            summary=summary,
            obj=obj,
            details={"fields": list(form.changed_data)} if change else {},
            ip=client_ip(request),
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self._record_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self._record_delete(request, obj)
        super().delete_queryset(request, queryset)

    def _record_delete(self, request: HttpRequest, obj: Model) -> None:
        # Recorded before the delete, while the object still has its primary key.
        record(
            actor=request.user,
            action=AuditAction.DELETE,
            summary=f"Администрирование: удалён объект «{obj._meta.verbose_name}» «{obj}»",
            obj=obj,
            ip=client_ip(request),
        )

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: Any, change: bool) -> None:
        """Inline rows (e.g. aliases of an organisation) are audited one by one."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self._record_delete(request, obj)
            obj.delete()
        for obj in instances:
            created = obj.pk is None
            obj.save()
            action = AuditAction.CREATE if created else AuditAction.UPDATE
            verb = "создан" if created else "изменён"
            record(
                actor=request.user,
                action=action,
                summary=f"Администрирование: {verb} объект «{obj._meta.verbose_name}» «{obj}»",
                obj=obj,
                ip=client_ip(request),
            )
        formset.save_m2m()


def _field_label(obj: Model, name: str) -> str:
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


class ReadOnlyAdminMixin:
    """The audit log and the import history are evidence: nobody edits them, even in the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "organization", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "organization__code")
    autocomplete_fields = ("organization",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Роль в МСОКО", {"fields": ("role", "organization")}),
        ("Личные данные", {"fields": ("first_name", "last_name", "email")}),
        (
            "Права доступа",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Важные даты", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        ("Роль в МСОКО", {"fields": ("role", "organization")}),
    )

    @admin.display(description="ФИО")
    def get_full_name(self, obj: User) -> str:
        return obj.get_full_name()

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """An administrator setting someone's password is audited like the user's own change."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            target = User.objects.filter(pk=id).first()
            if target is not None:
                record(
                    actor=request.user,
                    action=AuditAction.PASSWORD_CHANGED,
                    summary=f"Администрирование: задан новый пароль пользователя «{target.username}»",
                    obj=target,
                    ip=client_ip(request),
                )
        return response


@admin.register(SchoolYear)
class SchoolYearAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "start_year")
    search_fields = ("name",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "actor_name", "action", "summary", "object_title", "object_id", "ip")
    list_filter = ("action",)
    search_fields = ("actor_name", "summary", "object_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    @admin.display(description="объект", ordering="object_type")
    def object_title(self, event: AuditEvent) -> str:
        return object_type_name(event.object_type) if event.object_type else ""


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "actor", "kind_title", "filename", "school_year", "rows", "status")
    list_filter = ("kind", "status")
    search_fields = ("filename", "sha256")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in ImportRecord._meta.fields]

    @admin.display(description="вид данных", ordering="kind")
    def kind_title(self, record: ImportRecord) -> str:
        return kind_title(record.kind).capitalize()


class BatchViewOnlyMixin(ReadOnlyAdminMixin):
    """A batch may be deleted (with its results; audited), never edited."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Batch)
class BatchAdmin(AuditedAdminMixin, BatchViewOnlyMixin, admin.ModelAdmin):
    list_display = ("number", "kind_title", "title", "created_at", "rows", "organizations", "quarantined")
    list_filter = ("kind", "school_year")
    search_fields = ("title", "import_record__filename")
    list_select_related = ("school_year",)
    readonly_fields = [f.name for f in Batch._meta.fields]
    date_hierarchy = "created_at"

    @admin.display(description="№", ordering="pk")
    def number(self, batch: Batch) -> int:
        return batch.pk

    @admin.display(description="вид данных", ordering="kind")
    def kind_title(self, batch: Batch) -> str:
        return kind_title(batch.kind).capitalize()


@admin.register(QuarantineRow)
class QuarantineRowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("batch", "row", "resolved")
    list_filter = ("resolved",)
    readonly_fields = [f.name for f in QuarantineRow._meta.fields]


from msoko.core import admin_external  # noqa: E402, F401  (the libraries' admins, in Russian)
