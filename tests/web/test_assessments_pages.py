"""Assessment pages: results upload (strict, quarantine, school scope), batches, procedures, schemes."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from msoko.assessments import scheme_files, selectors
from msoko.assessments.models import Procedure, ResultCoverage, Scheme
from msoko.assessments.services import ProcedureKey, import_results, scheme_for
from msoko.core.models import AuditAction, AuditEvent, Batch, ImportRecord, ImportStatus, QuarantineRow
from tests import factories

pytestmark = pytest.mark.django_db

KEY = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
LABELS = ("1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12")
MAXES = (1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2)
HEADER = ";".join(["Код ОО", "Класс", "Код участника", "Вариант", *LABELS])
BAD_SCORE_MESSAGE = "ожидается балл от 0 до 1, «X» (не приступал) или «не пройд.», получено «5»"


def _row(org: str, code: str, scores: tuple[int, ...] = MAXES, cls: str = "4А") -> str:
    return ";".join([org, cls, code, "1", *(str(s) for s in scores)])


def _csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


GOOD = _csv(_row("0001", "P1"), _row("0001", "P2", (0,) * 15), _row("0002", "P3"))
# row 3 of the file (the second participant) scores 5 on a one-point task
ONE_BAD = _csv(_row("0001", "P1"), _row("0001", "P2", (5, *MAXES[1:])), _row("0002", "P3"))


def _upload(text: str, name: str = "results.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _form(text: str, **extra: object) -> dict:
    data = {
        "kind": KEY.kind,
        "subject": KEY.subject,
        "grade": KEY.grade,
        "school_year": KEY.school_year,
        "max_invalid_percent": 5,
        "file": _upload(text),
    }
    data.update(extra)
    return data


def _sheet_rows(content: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.values)


@pytest.fixture
def orgs(school_a, school_b):
    return {"a": school_a, "b": school_b}


# --------------------------------------------------------------------------- upload


def test_upload_of_a_valid_file_shows_the_summary(client, specialist, orgs):
    client.force_login(specialist)

    response = client.post(reverse("assessments:upload"), _form(GOOD))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Файл «results.csv» загружен" in html
    assert "Участников с результатом 3, отсутствовали 0, организаций 2." in html
    batch = Batch.objects.get()
    assert reverse("assessments:batch", args=[batch.pk]) in html
    assert ResultCoverage.objects.filter(batch=batch, active=True).count() == 2


def test_htmx_upload_returns_only_the_upload_area(client, specialist, orgs):
    client.force_login(specialist)

    response = client.post(reverse("assessments:upload"), _form(GOOD), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="upload-area">')
    assert "<html" not in html
    assert "Файл «results.csv» загружен" in html


def test_upload_with_errors_shows_the_table_and_writes_nothing(client, specialist, orgs):
    client.force_login(specialist)

    response = client.post(reverse("assessments:upload"), _form(ONE_BAD))

    html = response.content.decode()
    assert "Файл отклонён целиком, ничего не записано" in html
    for header in ("Строка", "Столбец", "Значение", "Ошибка"):
        assert f">{header}</th>" in html
    assert BAD_SCORE_MESSAGE in html
    assert "Скачать ошибки (XLSX)" in html
    assert not Batch.objects.exists()
    assert not ResultCoverage.objects.exists()
    assert ImportRecord.objects.get().status == ImportStatus.REJECTED


def test_errors_download_lists_every_error_row_and_is_audited(client, specialist, orgs):
    client.force_login(specialist)
    response = client.post(reverse("assessments:upload"), _form(ONE_BAD))

    download = client.get(response.context["errors_url"])

    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet_rows(download.content)
    assert rows[0] == ("Строка", "Столбец", "Значение", "Ошибка")
    assert rows[1:] == [(3, "1", "5", BAD_SCORE_MESSAGE)]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=specialist).count() == 1


def test_errors_download_writes_a_rejected_formula_back_as_text(client, specialist, orgs):
    client.force_login(specialist)
    formula = '=HYPERLINK("http://x")'
    line = ";".join(["0001", "4А", "P2", "1", '"=HYPERLINK(""http://x"")"', *(str(s) for s in MAXES[1:])])
    response = client.post(reverse("assessments:upload"), _form(_csv(_row("0001", "P1"), line)))

    download = client.get(response.context["errors_url"])

    cell = openpyxl.load_workbook(io.BytesIO(download.content)).active["C2"]
    assert (cell.value, cell.data_type) == (formula, "s")


def test_errors_download_of_another_users_upload_is_404_for_a_school(client, specialist, school_user, orgs):
    client.force_login(specialist)
    url = client.post(reverse("assessments:upload"), _form(ONE_BAD)).context["errors_url"]
    client.force_login(school_user)

    response = client.get(url)

    assert response.status_code == 404


def test_quarantine_upload_keeps_the_bad_row_on_the_batch_page(client, specialist, orgs):
    client.force_login(specialist)

    response = client.post(
        reverse("assessments:upload"), _form(ONE_BAD, quarantine="on", max_invalid_percent=50)
    )

    html = response.content.decode()
    assert "В карантин отложено строк: 1" in html
    batch = Batch.objects.get()
    assert batch.quarantined == 1
    page = client.get(reverse("assessments:batch", args=[batch.pk])).content.decode()
    assert BAD_SCORE_MESSAGE in page
    assert "Скачать карантин (XLSX)" in page
    assert QuarantineRow.objects.get(batch=batch).row == 3


def test_quarantine_download_has_the_original_columns_and_the_errors(client, specialist, orgs):
    client.force_login(specialist)
    client.post(reverse("assessments:upload"), _form(ONE_BAD, quarantine="on", max_invalid_percent=50))
    batch = Batch.objects.get()

    download = client.get(reverse("assessments:batch_quarantine", args=[batch.pk]))

    rows = _sheet_rows(download.content)
    assert rows[0] == ("Код ОО", "Класс", "Код участника", "Вариант", *LABELS, "Ошибки")
    assert rows[1][:5] == ("0001", "4А", "P2", "1", "5")
    assert rows[1][-1] == f"столбец «1»: {BAD_SCORE_MESSAGE}"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(batch.pk)).exists()


def test_quarantine_share_over_the_limit_rejects_the_file(client, specialist, orgs):
    client.force_login(specialist)

    response = client.post(reverse("assessments:upload"), _form(ONE_BAD, quarantine="on"))

    assert "Файл отклонён целиком, ничего не записано" in response.content.decode()
    assert not Batch.objects.exists()


def test_school_user_uploads_own_schools_file(client, school_user, orgs):
    client.force_login(school_user)

    response = client.post(reverse("assessments:upload"), _form(_csv(_row("0001", "P1"))))

    assert "Файл «results.csv» загружен" in response.content.decode()
    coverage = ResultCoverage.objects.get()
    assert coverage.organization == orgs["a"]


def test_school_user_is_refused_a_file_with_another_schools_rows(client, school_user, orgs):
    client.force_login(school_user)

    response = client.post(reverse("assessments:upload"), _form(GOOD))

    html = response.content.decode()
    assert "Файл отклонён целиком, ничего не записано" in html
    assert "Файл содержит результаты других организаций: 0002" in html
    assert not Batch.objects.exists()
    assert not ResultCoverage.objects.exists()
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.REJECTED
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()
    # the downloadable errors name the other school's row
    rows = _sheet_rows(client.get(response.context["errors_url"]).content)
    assert rows[1][:3] == (4, "Код ОО", "0002")


def test_school_user_is_refused_another_schools_row_even_in_quarantine(client, school_user, orgs):
    client.force_login(school_user)
    text = _csv(_row("0001", "P1"), _row("0001", "P2"), _row("0002", "P3", (5, *MAXES[1:])))

    response = client.post(
        reverse("assessments:upload"), _form(text, quarantine="on", max_invalid_percent=50)
    )

    assert "Файл содержит результаты других организаций: 0002" in response.content.decode()
    assert not Batch.objects.exists()
    assert not QuarantineRow.objects.exists()


def test_methodologist_gets_403_on_upload(client, methodologist):
    client.force_login(methodologist)

    assert client.get(reverse("assessments:upload")).status_code == 403


def test_anonymous_user_is_sent_to_login_from_upload(client):
    response = client.get(reverse("assessments:upload"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --------------------------------------------------------------------------- batches and procedures


def _import(text: str) -> int:
    report = import_results(content=text.encode(), filename="r.csv", key=KEY, actor=None)
    return int(report.details["batch_id"])


def test_school_user_gets_404_on_a_batch_of_another_school(client, school_user, orgs):
    other = _import(_csv(_row("0002", "P3")))
    both = _import(_csv(_row("0001", "P1"), _row("0002", "P4")))
    client.force_login(school_user)

    assert client.get(reverse("assessments:batch", args=[other])).status_code == 404
    assert client.get(reverse("assessments:batch", args=[both])).status_code == 404
    assert client.get(reverse("assessments:batch_quarantine", args=[both])).status_code == 404


def test_school_user_opens_a_batch_of_only_its_own_school(client, school_user, orgs):
    own = _import(_csv(_row("0001", "P1")))
    client.force_login(school_user)

    response = client.get(reverse("assessments:batch", args=[own]))

    assert response.status_code == 200
    assert orgs["a"].display_name in response.content.decode()


def test_procedures_list_counts_only_the_organisations_a_user_sees(client, school_user, specialist, orgs):
    _import(GOOD)

    client.force_login(specialist)
    all_rows = client.get(reverse("assessments:procedures")).context["page"]
    client.force_login(school_user)
    own_rows = client.get(reverse("assessments:procedures")).context["page"]

    # the built-in schemes' other procedures are listed too, with no data yet
    loaded = [(p.subject, p.grade, p.organizations, p.participants) for p in all_rows if p.organizations]
    own = [(p.subject, p.grade, p.organizations, p.participants) for p in own_rows if p.organizations]
    assert loaded == [("Математика", 4, 2, 3)]
    assert own == [("Математика", 4, 1, 2)]


def test_procedure_page_shows_coverage_visible_to_the_user(client, school_user, orgs):
    _import(GOOD)
    procedure = Procedure.objects.filter(coverage__isnull=False).distinct().get()
    client.force_login(school_user)

    response = client.get(reverse("assessments:procedure", args=[procedure.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert orgs["a"].display_name in html
    assert orgs["b"].display_name not in html


def test_procedure_page_of_an_unknown_procedure_is_404(client, specialist):
    client.force_login(specialist)

    assert client.get(reverse("assessments:procedure", args=[999])).status_code == 404


# --------------------------------------------------------------------------- quarantine correction


def _quarantine_upload(client, text: str = ONE_BAD) -> Batch:
    client.post(reverse("assessments:upload"), _form(text, quarantine="on", max_invalid_percent=50))
    return Batch.objects.get()


def _corrected_quarantine(client, batch: Batch, *, column: str = "1", value: str = "1") -> SimpleUploadedFile:
    """The batch's quarantine as downloaded, with ``column`` of every row set to ``value``."""
    download = client.get(reverse("assessments:batch_quarantine", args=[batch.pk]))
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        row[headers.index(column)].value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("карантин.xlsx", buffer.getvalue())


