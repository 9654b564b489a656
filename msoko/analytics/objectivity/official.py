"""The Rosobrnadzor/FIOKO 2019 algorithm «Уровень объективности оценки образовательных
результатов», exactly as published (`../shared/data/real/altai-vpr/docs/
objectivity_methodology_2019.pdf`, pp. 1–3), with the region replaced by the municipality.

* A, «завышенные значения среднего балла» (ВПР РУ/МА 4–5, ОГЭ РУ/МА): the school's 95 %
  interval of the mean score, x̄ ± 1.96·s/√m, lies wholly above the municipality's.
* B, «несоответствие результатов ВПР и школьных отметок» (ВПР РУ/МА 4–5): Spearman's r
  between the journal mark and the primary score within the school is negative. Ties are
  given average ranks (r is Pearson's r of the ranks); the document's 1 − 6Σd²/(n(n² − 1))
  assumes no ties, which marks 2–5 never satisfy.
* C, «резкое падение / возрастание» from grade 4 to 5: K = S₄(Y) / S₅(Y + 1) of the mean %
  of the maximum; a fall when K > Q3 + 3·IQR, a rise when K < Q1 − 3·IQR over the schools.

The document sets no minimum group; a school needs two participants for A and B (a standard
deviation, a correlation) and one in both years for C. Index = 100 − % of schools marked.
docs/methodology.md#official-2019.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from msoko.analytics.achievement import present
from msoko.analytics.columns import C
from msoko.analytics.objectivity.cohort import school_means
from msoko.analytics.objectivity.findings import CLASS, CRITERION, FINDING_SCHEMA, SCOPE, number
from msoko.analytics.wording import decimal

MEAN_ABOVE, MARKS_MISMATCH, COHORT_FALL, COHORT_RISE = (
    "mean_above",
    "marks_mismatch",
    "cohort_fall",
    "cohort_rise",
)
T_VALUE = 1.96  # «t = 1,96» (p. 2)
IQR_FENCE = 3.0  # «Q3 + 3·IQR», «Q1 − 3·IQR» (p. 3)


def _findings(frame: pl.DataFrame, criterion: str, scope: str) -> pl.DataFrame:
    out = frame.with_columns(
        pl.lit(criterion).alias(CRITERION),
        pl.lit(scope).alias(SCOPE),
        pl.lit(None, dtype=pl.String).alias(CLASS),
        pl.lit(None, dtype=pl.Float64).alias("p_value"),
        pl.lit(value=False).alias("strong"),
    )
    return out.select({name: pl.col(name).cast(dtype) for name, dtype in FINDING_SCHEMA.items()}.values())


def mean_above(results: pl.DataFrame, *, score: str = C.TOTAL, scope: str) -> pl.DataFrame:
    """Marker A: lower bound of the school's interval above the upper bound of the municipality's."""
    rows = present(results) if C.ABSENT in results.columns else results.filter(pl.col(score).is_not_null())
    values = rows[score].cast(pl.Float64)
    if len(values) < 2:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    upper = float(values.mean()) + T_VALUE * float(values.std()) / np.sqrt(len(values))
    schools = rows.group_by(C.ORG_CODE).agg(
        pl.len().cast(pl.Int64).alias("n"),
        pl.col(score).cast(pl.Float64).mean().alias("observed"),
        pl.col(score).cast(pl.Float64).std().alias("sd"),
    )
    lower = pl.col("observed") - T_VALUE * pl.col("sd") / pl.col("n").sqrt()
    return _findings(
        schools.with_columns(
            pl.lit(upper).alias("expected"),
            (pl.col("n") >= 2).alias("evaluated"),
            (lower > upper).fill_null(False).alias("fired"),
            pl.format(
                "{}: нижняя граница доверительного интервала среднего балла ОО ({}) выше верхней "
                "границы по МО ({})",
                pl.lit(scope),
                number(lower),
                pl.lit(f"{upper:.1f}".replace(".", ",")),
            ).alias("reason"),
        ).sort(C.ORG_CODE),
        MEAN_ABOVE,
        scope,
    )


def marks_mismatch(results: pl.DataFrame, *, scope: str) -> pl.DataFrame:
    """Marker B: Spearman's r (average ranks for ties) of journal mark and score below zero."""
    pairs = present(results).filter(pl.col(C.JOURNAL_MARK).is_not_null())
    ranked = pairs.with_columns(
        pl.col(C.JOURNAL_MARK).rank("average").over(C.ORG_CODE).alias("_rank_mark"),
        pl.col(C.TOTAL).rank("average").over(C.ORG_CODE).alias("_rank_score"),
    )
    schools = ranked.group_by(C.ORG_CODE).agg(
        pl.len().cast(pl.Int64).alias("n"),
        pl.corr("_rank_mark", "_rank_score").alias("observed"),
    )
    r = pl.col("observed").fill_nan(None)
    return _findings(
        schools.with_columns(
            r.alias("observed"),
            pl.lit(0.0).alias("expected"),
            ((pl.col("n") >= 2) & r.is_not_null()).alias("evaluated"),
            (r < 0).fill_null(False).alias("fired"),
            pl.format(
                "{}: коэффициент Спирмена между отметками по журналу и баллами ВПР отрицателен ({})",
                pl.lit(scope),
                decimal(r),
            ).alias("reason"),
        ).sort(C.ORG_CODE),
        MARKS_MISMATCH,
        scope,
    )


