"""The sections that compare units side by side: the schools of a municipality with their
change since last year and the rating, and the classes of a school.

Split from ``sections.py`` because they read last year's stored values and draw the
dynamics chart, which the per-unit reports do not.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from msoko.analytics.columns import C
from msoko.directions.achievement.frames import NAME, NOTE, ORDER, UNIT, previous_year_frame
from msoko.directions.achievement.page import Section
from msoko.directions.achievement.selectors import ProcedureData
from msoko.reports import Column, Table, charts


def schools_section(lines: pl.DataFrame, data: ProcedureData) -> Section:
    """The sortable table of schools, their change since last year, and the rating."""
    schools = lines.filter(pl.col(ORDER) == 1).join(
        previous_year_frame(data), left_on=UNIT, right_on=C.ORG_CODE, how="left"
    )
    for name in ("success_rate", "quality_rate", "mean_percent"):
        if f"prev_{name}" not in schools.columns:
            schools = schools.with_columns(pl.lit(None, dtype=pl.Float64).alias(f"prev_{name}"))
    schools = schools.with_columns(
        (pl.col(n) - pl.col(f"prev_{n}")).alias(f"delta_{n}")
        for n in ("success_rate", "quality_rate", "mean_percent")
    )
    # the cohort: the same pupils' school a year earlier, one grade lower (ФИС ОКО codes are not
    # stable, so the cohort is followed through organisation and grade — methodology: cohorts)
    cohort = (
        data.cohort
        if data.cohort.width
        else pl.DataFrame(schema={C.ORG_CODE: pl.String, "cohort_mean_percent": pl.Float64})
    )
    schools = schools.join(cohort, left_on=UNIT, right_on=C.ORG_CODE, how="left").with_columns(
        (pl.col("mean_percent") - pl.col("cohort_mean_percent")).alias("delta_cohort")
    )
    columns = [
        Column(UNIT, "Код ОО", "link"),
        Column(NAME, "Организация"),
        Column("participants", "Участников", "int"),
        Column("success_rate", "Успеваемость, %", "pct"),
        Column("quality_rate", "Качество, %", "pct"),
        Column("mean_percent", "Средний % выполнения", "pct"),
        Column("marks_raised", "Повысили, %", "pct"),
        Column("delta_success_rate", "Δ успеваемости к прошлому году, п. п.", "delta"),
        Column("delta_quality_rate", "Δ качества, п. п.", "delta"),
        Column("delta_mean_percent", "Δ среднего %, п. п.", "delta"),
        Column("cohort_mean_percent", "Когорта год назад (класс ниже), средний %", "pct"),
        Column("delta_cohort", "Δ когорты, п. п.", "delta"),
        *_student_cohort_columns(lines),
        Column(NOTE, "Объём выборки", "note"),
    ]
    table = Table("schools", "Школы", columns, schools.sort(UNIT), sortable=True, extra={"link": "school"})
    rating = schools.sort("mean_percent", UNIT, descending=[True, False]).with_columns(
        pl.col("mean_percent").rank("min", descending=True).cast(pl.Int64).alias("place")
    )
    rating_columns = [
        Column("place", "Место", "int"),
        Column(UNIT, "Код ОО", "link"),
        Column(NAME, "Организация"),
        Column("participants", "Участников", "int"),
        Column("mean_percent", "Средний % выполнения", "pct"),
        Column(NOTE, "Объём выборки", "note"),
    ]
    note = (
        "Нажмите на заголовок столбца, чтобы отсортировать. Изменение к прошлому году — по "
        "рассчитанным показателям той же процедуры предыдущего учебного года; «—», если их нет."
    )
    if not data.sees_all:
        # a school sees its own row only: a rating among itself («место 1») would mislead
        return Section("schools", "Школа", [table], _dynamics(lines, data), note)
    ranking = Table("rating", "Рейтинг ОО", rating_columns, rating, extra={"link": "school"})
    note += (
        " Рейтинг — по среднему проценту выполнения; школы с малым числом участников сравнивайте осторожно."
    )
    return Section("schools", "Школы и рейтинг ОО", [table, ranking], _dynamics(lines, data), note)


def classes_section(lines: pl.DataFrame) -> Section:
    columns = [
        Column(NAME, "Класс", "link"),
        Column("participants", "Участников", "int"),
        Column("success_rate", "Успеваемость, %", "pct"),
        Column("quality_rate", "Качество, %", "pct"),
        Column("mean_percent", "Средний % выполнения", "pct"),
        Column("marks_raised", "Повысили, %", "pct"),
        *_student_cohort_columns(lines),
        Column(NOTE, "Объём выборки", "note"),
    ]
    frame = lines.filter(pl.col(ORDER) == 2)
    table = Table("classes", "Классы", columns, frame, sortable=True, extra={"link": "class"})
    return Section("classes", "Классы", [table], [], "Откройте класс, чтобы увидеть результаты по заданиям.")


def _student_cohort_columns(lines: pl.DataFrame) -> list[Column]:
    """The same pupils a year earlier (only where participant codes are stable across years)."""
    if "cohort_delta" not in lines.columns:
        return []
    return [
        Column("cohort_matched", "Те же учащиеся год назад, чел.", "int"),
        Column("cohort_then", "Их средний % год назад", "pct"),
        Column("cohort_delta", "Δ тех же учащихся, п. п.", "delta"),
    ]


def _dynamics(lines: pl.DataFrame, data: ProcedureData) -> list[alt.TopLevelMixin]:
    """Municipality (or the user's school) this year against last year, when stored."""
    line = lines.filter(pl.col(ORDER) == (0 if data.sees_all else 1)).head(1)
    if not line.height:
        return []
    unit = line[UNIT][0]
    previous = previous_year_frame(data).filter(pl.col(C.ORG_CODE) == unit)
    if not previous.height:
        return []
    year = data.procedure.school_year
    series = {
        "success_rate": "Успеваемость",
        "quality_rate": "Качество",
        "mean_percent": "Средний % выполнения",
    }
    values = pl.concat(
        [
            pl.DataFrame(
                {
                    "school_year": [f"{year.start_year - 1}/{year.start_year}", year.name],
                    "series": [title, title],
                    "value": [
                        previous[f"prev_{name}"][0] if f"prev_{name}" in previous.columns else None,
                        line[name][0],
                    ],
                },
                schema={"school_year": pl.String, "series": pl.String, "value": pl.Float64},
            )
            for name, title in series.items()
        ]
    )
    return [charts.dynamics_chart(values.drop_nulls())]
