"""Schools with low results (ШНОР): the Rosobrnadzor risk indicator, with small groups shrunk.

A procedure is «low» for a school when the share of its participants below the minimum (mark
«2» in ВПР and ОГЭ, below the minimum score in ЕГЭ) is at least 30 %. Rosobrnadzor's risk
indicator (order 04.10.2021 № 1336; wording of an inspection act, `../shared/domain/
methodology.md` §3.1 **[E/2]**) marks a school with «не менее 30 % участников, не преодолевших
минимальный порог, по двум и более оценочным процедурам в текущем году, а также по одной и той
же оценочной процедуре в предыдущем и текущем годах» — read as AND (a setting). The share is
shrunk towards the municipal share of the procedure with the weight of `prior` pupils
((fails + prior·p_МО) / (n + prior)), so three pupils with one «2» are not «33 %». Level: the
number of consecutive years (up to 3) the rule has held. docs/methodology.md#low-results.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from msoko.analytics.columns import C

PROCEDURE, YEAR = "procedure", "start_year"


@dataclass(frozen=True)
class LowResultsRule:
    threshold: float = 30.0  # % of participants below the minimum
    min_participants: int = 5  # a procedure of fewer participants says nothing (an elective of two)
    prior: float = 5.0  # pupils' weight of the municipal share in a school's share
    min_procedures: int = 2  # «по двум и более оценочным процедурам»
    persistence: bool = True  # «а также по одной и той же … в предыдущем и текущем годах»
    both: bool = True  # AND (the reading of «а также»); False: either condition


def low_procedures(counts: pl.DataFrame, *, rule: LowResultsRule) -> pl.DataFrame:
    """``counts``: org_code, procedure (its name without the year), start_year, n, fails.

    Adds `share` (raw %), `shrunk` (%) and `low` (shrunk ≥ threshold, on at least
    `min_participants` participants).
    """
    municipal = (pl.col("fails").sum() / pl.col("n").sum()).over(PROCEDURE, YEAR)
    return (
        counts.filter(pl.col("n") > 0)
        .with_columns(
            (pl.col("fails") * 100 / pl.col("n")).alias("share"),
            ((pl.col("fails") + rule.prior * municipal) * 100 / (pl.col("n") + rule.prior)).alias("shrunk"),
            (municipal * 100).alias("municipal"),
        )
        .with_columns(
            ((pl.col("shrunk") >= rule.threshold) & (pl.col("n") >= rule.min_participants)).alias("low")
        )
    )


def risk_years(procedures: pl.DataFrame, *, rule: LowResultsRule) -> pl.DataFrame:
    """org_code, start_year and `risk`: whether the rule holds for the school in that year."""
    low = procedures.filter(pl.col("low"))
    many = low.group_by(C.ORG_CODE, YEAR).agg((pl.len() >= rule.min_procedures).alias("many"))
    previous = low.select(C.ORG_CODE, PROCEDURE, (pl.col(YEAR) + 1).alias(YEAR))
    repeated = (
        low.join(previous, on=[C.ORG_CODE, PROCEDURE, YEAR], how="semi").select(C.ORG_CODE, YEAR).unique()
    )
    years = procedures.select(C.ORG_CODE, YEAR).unique()
    out = years.join(many, on=[C.ORG_CODE, YEAR], how="left").join(
        repeated.with_columns(pl.lit(value=True).alias("repeated")), on=[C.ORG_CODE, YEAR], how="left"
    )
    many_, repeated_ = pl.col("many").fill_null(False), pl.col("repeated").fill_null(False)
    if not rule.persistence:
        risk = many_
    elif rule.both:
        risk = many_ & repeated_
    else:
        risk = many_ | repeated_
    return out.select(C.ORG_CODE, YEAR, risk.alias("risk"))


def low_results_flags(
    counts: pl.DataFrame, *, start_year: int, rule: LowResultsRule | None = None
) -> pl.DataFrame:
    """`low_results` flags of ``start_year``: org_code, flag, level (consecutive years), reasons
    (a list of sentences, one per low procedure)."""
    rule = rule or LowResultsRule()
    procedures = low_procedures(counts, rule=rule)
    risk = risk_years(procedures, rule=rule).filter(pl.col("risk"))
    flagged = risk.filter(pl.col(YEAR) == start_year)
    if flagged.is_empty():
        return pl.DataFrame(
            schema={
                C.ORG_CODE: pl.String,
                "flag": pl.String,
                "level": pl.Int64,
                "reasons": pl.List(pl.String),
            }
        )
    streak = pl.lit(1)
    for back in (1, 2):
        held = (
            risk.filter(pl.col(YEAR) == start_year - back)
            .select(C.ORG_CODE)
            .with_columns(pl.lit(value=True).alias(f"y{back}"))
        )
        flagged = flagged.join(held, on=C.ORG_CODE, how="left")
    level = (
        pl.when(pl.col("y1").fill_null(False) & pl.col("y2").fill_null(False))
        .then(3)
        .when(pl.col("y1").fill_null(False))
        .then(2)
        .otherwise(streak)
    )
    year_name = f"{start_year}/{start_year + 1}"
    reasons = (
        procedures.filter(pl.col("low") & (pl.col(YEAR) == start_year))
        .sort(C.ORG_CODE, "shrunk", descending=[False, True])
        .with_columns(
            pl.format(
                "{}: ниже минимума {} % ({} из {}) при {} % по МО, {}",
                PROCEDURE,
                pl.col("share").round(0).cast(pl.Int64),
                "fails",
                "n",
                pl.col("municipal").round(0).cast(pl.Int64),
                pl.lit(year_name),
            ).alias("reason")
        )
        .group_by(C.ORG_CODE, maintain_order=True)
        .agg(pl.col("reason").alias("reasons"))
    )
    return (
        flagged.with_columns(level.cast(pl.Int64).alias("level"))
        .join(reasons, on=C.ORG_CODE, how="left")
        .select(
            C.ORG_CODE,
            pl.lit("low_results").alias("flag"),
            "level",
            pl.col("reasons").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        )
        .sort(C.ORG_CODE)
    )