def test_batch_page_offers_the_correction_only_to_uploaders(client, specialist, methodologist, orgs):
    client.force_login(specialist)
    batch = _quarantine_upload(client)
    url = reverse("assessments:batch", args=[batch.pk])

    specialist_page = client.get(url).content.decode()
    client.force_login(methodologist)
    methodologist_page = client.get(url).content.decode()

    assert "Дозагрузить исправленные строки" in specialist_page
    assert reverse("assessments:batch_correct", args=[batch.pk]) in specialist_page
    assert "Дозагрузить исправленные строки" not in methodologist_page


def test_corrected_quarantine_loads_into_the_same_batch(client, specialist, orgs):
    # given a quarantined row whose task 1 scored 5 of 1
    client.force_login(specialist)
    batch = _quarantine_upload(client)

    # when the downloaded quarantine is fixed and posted back
    response = client.post(
        reverse("assessments:batch_correct", args=[batch.pk]), {"file": _corrected_quarantine(client, batch)}
    )

    # then the row is resolved, counted in the batch, and the page offers no more correction
    html = response.content.decode()
    assert "Файл «карантин.xlsx» загружен" in html
    assert "исправленных строк дозагружено 1" in html
    assert QuarantineRow.objects.get(batch=batch).resolved
    assert ResultCoverage.objects.get(batch=batch, organization=orgs["a"]).participants == 2
    page = client.get(reverse("assessments:batch", args=[batch.pk])).content.decode()
    assert "В карантине нет неисправленных строк" in page
    assert "Дозагрузить исправленные строки" not in page
    assert BAD_SCORE_MESSAGE not in page


