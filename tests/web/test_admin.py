"""The Django admin: changes are written to the audit log; every title and column is Russian."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.urls import reverse

from msoko.core.models import AuditAction, AuditEvent
from msoko.registry.models import Municipality, Organization

pytestmark = pytest.mark.django_db


def _org_form(org: Organization, **changes: object) -> dict:
    data = {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "municipality": org.municipality_id,
        "locality": org.locality,
        "students_count": org.students_count or "",
        "low_income_share": "",
        "higher_education_parents_share": "",
        "sen_share": "",
        "non_native_russian_share": "",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-code": "",
        "aliases-0-id": "",
        "aliases-0-organization": org.pk,
    }
    data.update(changes)
    return data


def test_admin_change_of_an_organization_writes_an_update_event(client, admin_user, school_a):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:registry_organization_change", args=[school_a.pk]),
        _org_form(school_a, short_name="Школа № 1"),
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.actor == admin_user
    assert event.object_id == str(school_a.pk)
    assert "Школа № 1" in event.summary
    assert "краткое наименование" in event.summary


def test_admin_inline_alias_is_audited(client, admin_user, school_a):
    client.force_login(admin_user)

    client.post(
        reverse("admin:registry_organization_change", args=[school_a.pk]),
        _org_form(school_a, **{"aliases-0-code": "sch220001"}),
    )

    assert AuditEvent.objects.filter(action=AuditAction.CREATE, summary__contains="sch220001").exists()


def test_admin_create_and_delete_write_events(client, admin_user):
    client.force_login(admin_user)

    client.post(reverse("admin:registry_municipality_add"), {"name": "Новый округ"})
    municipality = Municipality.objects.get(name="Новый округ")
    client.post(reverse("admin:registry_municipality_delete", args=[municipality.pk]), {"post": "yes"})

    assert AuditEvent.objects.filter(action=AuditAction.CREATE, summary__contains="Новый округ").exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, summary__contains="Новый округ").exists()
    assert not Municipality.objects.filter(name="Новый округ").exists()


def test_audit_log_is_read_only_in_admin(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:core_user_changelist",
        "admin:core_user_add",
        "admin:core_schoolyear_changelist",
        "admin:core_importrecord_changelist",
        "admin:registry_organization_changelist",
        "admin:registry_organization_add",
        "admin:registry_organizationalias_changelist",
        "admin:registry_classgroup_changelist",
        "admin:registry_student_changelist",
        "admin:registry_enrollment_changelist",
        "admin:registry_teacher_changelist",
    ],
)
def test_admin_pages_render(client, admin_user, school_a, url_name):
    client.force_login(admin_user)

    assert client.get(reverse(url_name)).status_code == 200


RUSSIAN = re.compile("[а-яё№]", re.IGNORECASE)


def test_every_model_and_field_of_ours_has_a_russian_name():
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("msoko"):
            continue
        meta = model._meta
        names = [("", meta.verbose_name), ("(мн.)", meta.verbose_name_plural)]
        names += [
            (field.name, field.verbose_name)
            for field in meta.get_fields()
            if field.concrete and field.name != "id"
        ]
        missing += [f"{meta.label}.{name}: {text}" for name, text in names if not RUSSIAN.search(str(text))]
        assert str(meta.verbose_name_plural) != f"{meta.verbose_name}s", meta.label

    assert missing == []


def test_every_admin_column_and_filter_is_titled_in_russian():
    missing = []
    for model, model_admin in admin.site._registry.items():
        columns = list(model_admin.list_display)
        columns += [f for f in model_admin.list_filter if isinstance(f, str)]
        for name in columns:
            field = name if name.startswith("__") else name.split("__")[0]
            label = label_for_field(field, model, model_admin)
            if not RUSSIAN.search(str(label)):
                missing.append(f"{model._meta.label}: {name} → {label}")

    assert missing == []
