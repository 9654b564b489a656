"""The registers' pages: who sees and changes which rows, the forms' messages, the XLSX files."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from msoko.core.models import AuditAction, AuditEvent
from msoko.directions.methodical.models import Association, Level, Practice, PracticeStatus
from tests.methodical.conftest import PDF

pytestmark = pytest.mark.django_db


def _plan(rows=(), extra=3):
    """The management form and lines of the plan formset as the browser sends them."""
    data = {"plan-TOTAL_FORMS": str(len(rows) + extra), "plan-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data |= {f"plan-{index}-{key}": value for key, value in row.items()}
    return data


# --- Scoping ---------------------------------------------------------------------------------


def test_a_school_sees_its_shmo_and_the_rmo_but_not_another_schools(client, school_user, rmo, shmo_a, shmo_b):
    client.force_login(school_user)

    html = client.get(reverse("methodical:associations")).content.decode()

    assert shmo_a.name in html
    assert rmo.name in html
    assert shmo_b.name not in html


@pytest.mark.parametrize("name", ["association", "association_edit", "association_delete"])
def test_another_schools_shmo_is_not_found(client, school_user, shmo_b, name):
    client.force_login(school_user)

    assert client.get(reverse(f"methodical:{name}", args=[shmo_b.pk])).status_code == 404


def test_a_school_reads_the_rmo_but_may_not_change_it(client, school_user, rmo):
    client.force_login(school_user)

    page = client.get(reverse("methodical:association", args=[rmo.pk]))
    edit = client.get(reverse("methodical:association_edit", args=[rmo.pk]))
    delete = client.post(reverse("methodical:association_delete", args=[rmo.pk]))

    assert page.status_code == 200
    assert reverse("methodical:association_edit", args=[rmo.pk]) not in page.content.decode()
    assert (edit.status_code, delete.status_code) == (403, 403)
    assert Association.objects.filter(pk=rmo.pk).exists()


def test_a_school_sees_the_rmo_without_other_schools_teacher_codes(client, school_user, rmo):
    client.force_login(school_user)

    html = client.get(reverse("methodical:association", args=[rmo.pk])).content.decode()

    assert "T-A1" in html  # its own teacher
    assert "T-B1" not in html  # the leader, of another school
    assert "педагог другой школы" in html
    assert "1 педагог других школ" in html


def test_a_school_deletes_its_own_shmo(client, school_user, shmo_a):
    client.force_login(school_user)

    response = client.post(reverse("methodical:association_delete", args=[shmo_a.pk]))

    assert response.status_code == 302
    assert not Association.objects.filter(pk=shmo_a.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, actor=school_user).count() == 1


@pytest.mark.parametrize("name", ["practice", "practice_edit", "practice_delete", "practice_file"])
def test_another_schools_practice_is_not_found(client, school_user, practice_b, name):
    client.force_login(school_user)

    assert client.get(reverse(f"methodical:{name}", args=[practice_b.pk])).status_code == 404


def test_a_school_does_not_see_another_schools_practice_in_the_list(
    client, school_user, practice_a, practice_b
):
    client.force_login(school_user)

    html = client.get(reverse("methodical:practices")).content.decode()

    assert practice_a.title in html
    assert practice_b.title not in html


def test_a_school_may_not_approve_even_its_own_practice(client, school_user, practice_a):
    client.force_login(school_user)

    response = client.post(
        reverse("methodical:practice_review", args=[practice_a.pk]), {"status": "approved"}
    )

    practice_a.refresh_from_db()
    assert response.status_code == 403
    assert practice_a.status == PracticeStatus.PENDING


def test_the_department_approves_a_practice(client, specialist, practice_b):
    client.force_login(specialist)

    response = client.post(
        reverse("methodical:practice_review", args=[practice_b.pk]), {"status": "approved"}
    )

    practice_b.refresh_from_db()
    assert response.status_code == 302
    assert (practice_b.status, practice_b.reviewed_by) == (PracticeStatus.APPROVED, specialist)
    html = client.get(reverse("methodical:practice", args=[practice_b.pk])).content.decode()
    assert "Одобрена" in html
    assert "spec" in html


def test_a_rejection_without_a_reason_is_refused(client, specialist, practice_b):
    client.force_login(specialist)

    response = client.post(
        reverse("methodical:practice_review", args=[practice_b.pk]), {"status": "rejected"}
    )

    practice_b.refresh_from_db()
    assert response.status_code == 400
    assert "Укажите, почему практика отклонена." in response.content.decode()
    assert practice_b.status == PracticeStatus.PENDING


def test_a_methodologist_reads_the_registers_but_does_not_edit(client, methodologist, shmo_b, practice_b):
    client.force_login(methodologist)

    listing = client.get(reverse("methodical:associations")).content.decode()
    create = client.get(reverse("methodical:association_create"))
    review = client.post(reverse("methodical:practice_review", args=[practice_b.pk]), {"status": "approved"})

    assert shmo_b.name in listing
    assert (create.status_code, review.status_code) == (403, 403)


def test_a_school_downloads_its_practices_file_and_the_download_is_audited(client, school_user, practice_a):
    client.force_login(school_user)

    response = client.get(reverse("methodical:practice_file", args=[practice_a.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert "practice.pdf" in event.summary
    assert event.actor == school_user


# --- Forms -----------------------------------------------------------------------------------


def test_a_school_creates_its_shmo_with_a_plan(client, school_user, school_a, year, teachers):
    client.force_login(school_user)
    data = {"name": "ШМО учителей начальных классов", "subject": "Начальные классы", "school_year": year.pk}
    data |= {"leader_code": "T-A1", "member_codes": "T-A2"}
    data |= _plan(
        [{"month": "10", "topic": "Заседание №1", "form": "meeting", "responsible": "руководитель ШМО"}]
    )

    response = client.post(reverse("methodical:association_create"), data)

    created = Association.objects.get(name="ШМО учителей начальных классов")
    assert response.status_code == 302
    assert (created.level, created.organization) == (Level.SCHOOL, school_a)
    assert sorted(created.members.values_list("code", flat=True)) == ["T-A1", "T-A2"]
    assert list(created.plan.values_list("topic", "month")) == [("Заседание №1", 10)]
    assert AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(created.pk)).actor == school_user


def test_a_school_may_not_add_another_schools_teacher(client, school_user, year, teachers):
    client.force_login(school_user)
    data = {"name": "ШМО", "subject": "Математика", "school_year": year.pk, "member_codes": "T-A2, T-B1"}

    response = client.post(reverse("methodical:association_create"), data | _plan())

    assert response.status_code == 400
    assert "Нет в реестре педагогов 2024/2025 учебного года: T-B1." in response.content.decode()
    assert not Association.objects.exists()


def test_the_association_form_names_each_missing_field(client, specialist, year):
    client.force_login(specialist)
    data = {"level": "shmo", "name": "", "subject": "", "school_year": year.pk}
    data |= _plan([{"topic": "Семинар", "form": "seminar"}])

    response = client.post(reverse("methodical:association_create"), data)

    html = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Укажите название объединения.",
        "Укажите предмет или направление работы объединения.",
        "Укажите школу, в которой работает ШМО.",
        "Укажите дату или месяц мероприятия.",
    ):
        assert message in html
    assert not Association.objects.exists()


def test_a_plan_date_outside_the_year_is_shown_on_its_line(client, specialist, year):
    client.force_login(specialist)
    data = {"level": "rmo", "name": "РМО физиков", "subject": "Физика", "school_year": year.pk}
    data |= _plan([{"date": "2025-10-01", "topic": "Семинар", "form": "seminar"}])

    response = client.post(reverse("methodical:association_create"), data)

    assert response.status_code == 400
    assert "Дата 01.10.2025 вне 2024/2025 учебного года" in response.content.decode()


def test_the_department_edits_an_rmo_and_its_plan(client, specialist, rmo, year):
    client.force_login(specialist)
    form = client.get(reverse("methodical:association_edit", args=[rmo.pk])).content.decode()
    data = {"level": "rmo", "name": rmo.name, "subject": "Математика", "school_year": year.pk}
    data |= {"leader_code": "T-B1", "member_codes": "T-B1"}
    data |= _plan([{"month": "9", "topic": "Анализ ВПР", "form": "meeting", "done": "on", "DELETE": "on"}])

    response = client.post(reverse("methodical:association_edit", args=[rmo.pk]), data)

    assert "Анализ ВПР" in form  # the plan comes back into the form
    assert response.status_code == 302
    assert not rmo.plan.exists()
    assert list(rmo.members.values_list("code", flat=True)) == ["T-B1"]
    assert AuditEvent.objects.get(action=AuditAction.UPDATE).details["fields"] == ["members", "plan"]


def test_a_school_submits_a_practice_with_a_file(client, school_user, school_a, year, teachers):
    client.force_login(school_user)
    upload = SimpleUploadedFile("урок.pdf", PDF, content_type="application/pdf")
    data = {"title": "Урок-исследование", "school_year": year.pk, "author_code": "T-A2", "direction": "8"}

    response = client.post(reverse("methodical:practice_create"), data | {"file": upload})

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert (practice.organization, practice.author, practice.status) == (
        school_a,
        teachers["T-A2"],
        PracticeStatus.PENDING,
    )
    assert practice.file.name.startswith("practices/2024/")


@pytest.mark.parametrize(
    ("_case", "extra", "message"),
    [
        ("no materials", {}, "Приложите файл или укажите ссылку на материалы практики."),
        ("a bad link", {"link": "не ссылка"}, "Введите ссылку полностью"),
        (
            "an executable",
            {"file": SimpleUploadedFile("setup.exe", b"MZ")},
            "Ожидается файл pdf, docx, pptx, xlsx, zip, загружен «setup.exe».",
        ),
        ("no direction", {"direction": "11"}, "Выберите корректный вариант"),
    ],
)
def test_the_practice_form_explains_what_is_wrong(client, school_user, year, _case, extra, message):
    client.force_login(school_user)
    data = {"title": "Практика", "school_year": year.pk, "direction": "8"} | extra

    response = client.post(reverse("methodical:practice_create"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Practice.objects.exists()


# --- Export ----------------------------------------------------------------------------------


def _sheet(response):
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_the_associations_export_holds_the_visible_rows(client, school_user, rmo, shmo_a, shmo_b):
    client.force_login(school_user)

    response = client.get(reverse("methodical:associations"), {"format": "xlsx"})

    rows = _sheet(response)
    assert rows[0][:3] == ["Учебный год", "Уровень", "Название"]
    assert sorted((r[1], r[2], r[4], r[6], r[7], r[8]) for r in rows[1:]) == [
        ("РМО", "РМО учителей математики", None, "педагог другой школы", 2, 1),
        ("ШМО", "ШМО математиков СШ 1", "0001", "T-A1", 2, 0),
    ]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.summary == "Выгрузка: реестр методических объединений, строк 2"


def test_the_practices_export_follows_the_filters(client, specialist, practice_a, practice_b):
    client.force_login(specialist)
    client.post(reverse("methodical:practice_review", args=[practice_b.pk]), {"status": "approved"})

    response = client.get(reverse("methodical:practices"), {"format": "xlsx", "status": "approved"})

    rows = _sheet(response)
    header = rows[0]
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=True))
    assert (row["Название"], row["Статус"], row["Кто рассмотрел"], row["Ссылка"]) == (
        practice_b.title,
        "одобрена",
        "spec",
        "https://example.org/practice",
    )
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).details["status"] == "approved"


# --- The direction page ----------------------------------------------------------------------


def test_the_direction_page_lists_both_registers(client, school_user):
    client.force_login(school_user)

    html = client.get(reverse("direction", args=["methodical-work"])).content.decode()

    assert reverse("methodical:associations") in html
    assert reverse("methodical:practices") in html


def test_the_empty_lists_say_so_in_russian(client, specialist, year):
    client.force_login(specialist)

    associations = client.get(reverse("methodical:associations")).content.decode()
    practices = client.get(reverse("methodical:practices"), {"school_year": year.pk}).content.decode()

    assert "Методические объединения ещё не внесены." in associations
    assert "Практики 2024/2025 учебного года ещё не внесены." in practices
