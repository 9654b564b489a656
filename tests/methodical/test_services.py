"""Services of the direction 8 registers: rows, rules and the audit row of every write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from msoko.core.models import AuditAction, AuditEvent
from msoko.directions.methodical import selectors, services
from msoko.directions.methodical.models import Association, Level, Practice, PracticeStatus
from msoko.directions.methodical.rules import MethodicalRejected
from msoko.directions.methodical.services import PlanEntry
from tests import factories
from tests.methodical.conftest import PDF

pytestmark = pytest.mark.django_db


def _events(obj, action):
    return AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk), action=action)


def test_create_association_stores_members_plan_and_an_audit_row(rmo, specialist):
    assert rmo.organization is None
    assert sorted(rmo.members.values_list("code", flat=True)) == ["T-A1", "T-B1"]
    assert [(p.month, p.topic, p.done) for p in rmo.plan.all()] == [(9, "Анализ ВПР", True)]
    event = _events(rmo, AuditAction.CREATE).get()
    assert event.actor == specialist
    assert "РМО «РМО учителей математики»" in event.summary


def test_a_municipal_association_has_no_school(year, school_a):
    with pytest.raises(MethodicalRejected) as error:
        services.create_association(
            actor=None,
            level=Level.MUNICIPAL,
            name="РМО",
            subject="Физика",
            school_year=year,
            organization=school_a,
        )

    assert "У РМО нет организации" in error.value.problems["organization"]
    assert not Association.objects.exists()


def test_a_school_association_takes_only_its_own_teachers(year, school_a, teachers):
    with pytest.raises(MethodicalRejected) as error:
        services.create_association(
            actor=None,
            level=Level.SCHOOL,
            name="ШМО",
            subject="Математика",
            school_year=year,
            organization=school_a,
            members=[teachers["T-A1"], teachers["T-B1"]],
        )

    assert error.value.problems == {
        "members": "Участники не подходят объединению: T-B1 (педагог другой организации)."
    }


def test_the_leader_is_a_teacher_of_the_associations_year(year, school_a):
    earlier = factories.SchoolYearFactory(name="2023/2024", start_year=2023)
    old = factories.TeacherFactory(code="T-OLD", school_year=earlier, organization=school_a)

    with pytest.raises(MethodicalRejected) as error:
        services.create_association(
            actor=None, level=Level.MUNICIPAL, name="РМО", subject="Физика", school_year=year, leader=old
        )

    assert "педагог 2023/2024 учебного года" in error.value.problems["leader"]


def test_a_plan_date_outside_the_school_year_is_refused(year):
    entry = PlanEntry(topic="Семинар", form="seminar", date=dt.date(2025, 9, 15))

    with pytest.raises(MethodicalRejected) as error:
        services.create_association(
            actor=None, level=Level.MUNICIPAL, name="РМО", subject="Физика", school_year=year, plan=[entry]
        )

    assert "вне 2024/2025 учебного года" in str(error.value)


def test_a_dated_plan_line_gets_its_month(year):
    entry = PlanEntry(topic="Открытый урок", form="open_lesson", date=dt.date(2025, 2, 12))

    association = services.create_association(
        actor=None, level=Level.MUNICIPAL, name="РМО", subject="Физика", school_year=year, plan=[entry]
    )

    assert association.plan.get().month == 2


def test_update_association_records_the_changed_fields(rmo, specialist, teachers):
    services.update_association(
        actor=specialist,
        association=rmo,
        level=rmo.level,
        name="РМО математиков",
        subject=rmo.subject,
        school_year=rmo.school_year,
        organization=None,
        leader=rmo.leader,
        members=[teachers["T-B1"]],
        plan=[],
    )

    event = _events(rmo, AuditAction.UPDATE).get()
    assert event.details == {"fields": ["members", "name", "plan"]}
    assert not rmo.plan.exists()


def test_delete_association_is_audited(shmo_a, specialist):
    pk = shmo_a.pk

    services.delete_association(actor=specialist, association=shmo_a)

    assert not Association.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(pk)).count() == 1


def test_create_practice_stores_the_file_under_practices_and_links_the_author(practice_a, teachers):
    assert practice_a.file.name.startswith("practices/2024/")
    with default_storage.open(practice_a.file.name) as stored:
        assert stored.read() == PDF
    assert practice_a.author == teachers["T-A1"]
    assert practice_a.status == PracticeStatus.PENDING
    assert _events(practice_a, AuditAction.CREATE).count() == 1


@pytest.mark.parametrize(
    ("_case", "name", "content", "message"),
    [
        ("an executable", "practice.exe", b"MZ", "Ожидается файл pdf, docx, pptx, xlsx, zip"),
        ("a renamed file", "practice.docx", b"%PDF-1.4", "не является файлом DOCX"),
    ],
)
def test_create_practice_refuses_a_file_of_another_kind(year, _case, name, content, message):
    with pytest.raises(MethodicalRejected) as error:
        services.create_practice(
            actor=None, title="П", school_year=year, file=ContentFile(content, name=name)
        )

    assert message in error.value.problems["file"]
    assert not Practice.objects.exists()


def test_create_practice_refuses_a_file_over_the_limit(year, monkeypatch):
    monkeypatch.setattr("msoko.directions.methodical.rules.MAX_FILE_BYTES", 10)

    with pytest.raises(MethodicalRejected) as error:
        services.create_practice(actor=None, title="П", school_year=year, file=ContentFile(PDF, name="a.pdf"))

    assert "не больше" in error.value.problems["file"]


def test_a_practice_needs_a_file_or_a_link(year):
    with pytest.raises(MethodicalRejected) as error:
        services.create_practice(actor=None, title="П", school_year=year)

    assert error.value.problems == {"file": "Приложите файл или укажите ссылку на материалы практики."}


def test_review_practice_records_who_approved_and_when(practice_b, specialist):
    services.review_practice(actor=specialist, practice=practice_b, status=PracticeStatus.APPROVED)

    practice_b.refresh_from_db()
    assert practice_b.status == PracticeStatus.APPROVED
    assert practice_b.reviewed_by == specialist
    assert practice_b.reviewed_at is not None
    assert _events(practice_b, AuditAction.UPDATE).get().details["status"] == "approved"


def test_a_rejection_says_why(practice_b, specialist):
    with pytest.raises(MethodicalRejected):
        services.review_practice(actor=specialist, practice=practice_b, status=PracticeStatus.REJECTED)

    practice_b.refresh_from_db()
    assert practice_b.status == PracticeStatus.PENDING


@pytest.mark.parametrize("user_fixture", ["school_user", "methodologist"])
def test_only_the_department_reviews_a_practice(request, practice_b, user_fixture):
    user = request.getfixturevalue(user_fixture)

    with pytest.raises(PermissionDenied):
        services.review_practice(actor=user, practice=practice_b, status=PracticeStatus.APPROVED)

    assert not _events(practice_b, AuditAction.UPDATE).exists()


def _edit(practice, actor, **changes):
    fields = {
        name: getattr(practice, name)
        for name in ("title", "school_year", "organization", "author_code", "subject", "theme", "direction")
    }
    fields |= {"description": practice.description, "link": practice.link} | changes
    return services.update_practice(actor=actor, practice=practice, **fields)


def test_a_schools_change_sends_a_reviewed_practice_back_for_review(practice_a, specialist, school_user):
    services.review_practice(actor=specialist, practice=practice_a, status=PracticeStatus.APPROVED)

    _edit(practice_a, school_user, theme="Новая тема")

    practice_a.refresh_from_db()
    assert practice_a.status == PracticeStatus.PENDING
    assert practice_a.reviewed_by is None
    assert _events(practice_a, AuditAction.UPDATE).first().details == {
        "fields": ["theme"],
        "status_reset": True,
    }


def test_the_departments_change_keeps_the_review(practice_a, specialist):
    services.review_practice(actor=specialist, practice=practice_a, status=PracticeStatus.APPROVED)

    _edit(practice_a, specialist, theme="Новая тема")

    practice_a.refresh_from_db()
    assert practice_a.status == PracticeStatus.APPROVED


def test_delete_practice_removes_its_file(practice_a, specialist, django_capture_on_commit_callbacks):
    name = practice_a.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_practice(actor=specialist, practice=practice_a)

    assert not default_storage.exists(name)
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, summary__contains="удалена").count() == 1


def test_counts_by_year(rmo, shmo_a, shmo_b, practice_a, practice_b, specialist, school_user):
    services.review_practice(actor=specialist, practice=practice_b, status=PracticeStatus.APPROVED)

    assert selectors.association_counts_by_year() == [
        {"school_year": "2024/2025", "municipal": 1, "school": 2, "total": 3}
    ]
    # a school counts its own ШМО and the municipal РМО only
    assert selectors.association_counts_by_year(viewer=school_user) == [
        {"school_year": "2024/2025", "municipal": 1, "school": 1, "total": 2}
    ]
    assert selectors.practice_counts_by_year() == [
        {"school_year": "2024/2025", "pending": 1, "approved": 1, "rejected": 0, "total": 2}
    ]
