"""The region's and Russia's figures: import, the form, and their lines on the analysis pages.

The results are those of ``test_achievement_pages`` (ВПР, Математика, 4 класс, 2020/2021,
two schools, 15 participants; the municipality has 26,7 % «2» and task 1 completed at 93,3 %).
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from msoko.assessments.models import Procedure, ReferenceValue
from msoko.assessments.services import ProcedureKey, import_results
from msoko.assessments.services.reference import import_reference
from msoko.core.imports import ImportRejected
from msoko.core.models import AuditAction, AuditEvent, ImportRecord
from tests.web.test_achievement_pages import KEY, _csv, _get, _row, _tables

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(school_a, school_b, specialist) -> Procedure:
    import_results(content=_csv(), filename="results.csv", key=KEY, actor=specialist)
    return Procedure.objects.get(kind="ВПР", subject="Математика", grade=4, school_year__name="2020/2021")


# Russia 12,4 + 41,0 + 33,6 + 13,0 = 100 → success 87,6, quality 46,6
# region 20 + 40 + 30 + 10 = 100 → success 80, quality 40
FILE = """Уровень;Показатель;Значение
Россия;Отметка 2;12,4
Россия;Отметка «3»;41,0
Россия;отметка 4;33,6
Россия;Отметка 5;13
Регион;Отметка 2;20
Регион;Отметка 3;40
Регион;Отметка 4;30
Регион;Отметка 5;10
Россия;Задание 1;88,5
Регион;Задание 1;90
Регион;Задание 5.1;71,25
"""


def _values(procedure) -> dict[tuple[str, str], float]:
    return {(r.scope, r.metric): r.value for r in ReferenceValue.objects.filter(procedure=procedure)}


def test_import_stores_every_figure_of_both_levels(procedure, specialist):
    report = import_reference(content=FILE.encode(), filename="ref.csv", key=KEY, actor=specialist)

    values = _values(procedure)
    assert len(values) == 11
    assert values[("russia", "p3")] == 41.0
    assert values[("region", "task:5.1")] == 71.25
    assert report.created == 11
    assert ImportRecord.objects.get(pk=report.record_id).kind == "reference"


def test_a_file_with_one_level_replaces_only_that_level(procedure, specialist):
    import_reference(content=FILE.encode(), filename="ref.csv", key=KEY, actor=specialist)

    again = "Уровень;Показатель;Значение\nРегион;Задание 1;50\n"
    import_reference(content=again.encode(), filename="ref2.csv", key=KEY, actor=specialist)

    values = _values(procedure)
    assert [k for k in values if k[0] == "region"] == [("region", "task:1")]
    assert values[("region", "task:1")] == 50.0
    assert len([k for k in values if k[0] == "russia"]) == 5  # untouched


@pytest.mark.parametrize(
    ("line", "row", "message"),
    [
        ("Россия;2;12", 2, "ожидается «Отметка 2»"),
        ("Россия;Задание 99;12", 2, "задания «99» нет в описании работы"),
        ("Марс;Отметка 2;12", 2, "одно из значений"),
        ("Россия;Отметка 2;120", 2, "процент от 0 до 100"),
    ],
)
def test_bad_rows_are_rejected_with_row_and_reason(procedure, specialist, line, row, message):
    content = f"Уровень;Показатель;Значение\n{line}\n".encode()

    with pytest.raises(ImportRejected) as error:
        import_reference(content=content, filename="ref.csv", key=KEY, actor=specialist)

    problem = error.value.problems[0]
    assert (problem.row, message in problem.message) == (row, True), problem
    assert not ReferenceValue.objects.exists()


def test_a_figure_given_twice_names_the_first_row(procedure, specialist):
    content = "Уровень;Показатель;Значение\nРоссия;Задание 1;10\nРФ;задание 1;11\n".encode()

    with pytest.raises(ImportRejected) as error:
        import_reference(content=content, filename="ref.csv", key=KEY, actor=specialist)

    assert str(error.value.problems[0]).endswith("уже указано в строке 2")
    assert error.value.problems[0].row == 3


def test_mark_shares_must_add_up_to_a_hundred(procedure, specialist):
    # 10 + 40 + 30 + 10 = 90
    content = "Уровень;Показатель;Значение\n" + "".join(
        f"Регион;Отметка {m};{v}\n" for m, v in ((2, 10), (3, 40), (4, 30), (5, 10))
    )

    with pytest.raises(ImportRejected) as error:
        import_reference(content=content.encode(), filename="ref.csv", key=KEY, actor=specialist)

    assert "в сумме дают 90.0 %" in error.value.problems[0].message
    assert error.value.problems[0].row == 5  # the last of the four rows


def test_unknown_procedure_is_rejected(procedure, specialist):
    other = ProcedureKey("ВПР", "Математика", 4, "2031/2032")

    with pytest.raises(ImportRejected) as error:
        import_reference(content=FILE.encode(), filename="ref.csv", key=other, actor=specialist)

    assert "не найдена" in error.value.problems[0].message


def test_analysis_shows_russia_and_region_lines_and_task_columns(client, specialist, procedure):
    import_reference(content=FILE.encode(), filename="ref.csv", key=KEY, actor=specialist)
    client.force_login(specialist)

    tables = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    names = [r[0] for r in tables["marks"][1:]]
    assert names[:3] == ["Россия", "Регион", "Муниципалитет"]
    russia = _row(tables["marks"], "Россия")
    assert (russia["«2», %"], russia["Успеваемость, %"], russia["Качество, %"]) == ("12,4", "87,6", "46,6")
    region = _row(tables["marks"], "Регион")
    assert (region["Успеваемость, %"], region["Качество, %"]) == ("80,0", "40,0")
    task1 = _row(tables["tasks"], "1")
    assert (task1["Россия, %"], task1["Регион, %"], task1["Муниципалитет, %"]) == ("88,5", "90,0", "93,3")
    assert _row(tables["tasks"], "2")["Регион, %"] == "—"  # not entered


def test_school_page_compares_the_school_with_the_region(client, specialist, procedure):
    import_reference(content=FILE.encode(), filename="ref.csv", key=KEY, actor=specialist)
    client.force_login(specialist)

    tables = _tables(_get(client, "school_analysis", procedure.pk, "0001").content.decode())

    assert [r[0] for r in tables["marks"][1:3]] == ["Россия", "Регион"]
    assert _row(tables["tasks"], "1")["Регион, %"] == "90,0"


def test_entering_figures_changes_the_cached_page(client, specialist, procedure):
    client.force_login(specialist)
    before = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())
    assert "Россия" not in [r[0] for r in before["marks"][1:]]

    import_reference(content=FILE.encode(), filename="ref.csv", key=KEY, actor=specialist)
    after = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    assert "Россия" in [r[0] for r in after["marks"][1:]]


def test_form_saves_typed_figures_with_a_decimal_comma_and_audits(client, specialist, procedure):
    client.force_login(specialist)
    url = reverse("assessments:procedure_reference", args=[procedure.pk])

    response = client.post(url, {"region__p2": "15,5", "region__task:1": "80", "russia__task:1": ""})

    assert response.status_code == 302
    assert _values(procedure) == {("region", "p2"): 15.5, ("region", "task:1"): 80.0}
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).latest("at")
    assert "Значения региона и России" in event.summary


def test_form_refuses_shares_that_do_not_add_up(client, specialist, procedure):
    client.force_login(specialist)
    url = reverse("assessments:procedure_reference", args=[procedure.pk])
    shares = {"russia__p2": "10", "russia__p3": "10", "russia__p4": "10", "russia__p5": "10"}

    response = client.post(url, shares)

    assert response.status_code == 200
    assert "в сумме дают 40,0 %" in response.content.decode()
    assert not ReferenceValue.objects.exists()


def test_form_upload_shows_the_errors_of_a_rejected_file(client, specialist, procedure):
    client.force_login(specialist)
    url = reverse("assessments:procedure_reference", args=[procedure.pk])
    bad = io.BytesIO("Уровень;Показатель;Значение\nРоссия;2;12\n".encode())
    bad.name = "ref.csv"

    response = client.post(url, {"file": bad})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Файл отклонён целиком" in html
    assert "ожидается «Отметка 2»" in html


def test_school_and_methodologist_cannot_edit(client, school_user, methodologist, procedure):
    url = reverse("assessments:procedure_reference", args=[procedure.pk])
    for user in (school_user, methodologist):
        client.force_login(user)
        assert client.post(url, {"region__p2": "15"}).status_code == 403
    assert not ReferenceValue.objects.exists()


def test_download_is_the_import_format_and_loads_back(client, specialist, procedure):
    import_reference(content=FILE.encode(), filename="ref.csv", key=KEY, actor=specialist)
    stored = _values(procedure)
    client.force_login(specialist)

    response = client.get(reverse("assessments:procedure_reference_xlsx", args=[procedure.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == ("Уровень", "Показатель", "Значение")
    assert rows[1] == ("Россия", "Отметка 2", 12.4)
    ReferenceValue.objects.all().delete()
    import_reference(content=response.content, filename="back.xlsx", key=KEY, actor=specialist)
    assert _values(procedure) == stored
