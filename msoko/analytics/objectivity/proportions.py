"""Criteria that compare a school's share of an event with the municipality's.

* ВПР mark above the journal mark («повысили»), ФИС ОКО's «Сравнение отметок с отметками по
  журналу» (ФИОКО 2026 p. 11);
* the annual mark above the ОГЭ mark (our reading of the «индекс необъективности ОГЭ»);
* a medal candidate whose ЕГЭ Russian is below the confirmation score (the «индекс
  неподтверждения результатов медалистов»; order № 730 of 29.09.2023).

The municipal share leaves the school out; the test is an exact beta-binomial tail whose
overdispersion is estimated from all schools, so honest variation between schools and the
size of a school are both accounted for (docs/methodology.md#objectivity-proportions).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.analytics.objectivity.findings import (
    CLASS,
    CRITERION,
    SCOPE,
    Thresholds,
    calibrated_p,
    empty,
    finish,
    leave_one_out_overdispersion,
    percent,
    robust_overdispersion,
    upper_tail,
)

JOURNAL, OGE_ANNUAL, MEDALS = "journal", "oge_annual", "medals"


def school_counts(events: pl.DataFrame, *, min_n: int, alpha: float) -> tuple[pl.DataFrame, float]:
    """org_code, n, k, and p0: the share the other schools' pupils of the same stratum give
    (the pupil's own mark: a pupil with «5» is «raised» above a «4» in the journal far more
    often than one with «3», so a strong school's share is compared with strong pupils');
    and the robust overdispersion ρ of the schools around it.

    ``events``: org_code, event, and optionally `stratum`.
    """
    if "stratum" not in events.columns:
        events = events.with_columns(pl.lit(0).alias("stratum"))
    cells = events.group_by(C.ORG_CODE, "stratum").agg(
        pl.len().alias("n"), pl.col("event").sum().cast(pl.Int64).alias("k")
    )
    others_n = pl.col("n").sum().over("stratum") - pl.col("n")
    others_k = pl.col("k").sum().over("stratum") - pl.col("k")
    # a stratum only this school has: the share of all other pupils stands in
    all_n = pl.col("n").sum() - pl.col("n").sum().over(C.ORG_CODE)
    all_k = pl.col("k").sum() - pl.col("k").sum().over(C.ORG_CODE)
    # a share of zero is never a baseline: no event among the others counts as half an event
    # (the Jeffreys prior), so three events are not «infinitely» more than expected
    share = pl.when(others_k > 0).then(others_k / others_n).otherwise(0.5 / (others_n + 1))
    overall = pl.when(all_k > 0).then(all_k / all_n).otherwise(0.5 / (all_n + 1))
    cells = cells.with_columns(pl.when(others_n > 0).then(share).otherwise(overall).alias("p"))
    schools = (
        cells.group_by(C.ORG_CODE)
        .agg(
            pl.col("n").sum().cast(pl.Int64),
            pl.col("k").sum().cast(pl.Int64),
            (pl.col("n") * pl.col("p")).sum().alias("e"),
        )
        .with_columns(
            (pl.col("e") / pl.col("n")).alias("p0"),
            # how many pupils of the other schools the baseline stands on
            (pl.col("n").sum() - pl.col("n")).alias("others"),
        )
        .sort(C.ORG_CODE)
    )
    counted = schools.filter(pl.col("n") >= min_n)
    rho = robust_overdispersion(
        counted["k"].to_numpy(), counted["n"].to_numpy(), counted["p0"].to_numpy(), alpha
    )
    return schools, rho


def event_excess(
    events: pl.DataFrame, *, criterion: str, scope: str, min_n: int, th: Thresholds, wording: str
) -> pl.DataFrame:
    """Per school: `k` of `n` pupils with the event against the rest of the municipality.

    ``events``: org_code and a boolean `event`, one row per pupil who counts. ``wording``
    names the event in the reason, e.g. «повысили отметку по журналу».
    """
    if events.is_empty():
        return empty()
    schools, _ = school_counts(events, min_n=min_n, alpha=th.alpha)
    k, n, p0 = schools["k"].to_numpy(), schools["n"].to_numpy(), schools["p0"].to_numpy()
    # each school's ρ comes from the others (those chance alone explains): in a small
    # municipality the school under test would otherwise widen the honest spread by itself
    kept = (n >= min_n) & (upper_tail(k, n, p0, 0.0) >= th.alpha)
    p_values = upper_tail(k, n, p0, leave_one_out_overdispersion(k, n, kept))
    return _findings(
        schools.with_columns(pl.Series("p_value", p_values), (pl.col("n") * pl.col("p0")).alias("e")),
        criterion=criterion,
        scope=scope,
        min_n=min_n,
        th=th,
        wording=wording,
    )


def pooled_excess(
    parts: list[pl.DataFrame], *, criterion: str, scope: str, min_n: int, th: Thresholds, wording: str
) -> pl.DataFrame:
    """The same event over several works of a school at once (a school that inflates one
    usually inflates all): k = Σk, expected Σ n·p0 of each work, and the variance of each
    work's count widened by its design effect 1 + (n − 1)·ρ; z calibrated on all schools."""
    counted = []
    for events in parts:
        if events.is_empty():
            continue
        schools, rho = school_counts(events, min_n=min_n, alpha=th.alpha)
        counted.append(
            schools.with_columns(
                (pl.col("n") * pl.col("p0") * (1 - pl.col("p0")) * (1 + (pl.col("n") - 1) * rho)).alias("v"),
            )
        )
    if len(counted) < 2:
        return empty()
    schools = (
        pl.concat(counted)
        .group_by(C.ORG_CODE)
        .agg(pl.col("n", "k", "e", "v", "others").sum())
        .with_columns(pl.col("n", "k").cast(pl.Int64))
        .sort(C.ORG_CODE)
    )
    variance = schools["v"].to_numpy()
    z = np.divide(
        schools["k"].to_numpy() - schools["e"].to_numpy(),
        np.sqrt(variance),
        out=np.zeros(len(variance)),
        where=variance > 0,
    )
    # the works of one school share its marking habits, which no per-work ρ sees: the spread
    # of the pooled z over all schools (the empirical null) takes it into account
    evaluated = (schools["n"].to_numpy() >= min_n) & (variance > 0)
    calibrated = np.where(variance > 0, calibrated_p(z, evaluated), 1.0)
    # the normal tail flatters a small school: it must also pass the exact binomial tail of its
    # pooled count (mean share Σn·p0 / Σn), the least evidence chance alone could produce
    shares = schools["e"].to_numpy() / schools["n"].to_numpy()
    exact = upper_tail(schools["k"].to_numpy(), schools["n"].to_numpy(), shares, 0.0)
    return _findings(
        schools.with_columns(
            pl.Series("p_value", np.maximum(calibrated, exact)),
            (pl.col("e") / pl.col("n")).alias("p0"),
        ),
        criterion=criterion,
        scope=scope,
        min_n=min_n,
        th=th,
        wording=wording,
    )


