"""Loading the demo into the database, and loading it again."""

import pytest
from django.urls import reverse

from msoko.assessments.models import GiaResult, JournalMark, OlympiadResult, Procedure, ResultCoverage
from msoko.assessments.selectors import results_frame
from msoko.core.models import AuditAction, AuditEvent, User
from msoko.demo.generator import generate_world
from msoko.demo.services import DEMO_LOGINS, DEMO_PASSWORD, load_demo
from msoko.registry.models import ClassGroup, Enrollment, Organization, Student, Teacher, TeacherCourse

pytestmark = pytest.mark.django_db


def _log_in(client, login: str) -> None:
    """Through the login page, as a person does (the throttling backend needs the request)."""
    response = client.post(reverse("login"), {"username": login, "password": DEMO_PASSWORD})
    assert response.status_code == 302, login


def test_demo_loads_the_world_and_every_role_can_log_in(client):
    result = load_demo(seed=4, results=False)

    world = generate_world(4)
    assert Organization.objects.count() == world.organizations.height
    assert Student.objects.count() == world.students.height
    assert Enrollment.objects.count() == world.enrollments.height
    assert ClassGroup.objects.count() == world.classes.height
    assert (
        Teacher.objects.filter(mentor__isnull=False).count()
        == world.teachers["mentor_code"].is_not_null().sum()
    )
    assert {login for login, _, _ in result.logins} == {d.login for d in DEMO_LOGINS}
    for demo in DEMO_LOGINS:
        _log_in(client, demo.login)
        assert client.get(reverse("home")).context["user"].username == demo.login
        client.logout()
    assert User.objects.get(username="school1").organization.code == "0101"
    assert AuditEvent.objects.filter(action=AuditAction.DEMO_LOADED).count() == 1


def test_demo_results_go_through_the_importer_for_grades_4_to_8_over_three_years():
    load_demo(seed=4)

    procedures = Procedure.objects.filter(kind="ВПР", scheme__isnull=False, scheme__builtin=False)
    math5 = procedures.get(subject="Математика", grade=5, school_year__name="2024/2025")
    frame = results_frame(math5)

    assert procedures.count() == 30  # 2 subjects × grades 4–8 × 3 school years
    assert ResultCoverage.objects.filter(procedure=math5, active=True).count() >= 20
    assert frame.height > 400
    # the demo's participant codes are its pupils' stable codes
    assert set(frame["participant_code"].to_list()) <= set(Student.objects.values_list("code", flat=True))
    assert frame["mark"].is_between(2, 5).all()
    # ГИА, journal marks, olympiad and courses also went through their importers
    for model in (GiaResult, JournalMark, OlympiadResult, TeacherCourse):
        assert model.objects.exists(), model.__name__
    assert GiaResult.objects.filter(medal_candidate=True).exists()
    # direction 5: every planted case is flagged in a year it was planted in (or, for the cohort,
    # the year after), and the gymnasium, strong but honest, is not
    from msoko.demo.results.cases import DEMO_CASES
    from msoko.flags.models import Flag

    flagged = set(Flag.objects.filter(kind="unobjective").values_list("organization__code", flat=True))
    assert set(DEMO_CASES) <= flagged
    assert "0101" not in flagged

    # data collection: two accepted campaigns and two checklists, a running campaign with late
    # organisations, two finished surveys; every direction has values from them
    from django.utils import timezone

    from msoko.collection.campaigns.models import Campaign, State
    from msoko.collection.surveys.models import Survey
    from msoko.indicators.catalogue import CATALOGUE
    from msoko.indicators.models import IndicatorValue

    campaigns = list(Campaign.objects.order_by("starts_on"))
    assert len(campaigns) == 5
    finished, running = campaigns[:-1], campaigns[-1]
    for campaign in finished:
        assert set(campaign.submissions.values_list("state", flat=True)) == {State.ACCEPTED}
    late = [s for s in running.submissions.all() if s.is_overdue(timezone.localdate())]
    assert 0 < len(late) < running.submissions.count()
    assert Survey.objects.filter(closed_on__isnull=False).count() == 2
    valued = set(IndicatorValue.objects.filter(org_code="МО").values_list("code", flat=True))
    for direction in range(1, 11):
        assert any(i.code in valued for i in CATALOGUE if i.direction == direction), direction
    assert "preschool.parent_satisfaction" in valued
    # the kindergarten with 7 answers has no satisfaction value (fewer than 10)
    satisfied = IndicatorValue.objects.filter(code="preschool.parent_satisfaction").exclude(org_code="МО")
    assert "0201" not in set(satisfied.values_list("org_code", flat=True))

    # last year's management cycle: recommendations sent and answered, one measure that worked
    # (the generator planted it) and one that did not; the two road maps imported
    from msoko.cycle.effect import measure_effects
    from msoko.cycle.models import Measure, Recommendation
    from msoko.roadmaps.models import RoadMap

    assert Recommendation.objects.filter(school_year__name="2022/2023").count() > 5
    assert Recommendation.objects.filter(status="done", organization__code="0101").exists()
    verdicts = sorted(e.verdict for m in Measure.objects.all() for e in measure_effects(m, chart=False))
    assert verdicts == sorted(["эффективна", "эффекта нет"])
    assert sorted(RoadMap.objects.values_list("organization__code", flat=True), key=str) == ["0101", None]


def test_loading_again_replaces_the_demo_instead_of_duplicating(client):
    load_demo(seed=4, results=False)

    load_demo(seed=5, results=False)

    assert Organization.objects.count() == generate_world(5).organizations.height
    assert User.objects.filter(username="school1").count() == 1
    # the registers of direction 8 too: 6 РМО a year over 3 years, 6 practices
    from msoko.demo.registers import PRACTICES, RMO_SUBJECTS
    from msoko.directions.methodical.models import Association, Practice

    assert Association.objects.filter(organization=None).count() == len(RMO_SUBJECTS) * 3
    assert Practice.objects.count() == len(PRACTICES)


def test_demo_school_user_is_refused_another_schools_card(client):
    load_demo(seed=4, results=False)
    _log_in(client, "school1")

    own = client.get(reverse("registry:organization", args=["0101"]))
    other = client.get(reverse("registry:organization", args=["0102"]))

    assert own.status_code == 200
    assert other.status_code == 404


def test_page_header_names_the_demo_municipality(client):
    load_demo(seed=4, results=False)
    _log_in(client, "specialist")

    page = client.get(reverse("home")).content.decode()

    assert "Демонстрационный муниципальный округ" in page
