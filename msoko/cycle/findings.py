"""Findings at the end of every recompute: the run's flags and missed targets become findings.

The pipeline rebuilds flags and indicator values whole; a finding keeps its identity across
runs, keyed on (school year, organisation, flag kind or indicator code), so the recommendations
and measures that answer it stay attached. A run that no longer produces a condition closes the
finding with the run's date; a later run that produces it again reopens it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import polars as pl
from django.conf import settings
from django.utils import timezone

from msoko.analytics import tasks as T
from msoko.analytics.columns import C
from msoko.analytics.wording import format_number
from msoko.core import audit
from msoko.core.models import AuditAction, SchoolYear
from msoko.cycle.models import MUNICIPALITY, Finding, Source
from msoko.directions.registry import flag_kinds
from msoko.flags.models import Flag, FlagKind
from msoko.indicators.catalogue import CATALOGUE, Polarity
from msoko.pipeline.computations import Computation, OrgIds, Outcome
from msoko.pipeline.frames import YearFrames

#: flags that praise a school rather than point at a problem: no finding
POSITIVE_FLAGS = frozenset({FlagKind.RESILIENT.value})


@dataclass(frozen=True)
class Condition:
    org_code: str
    source: str
    code: str
    direction: int
    level: int | None = None
    value: float | None = None
    target: float | None = None
    evidence: str = ""  # said by the source itself (a skill deficit); else worded by ``_evidence``


def missed_targets(values: pl.DataFrame, *, school_year: str) -> list[Condition]:
    """Whole-organisation values (no procedure) that miss their catalogue target, and the
    municipality's («МО»); an indicator without a target or a direction of better has none.
    Only the few indicators with a target are looked at (one join, no loop over values)."""
    targets = pl.DataFrame(
        [
            (i.code, target, i.polarity == Polarity.LOWER_IS_BETTER, i.direction)
            for i in CATALOGUE
            if i.polarity != Polarity.NEUTRAL and (target := i.target_for(school_year)) is not None
        ],
        schema={"code": pl.String, "target": pl.Float64, "lower": pl.Boolean, "direction": pl.Int64},
        orient="row",
    )
    missed = (
        values.filter(
            (pl.col("procedure").is_null() | (pl.col("procedure") == "")) & pl.col("value").is_not_null()
        )
        .join(targets, on="code")
        .filter(
            pl.when(pl.col("lower"))
            .then(pl.col("value") > pl.col("target"))
            .otherwise(pl.col("value") < pl.col("target"))
        )
    )
    return [
        Condition(org_code, Source.INDICATOR, code, direction, None, value, target)
        for org_code, code, direction, value, target in missed.select(
            "org_code", "code", "direction", "value", "target"
        ).iter_rows()
    ]


def raised_flags(flags: pl.DataFrame) -> list[Condition]:
    """Every flag but the praising ones, with the direction that declares its kind."""
    directions = flag_kinds()
    return [
        Condition(org_code, Source.FLAG, kind, directions[kind].number, level=int(level))
        for org_code, kind, level in flags.select("org_code", "flag", "level").iter_rows()
        if kind not in POSITIVE_FLAGS and kind in directions
    ]


def skill_deficits(frames: YearFrames) -> list[Condition]:
    """The municipality's systemic skill deficits in each procedure of the year with a task
    matrix: a skill most of whose tasks are not mastered over all participants (ФИОКО 2026
    thresholds, docs/methodology.md#skill-deficits) is a finding of the department, answered by
    a targeted seminar of the subject's РМО (docs/methodology.md#findings).

    Reads the task matrices the run has already decoded (``YearFrames.works``): summing each
    task's column over a region's million pupils takes a fraction of a second."""
    found = []
    thresholds = dict(settings.MSOKO_TASK_THRESHOLDS)
    for work in frames.works():
        if work.results.is_empty():
            continue
        scores = work.results.with_columns(pl.lit(MUNICIPALITY).alias(C.ORG_CODE))
        completion = T.task_completion_wide(scores, work.tasks, by=[C.ORG_CODE])
        statuses = T.task_status(completion, **thresholds)
        systemic = T.skill_deficits(statuses, by=[C.ORG_CODE]).filter(pl.col(T.SYSTEMIC))
        name = f"{work.kind} {work.subject}, {work.grade} класс"
        for skill, not_mastered, total in systemic.select(T.SKILL, T.NOT_MASTERED_TASKS, T.TASKS).iter_rows():
            found.append(
                Condition(
                    MUNICIPALITY,
                    Source.DEFICIT,
                    deficit_code(work.kind, work.subject, work.grade, skill),
                    1,
                    evidence=f"{name}: умение «{skill}» — не освоено {not_mastered} из {total} заданий",
                )
            )
    return found


def deficit_code(kind: str, subject: str, grade: int | None, skill: str) -> str:
    """The finding code of a municipal skill deficit: stable while the skill's wording is."""
    key = hashlib.sha1(f"{subject}|{grade}|{skill}".encode()).hexdigest()[:10]
    return f"deficit:{kind}:{grade}:{key}"


def findings_outcome(frames: YearFrames) -> Outcome:
    conditions = [
        *raised_flags(frames.produced_flags()),
        *missed_targets(frames.produced_values(), school_year=frames.year.name),
        *skill_deficits(frames),
    ]

    def store(year: SchoolYear, ids: OrgIds) -> None:
        sync_findings(year, conditions, ids, today=timezone.localdate())

    return Outcome(store=store)


def sync_findings(year: SchoolYear, conditions: list[Condition], ids: OrgIds, *, today: dt.date) -> None:
    """Open, update, close and reopen the year's findings to match ``conditions`` (inside the
    run's write transaction: the run's flags are already written, their reasons are the evidence)."""
    reasons = {
        (org_id, kind): flag_reasons
        for org_id, kind, flag_reasons in Flag.objects.filter(school_year=year).values_list(
            "organization_id", "kind", "reasons"
        )
    }
    known = {(f.org_code, f.code): f for f in Finding.objects.filter(school_year=year)}
    seen, created, changed = set(), [], []
    opened = reopened = closed = 0
    for c in conditions:
        org_id = ids.get(c.org_code)
        if org_id is None and c.org_code != MUNICIPALITY:
            continue  # the region's values, an organisation removed meanwhile
        key = (c.org_code, c.code)
        seen.add(key)
        evidence = _evidence(c, reasons.get((org_id, c.code)))
        finding = known.get(key)
        if finding is None:
            created.append(
                Finding(
                    school_year=year,
                    organization_id=org_id,
                    org_code=c.org_code,
                    source=c.source,
                    code=c.code,
                    direction=c.direction,
                    level=c.level,
                    value=c.value,
                    target=c.target,
                    evidence=evidence,
                    opened_on=today,
                )
            )
            opened += 1
            continue
        if finding.closed_on is not None:
            reopened += 1
        now_state = (org_id, c.direction, c.level, c.value, c.target, evidence, None)
        if _state(finding) == now_state:
            continue  # a recompute of the same data rewrites nothing (a region has thousands)
        finding.organization_id, finding.direction, finding.level = org_id, c.direction, c.level
        finding.value, finding.target, finding.evidence, finding.closed_on = c.value, c.target, evidence, None
        changed.append(finding)
    for key, finding in known.items():
        if key not in seen and finding.closed_on is None:
            finding.closed_on = today
            changed.append(finding)
            closed += 1
    Finding.objects.bulk_create(created, batch_size=500)
    fields = ["organization", "direction", "level", "value", "target", "evidence", "closed_on", "updated_at"]
    now = timezone.now()
    for finding in changed:
        finding.updated_at = now
    Finding.objects.bulk_update(changed, fields, batch_size=500)
    if opened or reopened or closed:
        audit.record(
            actor=None,
            actor_name="msoko",
            action=AuditAction.UPDATE,
            summary=(
                f"Управленческий цикл: выводы {year.name} после пересчёта — новых {opened}, "
                f"возобновлено {reopened}, снято {closed}"
            ),
            details={"opened": opened, "reopened": reopened, "closed": closed},
        )


def _state(finding: Finding) -> tuple:
    """What a recompute may change in a finding, to skip writing the unchanged ones."""
    return (
        finding.organization_id,
        finding.direction,
        finding.level,
        finding.value,
        finding.target,
        finding.evidence,
        finding.closed_on,
    )


def _evidence(condition: Condition, reasons: list[str] | None) -> str:
    if condition.evidence:
        return condition.evidence
    if condition.source == Source.FLAG:
        text = "; ".join(reasons or [])
        return text or f"флаг уровня {condition.level}"
    indicator = CATALOGUE.get(condition.code)
    unit = f" {indicator.unit.value}" if indicator and indicator.unit.value == "%" else ""
    value, target = (format_number(v, 1, trim=True) for v in (condition.value, condition.target))
    return f"значение {value}{unit} при цели {target}{unit}"


COMPUTATION = Computation(
    code="cycle.findings", title="выводы управленческого цикла", order=90, compute=findings_outcome
)