def _findings(
    schools: pl.DataFrame, *, criterion: str, scope: str, min_n: int, th: Thresholds, wording: str
) -> pl.DataFrame:
    basis = "по остальным ОО" if criterion == MEDALS else "по остальным ОО (у учащихся с теми же отметками)"
    share, others = pl.col("k") / pl.col("n") * 100, pl.col("p0") * 100
    reason = pl.format(
        "{}: {} {} % ({} из {}) при ожидаемых {} % {}",
        pl.lit(scope),
        pl.lit(wording),
        percent(share),
        "k",
        "n",
        percent(others),
        pl.lit(basis),
    )
    return finish(
        schools.with_columns(
            pl.lit(criterion).alias(CRITERION),
            pl.lit(scope).alias(SCOPE),
            pl.lit(None, dtype=pl.String).alias(CLASS),
            share.alias("observed"),
            others.alias("expected"),
            ((pl.col("n") >= min_n) & (pl.col("others") >= min_n)).alias("evaluated"),
            (pl.col("k") - pl.col("e")).alias("excess"),
            pl.lit(th.min_excess).alias("min_excess"),
            reason.alias("reason"),
        ),
        th,
    )


def raised_events(results: pl.DataFrame) -> pl.DataFrame:
    """org_code, event: the ВПР mark above the journal mark, for participants with both."""
    pairs = results.filter(pl.col(C.MARK).is_not_null() & pl.col(C.JOURNAL_MARK).is_not_null())
    return pairs.select(
        C.ORG_CODE, (pl.col(C.MARK) > pl.col(C.JOURNAL_MARK)).alias("event"), pl.col(C.MARK).alias("stratum")
    )


def annual_events(gia: pl.DataFrame) -> pl.DataFrame:
    """org_code, event: the annual mark above the ОГЭ mark, for participants with both."""
    pairs = gia.filter(pl.col(C.MARK).is_not_null() & pl.col(C.ANNUAL_MARK).is_not_null())
    return pairs.select(
        C.ORG_CODE, (pl.col(C.ANNUAL_MARK) > pl.col(C.MARK)).alias("event"), pl.col(C.MARK).alias("stratum")
    )


RAISED_WORDING = "повысили отметку по журналу"
ANNUAL_WORDING = "годовая отметка выше отметки ОГЭ у"


def marks_raised(results: pl.DataFrame, *, scope: str, th: Thresholds) -> pl.DataFrame:
    """ВПР mark above the journal mark, among participants with both."""
    return event_excess(
        raised_events(results),
        criterion=JOURNAL,
        scope=scope,
        min_n=th.min_participants,
        th=th,
        wording=RAISED_WORDING,
    )


def annual_above_exam(gia: pl.DataFrame, *, scope: str, th: Thresholds) -> pl.DataFrame:
    """The annual mark above the ОГЭ mark of one subject, among participants with both."""
    return event_excess(
        annual_events(gia),
        criterion=OGE_ANNUAL,
        scope=scope,
        min_n=th.min_participants,
        th=th,
        wording=ANNUAL_WORDING,
    )


def medals_unconfirmed(ege_russian: pl.DataFrame, *, scope: str, th: Thresholds) -> pl.DataFrame:
    """Medal candidates with a ЕГЭ Russian test score below the confirmation score."""
    candidates = ege_russian.filter(
        pl.col(C.MEDAL_CANDIDATE).fill_null(False) & pl.col(C.TEST_SCORE).is_not_null()
    )
    return event_excess(
        candidates.select(C.ORG_CODE, (pl.col(C.TEST_SCORE) < th.medal_confirmation_score).alias("event")),
        criterion=MEDALS,
        scope=scope,
        min_n=th.medal_min_candidates,
        th=th,
        wording=f"не подтвердили медаль (ЕГЭ по русскому языку ниже {th.medal_confirmation_score})",
    )