def test_correction_with_errors_left_shows_the_error_table(client, specialist, orgs):
    client.force_login(specialist)
    batch = _quarantine_upload(client)

    response = client.post(
        reverse("assessments:batch_correct", args=[batch.pk]),
        {"file": _corrected_quarantine(client, batch, value="7")},
    )

    html = response.content.decode()
    assert "Файл отклонён целиком, ничего не записано" in html
    assert "получено «7»" in html
    assert "Скачать ошибки (XLSX)" in html
    assert not QuarantineRow.objects.get(batch=batch).resolved


def test_school_user_corrects_its_own_batch(client, school_user, orgs):
    client.force_login(school_user)
    batch = _quarantine_upload(client, _csv(_row("0001", "P1"), _row("0001", "P2", (5, *MAXES[1:]))))

    client.post(
        reverse("assessments:batch_correct", args=[batch.pk]), {"file": _corrected_quarantine(client, batch)}
    )

    assert QuarantineRow.objects.get(batch=batch).resolved


def test_school_user_gets_404_correcting_another_schools_batch(client, specialist, school_user, orgs):
    client.force_login(specialist)
    batch = _quarantine_upload(client)
    upload = _corrected_quarantine(client, batch)
    client.force_login(school_user)

    response = client.post(reverse("assessments:batch_correct", args=[batch.pk]), {"file": upload})

    assert response.status_code == 404
    assert not QuarantineRow.objects.get(batch=batch).resolved


