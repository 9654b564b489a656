"""The public table from computed indicator values (docs/methodology.md#public-page).

Pure Polars: no Django, no I/O; :mod:`msoko.publication.selectors` reads the values.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from msoko.publication.suppression import MIN_GROUP, MUNICIPALITY, suppressed

#: the indicator codes the table is made of
RESULTS_CODES = (
    "results.participants",
    "results.success_rate",
    "results.quality_rate",
    "results.mean_percent",
)
GIA_CODES = ("gia.participants", "gia.fail_rate", "gia.quality_rate", "gia.mean_test_score")
CODES = RESULTS_CODES + GIA_CODES
#: the one exam whose mean is a 100-point test score
EGE = "ЕГЭ"

#: one table: procedure × subject × grade (grade empty for an exam)
TABLE_KEYS = ["procedure", "subject", "grade"]
COLUMNS = [
    "Код ОО",
    "Наименование",
    "Процедура",
    "Предмет",
    "Параллель",
    "Участников",
    "Успеваемость, %",
    "Качество, %",
    "Средний процент",
]
NUMBERS = ["participants", "success_rate", "quality_rate", "mean_percent"]

VALUES_SCHEMA = {
    "org_code": pl.String,
    "name": pl.String,
    "code": pl.String,
    "procedure": pl.String,
    "subject": pl.String,
    "grade": pl.Int64,
    "value": pl.Float64,
}


def public_table(
    values: pl.DataFrame,
    *,
    kinds: Sequence[str],
    exams: Sequence[str],
    municipality_name: str,
    min_group: int = MIN_GROUP,
) -> pl.DataFrame:
    """The published rows: one per school or municipality × procedure × subject × grade.

    Input: long indicator values (:data:`VALUES_SCHEMA`: ``name`` is the organisation's name,
    null for «МО»), already without unpublished procedures. Rows of procedures outside
    ``kinds`` (the order of the output) and of the region («Регион») are left out.
    Output: :data:`COLUMNS`. Task-matrix procedures take the `results.*` values; an exam (one
    of ``exams``) has no grade, Успеваемость = 100 − `gia.fail_rate`, Качество = `gia.quality_rate`
    (none for ЕГЭ), Средний процент = `gia.mean_test_score` for ЕГЭ (a 100-point scale) and none
    for ОГЭ/ГВЭ (no maximum primary score is stored). A suppressed group (:func:`suppressed`)
    keeps its row with its four numbers empty. Sorted by procedure (in ``kinds`` order),
    subject, grade, the municipality first, then schools by code.
    """
    order = {kind: index for index, kind in enumerate(kinds)}
    exam = pl.col("procedure").is_in(list(exams))
    ege = pl.col("procedure") == EGE
    wide = (
        values.filter(pl.col("procedure").is_in(list(kinds)), pl.col("org_code") != "Регион")
        .group_by(["org_code", *TABLE_KEYS])
        .agg(
            pl.col("name").drop_nulls().first(),
            *(pl.col("value").filter(pl.col("code") == code).first().alias(code) for code in CODES),
        )
        .with_columns(
            grade=pl.when(~exam).then(pl.col("grade")),
            participants=pl.when(exam)
            .then(pl.col("gia.participants"))
            .otherwise(pl.col("results.participants"))
            .round(0)
            .cast(pl.Int64),
            success_rate=pl.when(exam)
            .then(100 - pl.col("gia.fail_rate"))
            .otherwise(pl.col("results.success_rate")),
            quality_rate=pl.when(exam)
            .then(pl.when(~ege).then(pl.col("gia.quality_rate")))
            .otherwise(pl.col("results.quality_rate")),
            mean_percent=pl.when(exam)
            .then(pl.when(ege).then(pl.col("gia.mean_test_score")))
            .otherwise(pl.col("results.mean_percent")),
        )
    )
    hidden = pl.col("suppressed")
    return (
        suppressed(wide, min_group=min_group, by=TABLE_KEYS)
        .with_columns(
            pl.when(~hidden).then(pl.col("participants")).alias("participants"),
            *(pl.when(~hidden).then(pl.col(n).round(2)).alias(n) for n in NUMBERS[1:]),
            name=pl.when(pl.col("org_code") == MUNICIPALITY)
            .then(pl.lit(municipality_name))
            .otherwise(pl.col("name")),
        )
        .sort(
            pl.col("procedure").replace_strict(order, return_dtype=pl.Int64),
            "subject",
            "grade",
            pl.col("org_code") != MUNICIPALITY,
            "org_code",
            nulls_last=False,
        )
        .select(
            pl.col("org_code").alias("Код ОО"),
            pl.col("name").alias("Наименование"),
            pl.col("procedure").alias("Процедура"),
            pl.col("subject").alias("Предмет"),
            pl.col("grade").alias("Параллель"),
            pl.col("participants").alias("Участников"),
            pl.col("success_rate").alias("Успеваемость, %"),
            pl.col("quality_rate").alias("Качество, %"),
            pl.col("mean_percent").alias("Средний процент"),
        )
    )


def shown_rows(frame: pl.DataFrame) -> list[dict]:
    """The rows of :func:`public_table` as the page shows them: ``org_code``, ``name``,
    ``numbers`` (the four values written as in the CSV: «83,33», «6», empty when null),
    ``suppressed`` (no participants shown) and ``municipality``."""
    return frame.select(
        pl.col("Код ОО").alias("org_code"),
        pl.col("Наименование").fill_null("").alias("name"),
        pl.concat_list(_text(name) for name in COLUMNS[5:]).alias("numbers"),
        pl.col("Участников").is_null().alias("suppressed"),
        (pl.col("Код ОО") == MUNICIPALITY).alias("municipality"),
    ).to_dicts()


def _text(name: str) -> pl.Expr:
    return (
        pl.col(name)
        .cast(pl.String)
        .str.replace(r"\.0$", "")
        .str.replace(".", ",", literal=True)
        .fill_null("")
    )
