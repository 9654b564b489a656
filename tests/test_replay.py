"""A recorded import can be replayed from the kept file with its own arguments."""

import pytest

from msoko.assessments.selectors import results_frame
from msoko.assessments.services import ProcedureKey, import_results
from msoko.cli import main
from msoko.core.imports import ImportRejected
from msoko.core.models import ImportRecord
from msoko.registry.models import Teacher
from msoko.registry.services import import_teachers
from tests.assessments.conftest import GOOD, csv_bytes, math4, row
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_rejected_results_file_loads_once_its_school_is_in_the_registry(school_a, capsys):
    key = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
    with pytest.raises(ImportRejected):
        import_results(
            content=csv_bytes([row("0001", "1", GOOD), row("0777", "1", GOOD)]),
            filename="vpr.csv",
            key=key,
            actor=None,
        )
    rejected = ImportRecord.objects.get()
    OrganizationFactory(code="0777")

    code = main(["import", "replay", str(rejected.pk)])

    assert code == 0
    assert "Участников с результатом 2" in capsys.readouterr().out
    assert results_frame(math4()).height == 2
    assert ImportRecord.objects.latest("id").summary["params"] == {
        "procedure": "ВПР",
        "subject": "Математика",
        "grade": 4,
        "year": "2020/2021",
        "quarantine": False,
        "max_invalid_share": 0.05,
        "regional": False,
    }


def test_teachers_replay_keeps_their_school_year(school_a):
    from msoko.core.models import SchoolYear

    import_teachers(
        content="Код педагога;Код ОО;Должность\nT1;0001;учитель\n".encode(),
        filename="t.csv",
        school_year=SchoolYear.get_by_name("2023/2024"),
        actor=None,
    )
    Teacher.objects.all().delete()

    assert main(["import", "replay", str(ImportRecord.objects.get().pk)]) == 0
    assert Teacher.objects.get().school_year.name == "2023/2024"


def test_unknown_record_is_refused_with_exit_1(capsys):
    assert main(["import", "replay", "999"]) == 1
    assert "загрузка №999 не найдена в истории" in capsys.readouterr().err
