"""Run every criterion (ours and the official 2019 markers) over a municipality's works.

The callers (``msoko compute``, the demo's and the benchmark's generated worlds) hand in the
works as :class:`Work` and the exams as frames; everything here is pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from msoko.analytics.achievement import present
from msoko.analytics.columns import C
from msoko.analytics.objectivity import official, proportions
from msoko.analytics.objectivity.bunching import bunching
from msoko.analytics.objectivity.cohort import cohort_collapse
from msoko.analytics.objectivity.findings import FINDING_SCHEMA, Thresholds
from msoko.analytics.objectivity.patterns import hard_tasks, similar_works

OFFICIAL_SUBJECTS = ("Математика", "Русский язык")  # «РУ», «МА» of the 2019 document
OFFICIAL_GRADES = (4, 5)


@dataclass(frozen=True)
class Work:
    """One procedure with a task matrix (ВПР, НИКО, РКР, МОП) of one school year."""

    scope: str  # «ВПР МА4 2020/2021», shown in the reasons
    kind: str
    subject: str
    grade: int
    start_year: int
    #: org_code, class_name, participant_code, total, mark, journal_mark, optional absent,
    #: and one integer column per task label
    results: pl.DataFrame
    tasks: pl.DataFrame  # task, task_max, level
    cuts: dict[int, int]

    @property
    def max_score(self) -> int:
        return int(self.tasks[C.TASK_MAX].sum())

    @property
    def present(self) -> pl.DataFrame:
        return present(self.results) if C.ABSENT in self.results.columns else self.results


def cohort_pairs(works: Sequence[Work], earlier: Sequence[Work] = ()) -> list[tuple[Work, Work]]:
    """(grade N in year Y − 1, grade N + 1 in year Y) of the same kind and subject, for each of
    ``works`` that has its grade below a year before among ``earlier`` or ``works``."""
    index = {(w.kind, w.subject, w.grade, w.start_year): w for w in [*earlier, *works]}
    return [
        (before, w)
        for w in works
        if (before := index.get((w.kind, w.subject, w.grade - 1, w.start_year - 1))) is not None
    ]


def our_findings(
    works: Sequence[Work],
    *,
    earlier: Sequence[Work] = (),
    oge: pl.DataFrame | None = None,
    ege_russian: pl.DataFrame | None = None,
    th: Thresholds | None = None,
) -> pl.DataFrame:
    """Every criterion of ours over the works and exams (``oge`` has a `subject` column);
    ``earlier`` are the year before's works, used only to follow cohorts into ``works``."""
    th = th or Thresholds()
    parts = []
    for work in works:
        rows = work.present
        parts += [
            proportions.marks_raised(rows, scope=work.scope, th=th),
            bunching(rows, cuts=work.cuts, max_score=work.max_score, scope=work.scope, th=th),
            hard_tasks(rows, work.tasks, scope=work.scope, th=th),
            similar_works(rows, work.tasks, scope=work.scope, th=th),
        ]
    for start_year in sorted({w.start_year for w in works}):
        same_year = [w for w in works if w.start_year == start_year]
        parts.append(
            proportions.pooled_excess(
                [proportions.raised_events(w.present) for w in same_year],
                criterion=proportions.JOURNAL,
                scope=f"ВПР {start_year}/{start_year + 1}, все работы",
                min_n=th.min_participants,
                th=th,
                wording=proportions.RAISED_WORDING,
            )
        )
    for before, later in cohort_pairs(works, earlier):
        parts.append(
            cohort_collapse(
                before.present,
                later.present,
                earlier_max=before.max_score,
                later_max=later.max_score,
                scope=f"Когорта, {before.kind} {before.subject}",
                earlier_name=f"{before.grade} класс ({before.start_year}/{before.start_year + 1})",
                later_name=f"{later.grade} класс ({later.start_year}/{later.start_year + 1})",
                th=th,
            )
        )
    if oge is not None and not oge.is_empty():
        subjects = oge.partition_by(C.SUBJECT, maintain_order=True, as_dict=True)
        for (subject,), rows in subjects.items():
            parts.append(proportions.annual_above_exam(rows, scope=f"ОГЭ, {subject}", th=th))
        parts.append(
            proportions.pooled_excess(
                [proportions.annual_events(rows) for rows in subjects.values()],
                criterion=proportions.OGE_ANNUAL,
                scope="ОГЭ, все предметы",
                min_n=th.min_participants,
                th=th,
                wording=proportions.ANNUAL_WORDING,
            )
        )
    if ege_russian is not None and not ege_russian.is_empty():
        parts.append(proportions.medals_unconfirmed(ege_russian, scope=_medal_scope(ege_russian), th=th))
    return _stack(parts)


def _medal_scope(ege_russian: pl.DataFrame) -> str:
    if C.SCHOOL_YEAR not in ege_russian.columns:
        return "ЕГЭ, медалисты"
    years = sorted(ege_russian[C.SCHOOL_YEAR].drop_nulls().unique().to_list())
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return f"ЕГЭ, медалисты {span}"


def official_findings(
    works: Sequence[Work], *, earlier: Sequence[Work] = (), oge: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The 14 signs of the 2019 algorithm that the data allow (ВПР РУ/МА 4–5, ОГЭ РУ/МА)."""

    def counted(work: Work) -> bool:
        return work.kind == "ВПР" and work.subject in OFFICIAL_SUBJECTS and work.grade in OFFICIAL_GRADES

    chosen = [w for w in works if counted(w)]
    parts = []
    for work in chosen:
        parts += [
            official.mean_above(work.present, scope=work.scope),
            official.marks_mismatch(work.present, scope=work.scope),
        ]
    for before, later in cohort_pairs(chosen, [w for w in earlier if counted(w)]):
        if before.grade == 4:
            parts.append(
                official.cohort_change(
                    before.present,
                    later.present,
                    earlier_max=before.max_score,
                    later_max=later.max_score,
                    scope=f"ВПР 4→5, {before.subject}",
                )
            )
    if oge is not None and not oge.is_empty():
        for (subject,), rows in oge.filter(pl.col(C.SUBJECT).is_in(OFFICIAL_SUBJECTS)).group_by(
            C.SUBJECT, maintain_order=True
        ):
            parts.append(official.mean_above(rows, score="primary_score", scope=f"ОГЭ, {subject}"))
    return _stack(parts)


def _stack(parts: list[pl.DataFrame]) -> pl.DataFrame:
    parts = [p for p in parts if not p.is_empty()]
    return pl.concat(parts) if parts else pl.DataFrame(schema=FINDING_SCHEMA)
