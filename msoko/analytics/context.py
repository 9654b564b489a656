"""The school social-context index and the `adverse_conditions` flag (direction 2, ШФНСУ).

Index = Σ_k w_k·z_k / Σ_k |w_k| over the components a school has, standardised again across
the municipality's schools (so the cuts read in their standard deviations), z_k the component
standardised across the schools (mean 0, sd 1) and w_k signed: positive where a
larger share means a more favourable context (parents with higher education), negative where it
means a harder one (low-income families, ОВЗ, Russian not native, a rural school). The HSE
«индекс социального благополучия школы» construction with equal weights
(`../shared/domain/methodology.md` §3.3 **[E]**; weights are ours and a setting). A school below
the cut is flagged. docs/methodology.md#context-index.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from msoko.analytics.columns import C
from msoko.analytics.wording import decimal

INDEX = "context_index"
#: component column → signed weight (the registry's context fields; «rural» is 1 for a village)
DEFAULT_COMPONENTS: dict[str, float] = {
    "low_income_share": -1.0,
    "higher_education_parents_share": 1.0,
    "sen_share": -1.0,
    "non_native_russian_share": -1.0,
    "rural": -1.0,
}
#: index ≤ cut → level: one, one and a half and two standard deviations below the municipality
DEFAULT_CUTS: tuple[float, float, float] = (-0.75, -1.25, -1.75)
TITLES = {
    "low_income_share": "малообеспеченные семьи",
    "higher_education_parents_share": "родители с высшим образованием",
    "sen_share": "обучающиеся с ОВЗ",
    "non_native_russian_share": "русский язык не родной",
    "rural": "сельская школа",
}


def context_index(
    schools: pl.DataFrame, *, components: Mapping[str, float] = DEFAULT_COMPONENTS
) -> pl.DataFrame:
    """org_code, `context_index` and `components` (how many it stands on), one row per school.

    ``schools``: org_code and the component columns (nulls where unknown). A component with no
    spread in the municipality adds nothing; a school with no known component has a null index.
    """
    used = {name: weight for name, weight in components.items() if name in schools.columns and weight}
    z = {}
    for name in used:
        value = pl.col(name).cast(pl.Float64)
        sd = value.std()
        z[name] = pl.when(sd > 0).then((value - value.mean()) / sd)
    standardised = schools.select(C.ORG_CODE, **{f"z_{name}": expr for name, expr in z.items()})
    weighted = [pl.col(f"z_{name}") * weight for name, weight in used.items()]
    weights = [
        pl.col(f"z_{name}").is_not_null().cast(pl.Float64) * abs(weight) for name, weight in used.items()
    ]
    total_weight = pl.sum_horizontal(weights) if weights else pl.lit(0.0)
    if not weighted:
        return schools.select(
            C.ORG_CODE, pl.lit(None, dtype=pl.Float64).alias(INDEX), pl.lit(0).alias("components")
        )
    raw = pl.when(total_weight > 0).then(pl.sum_horizontal(weighted) / total_weight)
    known = pl.sum_horizontal(pl.col(f"z_{name}").is_not_null().cast(pl.Int64) for name in used)
    # the mean of correlated z-scores has an sd below 1: standardise again, so that the cuts
    # read as standard deviations of the municipality's schools
    return standardised.select(C.ORG_CODE, raw.alias("raw"), known.alias("components")).select(
        C.ORG_CODE,
        pl.when(pl.col("raw").std() > 0)
        .then((pl.col("raw") - pl.col("raw").mean()) / pl.col("raw").std())
        .otherwise(pl.col("raw"))
        .alias(INDEX),
        "components",
    )


def adverse_flags(index: pl.DataFrame, *, cuts: tuple[float, float, float] = DEFAULT_CUTS) -> pl.DataFrame:
    """`adverse_conditions` flags: org_code, flag, level (1–3 by the cut passed), reasons."""
    value = pl.col(INDEX)
    level = pl.when(value <= cuts[2]).then(3).when(value <= cuts[1]).then(2).when(value <= cuts[0]).then(1)
    shown = decimal(value)
    return (
        index.filter(value <= cuts[0])
        .select(
            C.ORG_CODE,
            pl.lit("adverse_conditions").alias("flag"),
            level.cast(pl.Int64).alias("level"),
            pl.concat_list(
                pl.format(
                    "индекс социального контекста {} (муниципалитет 0, порог {}, по {} показателям)",
                    shown,
                    pl.lit(f"{cuts[0]:g}".replace(".", ",").replace("-", "−")),
                    "components",
                )
            ).alias("reasons"),
        )
        .sort(C.ORG_CODE)
    )
