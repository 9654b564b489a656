"""Recommendation rules: placeholders filled from the finding, the right addressee, the most
specific rules win, ready-made rules load once, a rule's text is checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from msoko.core.models import SchoolYear
from msoko.cycle import services
from msoko.cycle.models import (
    Addressee,
    Finding,
    MatchKind,
    Recommendation,
    RecommendationRule,
    Source,
    Status,
)
from msoko.cycle.rules import DEPARTMENT_NAME, CycleRejected, fill, matching_rules, template_problems

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 2)


def _finding(org, *, source=Source.FLAG, code="low_results", direction=2, **more) -> Finding:
    year = SchoolYear.get_by_name("2024/2025")
    return Finding.objects.create(
        school_year=year,
        organization=org,
        org_code=org.code if org else "МО",
        source=source,
        code=code,
        direction=direction,
        opened_on=TODAY,
        **more,
    )


def _rule(**fields) -> RecommendationRule:
    defaults = {
        "title": "правило",
        "addressee": Addressee.ORGANIZATION,
        "text": "Сделать в {organization}",
        "due_days": 10,
    }
    return RecommendationRule.objects.create(**(defaults | fields))


def test_a_missed_target_drafts_the_ready_made_recommendation_to_the_school(olympiad_year, school_b):
    services.ready_made_rules()

    drafts = services.draft_recommendations(school_year=olympiad_year, actor=None, today=TODAY)

    assert len(drafts) == 1
    r = Recommendation.objects.get()
    assert (r.addressee, r.organization, r.addressee_name) == (
        Addressee.ORGANIZATION,
        school_b,
        "МБОУ «Гимназия № 2»",
    )
    assert r.text.startswith(
        "Обеспечить участие победителей и призёров муниципального этапа ВсОШ из МБОУ «Гимназия № 2»"
    )
    assert "доля участвовавших 0\u00a0% при цели 25\u00a0% (2024/2025)" in r.text
    assert "{" not in r.text
    assert r.status == Status.DRAFT
    assert r.due_on == TODAY + dt.timedelta(days=120)
    assert r.direction == 3


def test_drafting_twice_adds_nothing_for_a_finding_that_has_recommendations(olympiad_year):
    services.ready_made_rules()
    services.draft_recommendations(school_year=olympiad_year, actor=None)

    again = services.draft_recommendations(school_year=olympiad_year, actor=None)

    assert again == []
    assert Recommendation.objects.count() == 1


def test_low_results_go_to_the_school_and_the_mentor_school_to_the_department(school_a):
    services.ready_made_rules()
    finding = _finding(school_a, evidence="успеваемость ниже 80 % два года подряд", level=2)

    services.draft_recommendations(school_year=finding.school_year, actor=None, today=TODAY)

    got = sorted(Recommendation.objects.values_list("addressee", "addressee_name", "organization__code"))
    assert got == [
        (Addressee.DEPARTMENT, DEPARTMENT_NAME, "0001"),
        (Addressee.ORGANIZATION, "МБОУ «Средняя школа № 1»", "0001"),
    ]
    programme = Recommendation.objects.get(addressee=Addressee.ORGANIZATION)
    assert "программу перехода МБОУ «Средняя школа № 1» в эффективный режим работы" in programme.text
    assert "успеваемость ниже 80 % два года подряд" in programme.text
    assert "школу-наставника" in Recommendation.objects.get(addressee=Addressee.DEPARTMENT).text


def test_signs_of_unobjectivity_get_the_plan_of_seed_525_and_the_association(school_a):
    services.ready_made_rules()
    finding = _finding(school_a, code="unobjective", direction=5, evidence="пик на границе отметки «3»")

    services.draft_recommendations(school_year=finding.school_year, actor=None, today=TODAY)

    plan = Recommendation.objects.get(addressee=Addressee.ORGANIZATION)
    assert (
        "план профилактических мероприятий, направленных на недопущение признаков необъективности"
        in plan.text
    )
    assert "общественных наблюдателей" in plan.text
    association = Recommendation.objects.get(addressee=Addressee.ASSOCIATION)
    assert association.addressee_name == "РМО заместителей директоров по УВР"
    assert association.organization == school_a


def test_a_direction_rule_applies_only_when_no_rule_names_the_kind(school_a):
    own = _rule(match_kind=MatchKind.INDICATOR, match_value="talents.regional_stage_share")
    general = _rule(match_kind=MatchKind.DIRECTION, match_value="3")
    off = _rule(match_kind=MatchKind.INDICATOR, match_value="talents.regional_stage_share", active=False)
    named = _finding(school_a, source=Source.INDICATOR, code="talents.regional_stage_share", direction=3)
    other = _finding(school_a, source=Source.INDICATOR, code="talents.municipal_winners", direction=3)

    assert matching_rules(named, [own, general, off]) == [own]
    assert matching_rules(other, [own, general, off]) == [general]


def test_the_municipalitys_finding_goes_to_the_department_even_by_a_school_rule(db):
    RecommendationRule.objects.all().delete()  # the ready-made ones of the data migration
    _rule(
        match_kind=MatchKind.INDICATOR,
        match_value="talents.regional_stage_share",
        text="{organization}: {value} при цели {target}",
    )
    finding = _finding(
        None,
        source=Source.INDICATOR,
        code="talents.regional_stage_share",
        direction=3,
        value=12.5,
        target=25.0,
    )

    services.draft_recommendations(school_year=finding.school_year, actor=None)

    r = Recommendation.objects.get()
    assert (r.addressee, r.addressee_name, r.organization) == (Addressee.DEPARTMENT, DEPARTMENT_NAME, None)
    assert r.text == "муниципалитет: 12,5\u00a0% при цели 25\u00a0%"


def test_ready_made_rules_load_once_and_keep_the_specialists_edits(db):
    RecommendationRule.objects.all().delete()  # the data migration's copy
    first = services.ready_made_rules()
    RecommendationRule.objects.filter(key="regional-stage").update(text="своя формулировка")

    second = services.ready_made_rules()

    assert first == 8
    assert second == 0
    assert RecommendationRule.objects.get(key="regional-stage").text == "своя формулировка"


def test_fill_leaves_unknown_placeholders_and_stray_braces_as_written():
    text = fill("В {organization} {unknown} {value} } {", {"organization": "СШ № 1", "value": "5"})

    assert text == "В СШ № 1 {unknown} 5 } {"


def test_a_rule_naming_an_unknown_placeholder_or_indicator_is_refused(db):
    assert template_problems("{organisation}")[0].startswith("Неизвестные подстановки: {organisation}.")

    with pytest.raises(CycleRejected, match=r"Показателя с кодом «talents\.nothing» нет в каталоге"):
        services.save_rule(
            actor=None,
            title="x",
            match_kind=MatchKind.INDICATOR,
            match_value="talents.nothing",
            addressee=Addressee.ORGANIZATION,
            association="",
            text="{organization}",
            due_days=5,
            active=True,
        )


def test_draft_dates_default_to_today(olympiad_year):
    services.ready_made_rules()

    services.draft_recommendations(school_year=olympiad_year, actor=None)

    assert Recommendation.objects.get().due_on == timezone.localdate() + dt.timedelta(days=120)
