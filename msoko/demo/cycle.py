"""The demo's management cycle and road maps.

Last year's cycle: the findings of 2022/2023 (made by the recompute) → recommendations drafted by
the ready-made rules, sent, and for the two demo schools acknowledged and reported → two
measures of 2023/2024 answering them, whose effect the pages measure from 2022/2023 to
2023/2024: the diagnostics of most teachers in five schools (the generator planted it:
demo/results/courses.py, effective) and seminars preparing teachers for attestation in five
others (no planted change: no effect) → the new findings of 2023/2024.

The road maps (``roadmaps/*.md``) are written in the style of the municipal orders (a Markdown
table «№ | Мероприятие | Срок | Ответственные | Ожидаемый результат») and go through the importer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db.models import Q

from msoko.core.models import SchoolYear, User
from msoko.cycle import services as cycle
from msoko.cycle.models import Finding, Recommendation
from msoko.demo.results.courses import MEASURE_SCHOOLS, MEASURE_YEAR
from msoko.registry.models import Organization
from msoko.roadmaps import services as roadmaps

FINDINGS_YEAR = "2022/2023"
NO_EFFECT_SCHOOLS = ("0102", "0109", "0113", "0117", "0121")  # large and small, as the comparison
ROADMAPS = Path(__file__).parent / "roadmaps"


def load_cycle(*, specialist: User) -> dict[str, int]:
    """The cycle of 2022/2023 → 2023/2024 and the two road maps; counts for the demo summary."""
    year = SchoolYear.get_by_name(FINDINGS_YEAR)
    sent = cycle.issue_recommendations(school_year=year, actor=specialist)
    _schools_respond(sent)
    measures = _measures(specialist, sent)
    road = roadmaps.import_roadmap_text(
        (ROADMAPS / "municipal.md").read_text(encoding="utf-8"),
        title=None,
        organization=None,
        actor=specialist,
    )
    school = roadmaps.import_roadmap_text(
        (ROADMAPS / "school-0101.md").read_text(encoding="utf-8"),
        title=None,
        organization=Organization.objects.get(code="0101"),
        actor=specialist,
    )
    for activity in road.activities.order_by("position")[:4]:
        roadmaps.set_status(activity=activity, status="done", actor=specialist)
    return {
        "адресных рекомендаций": len(sent),
        "мер": measures,
        "мероприятий дорожных карт": road.activities.count() + school.activities.count(),
    }


def _schools_respond(sent: list[Recommendation]) -> None:
    """The demo schools' users read what was sent to them; the gymnasium reports what it did."""
    for login, code in (("school1", "0101"), ("school2", "0120")):
        user = User.objects.get(username=login)
        for recommendation in (r for r in sent if r.organization and r.organization.code == code):
            cycle.acknowledge_recommendation(recommendation=recommendation, actor=user)
            if code == "0101":
                cycle.report_recommendation(
                    recommendation=recommendation,
                    actor=user,
                    text="Проведён педагогический совет, составлены ИОМ педагогов, план ШМО дополнен.",
                    link="https://school-0101.example.ru/documents/report",
                )


def _measures(specialist: User, sent: list[Recommendation]) -> int:
    start = int(MEASURE_YEAR[:4])
    answered = Finding.objects.filter(school_year__name=FINDINGS_YEAR)
    for number, title, kind, direction, codes, indicator, expected in (
        (
            "112-о",
            "Диагностика профессиональных дефицитов учителей в школах с низкими результатами",
            "programme",
            7,
            MEASURE_SCHOOLS,
            "teachers.diagnostics_coverage",
            20.0,
        ),
        (
            "118-о",
            "Семинары по подготовке педагогов к аттестации",
            "seminar",
            7,
            NO_EFFECT_SCHOOLS,
            "teachers.category_share",
            10.0,
        ),
    ):
        targets = list(Organization.objects.filter(code__in=codes))
        cycle.create_measure(
            actor=specialist,
            title=title,
            kind=kind,
            direction=direction,
            organizations=targets,
            indicators={indicator: expected},
            starts_on=dt.date(start, 10, 1),
            ends_on=dt.date(start + 1, 5, 31),
            number=number,
            dated=dt.date(start, 9, 20),
            responsible="Отдел образования, МКУ «ИМЦ»",
            findings=answered.filter(Q(organization__in=targets)),
            recommendations=[r for r in sent if r.organization in targets],
        )
    return 2
