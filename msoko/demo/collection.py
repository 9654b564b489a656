"""The demo's data collection: monitoring campaigns of the last two demo years (accepted), one
running now with some organisations late, the readiness and web-site checklists of the last
year, and finished parents' and pupils' surveys — so that the indicators of every direction
have values.

Forms are filled in bulk as the organisations would have filled them (values drawn by the
indicator's unit and polarity); acceptance, scoring and the surveys' results go through the
apps' own services, which write the indicator values.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.utils import timezone

from msoko.collection.campaigns import services as campaigns
from msoko.collection.campaigns.models import ChecklistAnswer, FormValue, State, Submission
from msoko.collection.campaigns.rules import LEVEL_KINDS, checklist_score, form_codes
from msoko.collection.surveys import services as surveys
from msoko.core.models import SchoolYear, User
from msoko.indicators.catalogue import CATALOGUE, Indicator, Polarity, Source, Unit
from msoko.registry.models import Organization

COMPLETED_YEARS = ("2023/2024", "2024/2025")
SURVEY_YEAR = "2024/2025"
LATE_SHARE = 0.3  # of the running campaign's organisations, how many have not sent by the deadline


def load_collection(*, seed: int, specialist: User) -> dict[str, int]:
    """Campaigns, the checklist and the surveys; the counts for the demo summary."""
    rng = np.random.default_rng([seed, 12])
    codes = _monitoring_codes()
    kinds = {LEVEL_KINDS[CATALOGUE.get(code).level] for code in codes}
    targets = _demo_organizations(kinds)
    accepted = 0
    for name in COMPLETED_YEARS:
        year = SchoolYear.get_by_name(name)
        start = dt.date(year.start_year + 1, 5, 15)
        campaign = campaigns.create_campaign(
            actor=specialist,
            title=f"Мониторинг показателей МСОКО за {name} учебный год",
            school_year=year,
            starts_on=start,
            ends_on=start + dt.timedelta(days=45),
            deadline=start + dt.timedelta(days=30),
            indicator_codes=codes,
            organizations=targets,
        )
        accepted += _fill_and_accept(campaign, rng, specialist)
    site = _checklists(rng, specialist)
    running = _running_campaign(codes, targets, rng)
    answers = _surveys(seed, specialist)
    return {
        "принятых форм мониторинга и чек-листов": accepted + site,
        "форм текущей кампании": running,
        "ответов анкет": answers,
    }


def _demo_organizations(kinds) -> list[Organization]:
    return list(Organization.objects.filter(municipality__is_demo=True, kind__in=kinds).order_by("code"))


def _monitoring_codes() -> list[str]:
    return [
        i.code
        for i in CATALOGUE
        if i.source == Source.MONITORING
        and not i.computation
        and i.level in LEVEL_KINDS
        and not i.code.endswith(("site_compliance_share", "school_year_readiness_share"))
    ]


def _value(indicator: Indicator, organization: Organization, rng: np.random.Generator) -> float:
    """A plausible value by unit and polarity: shares mostly high where higher is better."""
    lower = indicator.polarity == Polarity.LOWER_IS_BETTER
    if indicator.unit == Unit.PERCENT:
        return round(float(rng.uniform(0, 12) if lower else rng.beta(6, 2) * 100), 1)
    if indicator.unit == Unit.FLAG:
        return float(rng.random() < (0.15 if lower else 0.85))
    if indicator.unit == Unit.SCORE:
        return round(float(rng.uniform(3.2, 4.9)), 1)
    scale = max((organization.students_count or 100) / 150, 1)
    return float(rng.poisson(1.5 * scale if lower else 4 * scale))


def _fill(submission: Submission, rng: np.random.Generator) -> None:
    FormValue.objects.bulk_create(
        FormValue(
            submission=submission,
            indicator_code=code,
            value=_value(CATALOGUE.get(code), submission.organization, rng),
        )
        for code in form_codes(submission.campaign.indicator_codes, submission.organization.kind)
    )


def _fill_and_accept(campaign, rng: np.random.Generator, specialist: User) -> int:
    submissions = list(campaign.submissions.select_related("organization", "campaign"))
    sent = timezone.make_aware(dt.datetime.combine(campaign.deadline, dt.time(12)))
    for submission in submissions:
        _fill(submission, rng)
        submission.state, submission.submitted_at, submission.updated_at = State.SUBMITTED, sent, sent
        submission.save()
        campaigns.accept_submission(actor=specialist, submission=submission)
    return len(submissions)


def _checklists(rng: np.random.Generator, specialist: User) -> int:
    """The readiness for the last demo year (August) and its school web-site check (October),
    every school's form accepted."""
    year = SchoolYear.get_by_name(COMPLETED_YEARS[-1])
    accepted = 0
    for code, start in (
        ("school-year-readiness", dt.date(year.start_year, 8, 1)),
        ("school-site", dt.date(year.start_year, 10, 1)),
    ):
        campaign = campaigns.create_checklist_campaign(
            actor=specialist,
            checklist_code=code,
            school_year=year,
            starts_on=start,
            ends_on=start + dt.timedelta(days=30),
            deadline=start + dt.timedelta(days=20),
            organizations=_demo_organizations({"school"}),
        )
        accepted += _answer_checklist(campaign, rng, specialist)
    return accepted