def test_methodologist_gets_403_on_correction(client, specialist, methodologist, orgs):
    client.force_login(specialist)
    batch = _quarantine_upload(client)
    client.force_login(methodologist)

    response = client.post(reverse("assessments:batch_correct", args=[batch.pk]), {})

    assert response.status_code == 403


# --------------------------------------------------------------------------- selectors' scope


def test_coverage_list_gives_a_school_only_its_own_organisation(school_user, specialist, orgs):
    _import(GOOD)

    own = selectors.coverage_list(user=school_user)
    every = selectors.coverage_list(user=specialist)

    assert [c.organization.code for c in own] == ["0001"]
    assert [c.organization.code for c in every] == ["0001", "0002"]


def test_batch_list_gives_a_school_only_batches_wholly_its_own(school_user, specialist, orgs):
    own = _import(_csv(_row("0001", "P1")))
    other = _import(_csv(_row("0002", "P3")))
    both = _import(_csv(_row("0001", "P2"), _row("0002", "P4")))

    assert {b.pk for b in selectors.batch_list(user=school_user)} == {own}
    assert {b.pk for b in selectors.batch_list(user=specialist)} == {own, other, both}
    with pytest.raises(Batch.DoesNotExist):
        selectors.batch_for(user=school_user, pk=both)


def test_procedure_card_shows_a_school_only_its_own_coverage_and_batches(school_user, orgs):
    own = _import(_csv(_row("0001", "P1")))
    _import(_csv(_row("0002", "P3")))
    procedure = Procedure.objects.filter(coverage__isnull=False).distinct().get()

    card = selectors.procedure_card_for(user=school_user, pk=procedure.pk)

    assert [c.organization.code for c in card.coverage] == ["0001"]
    assert card.batch_ids == {own}
    assert (card.participants, card.absent) == (1, 0)


def test_list_selectors_give_an_inactive_user_nothing(school_user, orgs):
    _import(_csv(_row("0001", "P1")))
    school_user.is_active = False

    assert not selectors.coverage_list(user=school_user).exists()
    assert not selectors.batch_list(user=school_user).exists()
    assert {p.organizations for p in selectors.procedure_list(user=school_user)} == {0}


@pytest.mark.parametrize(
    ("_case", "role", "with_org", "expected"),
    [
        ("admin", "admin", False, True),
        ("specialist", "specialist", False, True),
        ("school", "school", True, True),
        ("methodologist", "methodologist", False, False),
    ],
)
def test_can_upload_results_by_role(school_a, _case, role, with_org, expected):
    user = factories.UserFactory(role=role, organization=school_a if with_org else None)

    assert user.can_upload_results is expected
    user.is_active = False
    assert user.can_upload_results is False


# --------------------------------------------------------------------------- schemes


def _edit_form(scheme: Scheme, *, scale: tuple[int, int, int], first_max: int | None = None) -> dict:
    tasks = list(scheme.tasks.order_by("position"))
    data = {
        "tasks-TOTAL_FORMS": len(tasks),
        "tasks-INITIAL_FORMS": len(tasks),
        "tasks-MIN_NUM_FORMS": 0,
        "tasks-MAX_NUM_FORMS": 1000,
        "scale-mark3": scale[0],
        "scale-mark4": scale[1],
        "scale-mark5": scale[2],
    }
    for i, task in enumerate(tasks):
        data[f"tasks-{i}-task_id"] = task.pk
        data[f"tasks-{i}-max_score"] = first_max if (i == 0 and first_max) else task.max_score
        data[f"tasks-{i}-level"] = task.level
        data[f"tasks-{i}-skill"] = task.skill
    return data


def test_schemes_list_shows_the_builtin_schemes(client, methodologist):
    client.force_login(methodologist)

    html = client.get(reverse("assessments:schemes")).content.decode()

    assert "Математика" in html
    assert "встроенное" in html