def cohort_change(
    earlier: pl.DataFrame,
    later: pl.DataFrame,
    *,
    earlier_max: int,
    later_max: int,
    scope: str,
) -> pl.DataFrame:
    """Marker C: the ratio K of the mean % outside the Q1 − 3·IQR … Q3 + 3·IQR fences."""
    pairs = (
        school_means(earlier, max_score=earlier_max)
        .join(school_means(later, max_score=later_max), on=C.ORG_CODE, suffix="_2")
        .filter(pl.col("mean_2") > 0)
        .with_columns((pl.col("mean") / pl.col("mean_2")).alias("observed"))
    )
    if pairs.is_empty():
        return pl.DataFrame(schema=FINDING_SCHEMA)
    q1, q3 = np.quantile(pairs["observed"].to_numpy(), [0.25, 0.75])
    high, low = q3 + IQR_FENCE * (q3 - q1), q1 - IQR_FENCE * (q3 - q1)
    k = decimal(pl.col("observed"))
    base = pairs.with_columns(pl.min_horizontal("n", "n_2").alias("n"), pl.lit(value=True).alias("evaluated"))
    fall = base.with_columns(
        pl.lit(high).alias("expected"),
        (pl.col("observed") > high).alias("fired"),
        pl.format(
            "{}: резкое падение результатов от 4 к 5 классу, K = {} при верхней границе {}",
            pl.lit(scope),
            k,
            pl.lit(f"{high:.2f}".replace(".", ",")),
        ).alias("reason"),
    )
    rise = base.with_columns(
        pl.lit(low).alias("expected"),
        (pl.col("observed") < low).alias("fired"),
        pl.format(
            "{}: резкое возрастание результатов от 4 к 5 классу, K = {} при нижней границе {}",
            pl.lit(scope),
            k,
            pl.lit(f"{low:.2f}".replace(".", ",")),
        ).alias("reason"),
    )
    return pl.concat([_findings(fall, COHORT_FALL, scope), _findings(rise, COHORT_RISE, scope)]).sort(
        C.ORG_CODE, CRITERION
    )


def objectivity_index(findings: pl.DataFrame, *, schools: int) -> float | None:
    """100 − the % of the ``schools`` that took part with at least one marker («100 − P», p. 1)."""
    if schools <= 0:
        return None
    marked = findings.filter(pl.col("fired"))[C.ORG_CODE].n_unique()
    return 100 - marked * 100 / schools
