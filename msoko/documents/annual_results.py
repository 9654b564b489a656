"""The annual report's procedures and ГИА of the municipality, with last year's figures and
the changes of success and quality tested as in the analytic notes (analytics/significance.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from msoko.analytics import significance as S
from msoko.analytics.wording import format_percent
from msoko.core.models import SchoolYear
from msoko.documents.conclusions import CHANGE_WORDS, p_text
from msoko.documents.school_profile import GIA, RESULTS, procedure_figures
from msoko.indicators.dynamics import values_frame
from msoko.reports import Column, Table
from msoko.reports.documents import Bullets, Heading, Paragraph, table_block
from msoko.reports.documents.model import Block

MUNICIPALITY = "МО"
EGE = "ЕГЭ"
#: the shares of a procedure whose change since last year is tested: field → Russian name
TESTED = {"success_rate": "Успеваемость", "quality_rate": "Качество знаний"}
#: a bold «2024/2025» fits 1,4 shares of 10,7 of the text width
RESULTS_WIDTHS = (2.2, 1.0, 1.4, 1.4, 1.4, 1.4, 1.9)
GIA_WIDTHS = (2.4, 1.0, 1.4, 1.4, 1.4, 1.4)
NOT_SIGNIFICANT = "нет"


# --- Direction 1: procedures and exams of the municipality ---------------------------------


def procedures_blocks(year: SchoolYear, previous: SchoolYear | None, viewer: Any) -> list[Block]:
    codes = [f"results.{f}" for f in RESULTS] + [f"gia.{f}" for f in GIA]
    years = [year.name] + ([previous.name] if previous else [])
    values = values_frame(codes, viewer=viewer).filter(
        (pl.col("org_code") == MUNICIPALITY) & pl.col("school_year").is_in(years)
    )
    blocks: list[Block] = []
    results = _with_last_year(procedure_figures(values, prefix="results", fields=RESULTS), year, previous)
    if not results.is_empty():
        results, found = _tested(results, previous)
        blocks += [
            Heading("Оценочные процедуры по муниципалитету", 2),
            replace(table_block(_results_table(results, year, previous)), widths=RESULTS_WIDTHS),
        ]
        if previous is not None:
            blocks.append(
                Bullets(tuple(found))
                if found
                else Paragraph(
                    f"Статистически значимых изменений успеваемости и качества знаний по сравнению с "
                    f"{previous.name} учебным годом не выявлено (уровень значимости 0,05, группы от "
                    f"{S.MIN_GROUP} участников)."
                )
            )
    gia = _with_last_year(procedure_figures(values, prefix="gia", fields=GIA), year, previous)
    if not gia.is_empty():
        blocks.append(Heading("Государственная итоговая аттестация по муниципалитету", 2))
        for exams, table in (
            (gia.filter(pl.col("procedure") != EGE), _oge_table),
            (gia.filter(pl.col("procedure") == EGE), _ege_table),
        ):
            if not exams.is_empty():
                blocks.append(replace(table_block(table(exams, year, previous)), widths=GIA_WIDTHS))
    if not blocks:
        blocks.append(Paragraph(f"Результатов оценочных процедур и ГИА за {year.name} учебный год нет."))
    return blocks


def _with_last_year(figures: pl.DataFrame, year: SchoolYear, previous: SchoolYear | None) -> pl.DataFrame:
    """This year's rows with last year's figures of the same work as ``*_then``."""
    keys = ["procedure", "subject", "grade"]
    fields = [c for c in figures.columns if c not in ("org_code", "school_year", *keys, "work")]
    now = figures.filter(pl.col("school_year") == year.name)
    then = figures.filter(pl.col("school_year") == (previous.name if previous else "")).select(
        *keys, *(pl.col(f).alias(f"{f}_then") for f in fields)
    )
    return now.join(then, on=keys, how="left", nulls_equal=True).sort(keys, nulls_last=True)


def _tested(results: pl.DataFrame, previous: SchoolYear | None) -> tuple[pl.DataFrame, list[str]]:
    """Each work's success and quality against last year (z-test for two shares, groups of
    ``MIN_GROUP`` or more): a ``verdict`` column and the sentences of significant changes."""
    verdicts, found = [], []
    for row in results.iter_rows(named=True):
        n, n_then = row["participants"], row["participants_then"]
        if previous is None or not n or not n_then:
            verdicts.append("—")
            continue
        if min(n, n_then) < S.MIN_GROUP:
            verdicts.append("группы малы")
            continue
        significant = []
        for field, name in TESTED.items():
            now, then = row[field], row[f"{field}_then"]
            if now is None or then is None:
                continue
            p = S.two_shares(round(now * n / 100), int(n), round(then * n_then / 100), int(n_then))
            if p < S.ALPHA:
                up, down = CHANGE_WORDS[name]
                significant.append(f"{name.split()[0].lower()} ({p_text(p)})")
                found.append(
                    f"{row['work']}: {name.lower()} {up if now > then else down} с {format_percent(then)} "
                    f"до {format_percent(now)}; различие статистически значимо ({p_text(p)})."
                )
        verdicts.append("; ".join(significant) or NOT_SIGNIFICANT)
    return results.with_columns(pl.Series("verdict", verdicts, dtype=pl.String)), found


def _results_table(frame: pl.DataFrame, year: SchoolYear, previous: SchoolYear | None) -> Table:
    before = previous.name if previous else "прошлый год"
    return Table(
        "results",
        "Результаты оценочных процедур по муниципалитету",
        [
            Column("work", "Работа"),
            Column("participants", "Участников", "int"),
            Column("success_rate_then", f"Успеваемость, % ({before})", "pct"),
            Column("success_rate", f"Успеваемость, % ({year.name})", "pct"),
            Column("quality_rate_then", f"Качество, % ({before})", "pct"),
            Column("quality_rate", f"Качество, % ({year.name})", "pct"),
            Column("verdict", "Значимое изменение"),
        ],
        frame,
        note="Успеваемость — доля отметок «3», «4», «5», качество знаний — «4» и «5». Изменение "
        f"проверено z-критерием для двух долей (α = 0,05, группы от {S.MIN_GROUP} участников); «нет» — "
        "различие в пределах случайных колебаний.",
    )


def _oge_table(frame: pl.DataFrame, year: SchoolYear, previous: SchoolYear | None) -> Table:
    before = previous.name if previous else "прошлый год"
    return Table(
        "oge",
        "Результаты ОГЭ и ГВЭ по муниципалитету",
        [
            Column("work", "Экзамен"),
            Column("participants", "Участников", "int"),
            Column("fail_rate_then", f"«2», % ({before})", "pct"),
            Column("fail_rate", f"«2», % ({year.name})", "pct"),
            Column("quality_rate_then", f"Качество, % ({before})", "pct"),
            Column("quality_rate", f"Качество, % ({year.name})", "pct"),
        ],
        frame,
    )


def _ege_table(frame: pl.DataFrame, year: SchoolYear, previous: SchoolYear | None) -> Table:
    before = previous.name if previous else "прошлый год"
    return Table(
        "ege",
        "Результаты ЕГЭ по муниципалитету",
        [
            Column("work", "Экзамен"),
            Column("participants", "Участников", "int"),
            Column("fail_rate_then", f"Ниже порога, % ({before})", "pct"),
            Column("fail_rate", f"Ниже порога, % ({year.name})", "pct"),
            Column("mean_test_score_then", f"Средний балл ({before})", "num"),
            Column("mean_test_score", f"Средний балл ({year.name})", "num"),
        ],
        frame,
    )