def test_scheme_page_lists_tasks_and_scale(client, methodologist):
    scheme = scheme_for(KEY)
    client.force_login(methodologist)

    html = client.get(reverse("assessments:scheme", args=[scheme.pk])).content.decode()

    assert "Отметка «5»" in html
    assert ">9.2</td>" in html
    assert reverse("assessments:scheme_edit", args=[scheme.pk]) not in html


def test_scheme_edit_saves_and_audits(client, specialist):
    scheme = scheme_for(KEY)
    client.force_login(specialist)

    response = client.post(
        reverse("assessments:scheme_edit", args=[scheme.pk]),
        _edit_form(scheme, scale=(7, 11, 16), first_max=2),
    )

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.scale == {"3": 7, "4": 11, "5": 16}
    assert scheme.tasks.get(label="1").max_score == 2
    assert not scheme.builtin
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.actor == specialist
    assert "задание 1: макс. балл 1 → 2" in event.summary
    assert "шкала «3» от 6, «4» от 10, «5» от 15 → «3» от 7, «4» от 11, «5» от 16" in event.summary


@pytest.mark.parametrize(
    ("_case", "scale", "message"),
    [
        (
            "not_growing",
            (6, 6, 15),
            "Наименьший балл для отметки «4» (6) должен быть больше, чем для отметки «3» (6).",
        ),
        ("over_max", (6, 10, 21), "Наименьший балл для отметки «5» должен быть от 1 до 20"),
        ("zero", (0, 10, 15), "Наименьший балл для отметки «3» должен быть от 1 до 20"),
    ],
)
def test_scheme_edit_refuses_an_invalid_scale(client, specialist, _case, scale, message):
    scheme = scheme_for(KEY)
    client.force_login(specialist)

    response = client.post(
        reverse("assessments:scheme_edit", args=[scheme.pk]), _edit_form(scheme, scale=scale)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.scale == {"3": 6, "4": 10, "5": 15}
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_methodologist_cannot_edit_a_scheme(client, methodologist):
    scheme = scheme_for(KEY)
    client.force_login(methodologist)

    assert client.get(reverse("assessments:scheme_edit", args=[scheme.pk])).status_code == 403


def test_scheme_yaml_download_round_trips_through_parse_scheme(client, methodologist):
    scheme = scheme_for(KEY)
    client.force_login(methodologist)

    response = client.get(reverse("assessments:scheme_yaml", args=[scheme.pk]))

    spec = scheme_files.parse_scheme(response.content.decode("utf-8"), filename="x.yaml")
    builtin = next(
        s for s in scheme_files.load_builtin_schemes() if (s.subject, s.grade) == ("Математика", 4)
    )
    assert spec == builtin
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(scheme.pk)).exists()


def test_scheme_upload_shows_the_report_or_the_errors(client, specialist):
    scheme = scheme_for(KEY)
    client.force_login(specialist)
    text = client.get(reverse("assessments:scheme_yaml", args=[scheme.pk])).content.decode()

    good = client.post(
        reverse("assessments:scheme_upload"),
        {"file": SimpleUploadedFile("s.yaml", text.replace("year: 2020/2021", "year: 2021/2022").encode())},
    )
    bad = client.post(
        reverse("assessments:scheme_upload"),
        {"file": SimpleUploadedFile("bad.yaml", "procedure: ВПР\nsubject: Математика\n".encode())},
    )

    assert "Описание работы «ВПР, Математика, 4 класс, 2021/2022» загружено" in good.content.decode()
    bad_html = bad.content.decode()
    assert "Файл отклонён целиком, ничего не записано" in bad_html
    assert "поле year: не указан учебный год" in bad_html


@pytest.mark.parametrize(
    "model",
    [
        "assessments_procedure",
        "assessments_scheme",
        "core_batch",
        "core_quarantinerow",
        "assessments_resultcoverage",
    ],
)
def test_admin_lists_assessment_models(client, admin_user, specialist, orgs, model):
    client.force_login(specialist)
    client.post(reverse("assessments:upload"), _form(ONE_BAD, quarantine="on", max_invalid_percent=50))
    client.force_login(admin_user)

    response = client.get(reverse(f"admin:{model}_changelist"))

    assert response.status_code == 200


def test_admin_opens_a_scheme_with_its_tasks(client, admin_user):
    scheme = scheme_for(KEY)
    client.force_login(admin_user)

    response = client.get(reverse("admin:assessments_scheme_change", args=[scheme.pk]))

    assert response.status_code == 200
    assert "9.2" in response.content.decode()
