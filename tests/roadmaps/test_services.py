"""Loading, editing and scoping road maps (database)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from msoko.core.models import AuditAction, AuditEvent
from msoko.roadmaps import services
from msoko.roadmaps.models import Activity, RoadMap, Status
from msoko.roadmaps.selectors import dashboard, roadmap_export_frame
from tests import factories

pytestmark = pytest.mark.django_db

MUNICIPAL = """\
**План мероприятий («Дорожная карта») округа**

| № | Мероприятие | Срок | Ответственные | Ожидаемый результат |
|---|---|---|---|---|
| | Работа со ШНОР | | | |
| 1 | Методический десант в СШ № 1 | до 01.09.2021 | Отдел образования | Доля «2» по ВПР ниже 10 % |
| 2 | Семинар для директоров | ежегодно (август) | Отдел образования | Проведён семинар |
| 3 | Мониторинг сайтов школ | постоянно | Отдел образования | Справка |
"""

SCHOOL = """\
**План мероприятий («Дорожная карта») школы**

| № | Мероприятие | Срок | Ответственные |
|---|---|---|---|
| 1 | Педсовет по итогам ВПР | до 01.09.2021 | Директор |
| 2 | Посещение уроков | в течение года | Завуч |
"""


def test_import_writes_sections_activities_periods_and_an_audit_row(specialist, school_a):
    roadmap = services.import_roadmap_text(MUNICIPAL, title=None, organization=None, actor=specialist)

    assert roadmap.title == "План мероприятий («Дорожная карта») округа"
    assert [s.title for s in roadmap.sections.all()] == ["Работа со ШНОР"]
    first = roadmap.activities.get(number="1")
    assert (first.period_kind, first.deadline) == ("date", dt.date(2021, 9, 1))
    assert list(first.organizations.all()) == [school_a]  # «СШ № 1» names the school
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, object_id=str(roadmap.pk)).exists()


def test_reimport_replaces_the_plan_and_keeps_statuses(specialist):
    roadmap = services.import_roadmap_text(MUNICIPAL, title=None, organization=None, actor=specialist)
    services.set_status(activity=roadmap.activities.get(number="2"), status=Status.DONE, actor=specialist)

    again = services.import_roadmap_text(MUNICIPAL, title=None, organization=None, actor=specialist)

    assert again.pk == roadmap.pk
    assert RoadMap.objects.count() == 1
    assert Activity.objects.count() == 3
    assert again.activities.get(number="2").status == Status.DONE


def test_overdue_and_upcoming_on_the_dashboard(specialist):
    services.import_roadmap_text(MUNICIPAL, title=None, organization=None, actor=specialist)

    board = dashboard(specialist, today=dt.date(2021, 8, 10))
    later = dashboard(specialist, today=dt.date(2021, 9, 2))

    assert [a.number for _, a in board.upcoming] == ["2", "1"]  # 31.08 then 01.09
    assert [a.number for a in later.overdue] == ["1"]
    assert later.counts["overdue"] == 1


def test_a_school_sees_its_own_road_map_and_the_municipal_activities_naming_it(
    specialist, school_a, school_b
):
    services.import_roadmap_text(MUNICIPAL, title=None, organization=None, actor=specialist)
    own = services.import_roadmap_text(SCHOOL, title="Школа 1", organization=school_a, actor=specialist)
    other = services.import_roadmap_text(SCHOOL, title="Школа 2", organization=school_b, actor=specialist)
    user_a = factories.UserFactory(username="a", role="school", organization=school_a)
    user_b = factories.UserFactory(username="b", role="school", organization=school_b)

    seen_a = Activity.objects.visible_to(user_a)
    seen_b = Activity.objects.visible_to(user_b)

    assert {a.text for a in seen_a} == {
        "Педсовет по итогам ВПР",
        "Посещение уроков",
        "Методический десант в СШ № 1",
    }
    assert not seen_a.filter(roadmap=other).exists()
    assert set(seen_b.values_list("roadmap", flat=True)) == {other.pk}
    assert set(RoadMap.objects.visible_to(user_a)) == {own, RoadMap.objects.get(organization=None)}
    assert Activity.objects.visible_to(specialist).count() == 7


def test_a_school_records_execution_of_its_own_activity_only(
    specialist, school_a, school_b, settings, tmp_path
):
    own = services.import_roadmap_text(SCHOOL, title="Школа 1", organization=school_a, actor=specialist)
    other = services.import_roadmap_text(SCHOOL, title="Школа 2", organization=school_b, actor=specialist)
    user = factories.UserFactory(username="a", role="school", organization=school_a)
    execution = services.Execution(
        status=Status.DONE,
        evidence_url="https://school1.example/protocol",
        evidence_file=SimpleUploadedFile("протокол.pdf", b"%PDF-1"),
    )

    done = services.record_execution(activity=own.activities.get(number="1"), execution=execution, actor=user)

    assert done.status == Status.DONE
    assert done.evidence_file.name.startswith("roadmaps/")
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(done.pk), actor=user).exists()
    with pytest.raises(services.RoadMapRejected):
        services.record_execution(activity=other.activities.get(number="1"), execution=execution, actor=user)


def test_the_target_is_an_indicator_of_the_catalogue_and_the_department_sets_it(specialist, school_user):
    roadmap = services.import_roadmap_text(MUNICIPAL, title=None, organization=None, actor=specialist)
    activity = roadmap.activities.get(number="1")

    with pytest.raises(services.RoadMapRejected, match="не найден в каталоге"):
        services.set_target(
            activity=activity,
            indicator_code="nope",
            value=10,
            school_year=None,
            organizations=None,
            actor=specialist,
        )
    with pytest.raises(services.RoadMapRejected):
        services.set_target(
            activity=activity,
            indicator_code="results.success_rate",
            value=90,
            school_year=None,
            organizations=None,
            actor=school_user,
        )
    services.set_target(
        activity=activity,
        indicator_code="results.success_rate",
        value=90,
        school_year=None,
        organizations=None,
        actor=specialist,
    )

    activity.refresh_from_db()
    assert (activity.target_indicator, activity.target_value) == ("results.success_rate", 90)


def test_the_export_has_exactly_the_columns_of_the_spec(specialist):
    services.import_roadmap_text(MUNICIPAL, title=None, organization=None, actor=specialist)

    frame = roadmap_export_frame(today=dt.date(2021, 9, 2))

    assert frame.columns == [
        "Дорожная карта",
        "Раздел",
        "№",
        "Мероприятие",
        "Срок",
        "Ответственные",
        "Ожидаемый результат",
        "Статус",
    ]
    assert frame.row(0) == (
        "План мероприятий («Дорожная карта») округа",
        "Работа со ШНОР",
        "1",
        "Методический десант в СШ № 1",
        "до 01.09.2021",
        "Отдел образования",
        "Доля «2» по ВПР ниже 10 %",
        "просрочено",
    )
    assert set(frame.get_column("Статус")) == {"просрочено", "запланировано"}