def _answer_checklist(campaign, rng: np.random.Generator, specialist: User) -> int:
    items = list(campaign.checklist.items.order_by("number"))
    submissions = list(campaign.submissions.select_related("organization", "campaign__checklist"))
    for submission in submissions:
        met = rng.random(len(items)) < rng.uniform(0.6, 1.0)
        ChecklistAnswer.objects.bulk_create(
            ChecklistAnswer(
                submission=submission,
                item=item,
                answer=bool(ok),
                link=f"https://school-{submission.organization.code}.example.ru/sveden/" if ok else "",
            )
            for item, ok in zip(items, met, strict=True)
        )
        submission.score = checklist_score([bool(ok) for ok in met], items=len(items))
        submission.state, submission.submitted_at = State.SUBMITTED, timezone.now()
        submission.save()
        campaigns.accept_submission(actor=specialist, submission=submission)
    return len(submissions)


def _running_campaign(codes: list[str], targets: list[Organization], rng: np.random.Generator) -> int:
    """A campaign of the current school year, past its deadline: most organisations have sent
    their forms, a few are drafts or not started (overdue), none accepted yet."""
    today = timezone.localdate()
    start_year = today.year if today.month >= 9 else today.year - 1
    year = SchoolYear.get_by_name(f"{start_year}/{start_year + 1}")
    campaign = campaigns.create_campaign(
        actor=None,
        title=f"Мониторинг показателей МСОКО, {year.name}: первое полугодие",
        school_year=year,
        starts_on=today - dt.timedelta(days=21),
        ends_on=today + dt.timedelta(days=30),
        deadline=today - dt.timedelta(days=3),
        indicator_codes=codes,
        organizations=targets,
    )
    submissions = list(campaign.submissions.select_related("organization", "campaign"))
    for submission in submissions:
        draw = rng.random()
        if draw < LATE_SHARE / 2:
            continue  # not started
        _fill(submission, rng)
        submission.state = State.DRAFT if draw < LATE_SHARE else State.SUBMITTED
        submission.updated_at = timezone.now()
        if submission.state == State.SUBMITTED:
            submission.submitted_at = submission.updated_at
        submission.save()
    return len(submissions)


def _surveys(seed: int, specialist: User) -> int:
    """The parents of the ДОО and the pupils of the schools, in the spring of the last demo year;
    one kindergarten gets fewer than 10 answers, so its results stay hidden."""
    school, preschool, pupils = surveys.ready_made_questionnaires(actor=specialist)
    year = SchoolYear.get_by_name(SURVEY_YEAR)
    opens, closes = dt.date(year.start_year + 1, 4, 1), dt.date(year.start_year + 1, 5, 15)
    answers = 0
    for questionnaire, kind, title in (
        (preschool, "preschool", "Удовлетворённость родителей качеством дошкольного образования"),
        (pupils, "school", "Удовлетворённость обучающихся воспитательной работой"),
    ):
        organizations = _demo_organizations({kind})
        survey = surveys.open_survey(
            actor=specialist,
            questionnaire=questionnaire,
            title=f"{title}, {year.name}",
            school_year=year,
            opens_on=opens,
            closes_on=closes,
            organizations=organizations,
        )
        for number, organization in enumerate(organizations):
            count = 7 if kind == "preschool" and number == 0 else 12 + (number * 7) % 30
            answers += surveys.record_synthetic_responses(
                survey=survey, organization=organization, count=count, seed=seed + number
            )
        surveys.close_survey(actor=specialist, survey=survey, today=closes)
    del school  # the schools' parents' questionnaire is ready for the department, not run in the demo
    return answers
