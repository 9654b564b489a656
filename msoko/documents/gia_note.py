"""«Аналитическая справка» of an exam (ОГЭ, ГВЭ, ЕГЭ) in one subject: participation, marks or
test scores, the year before and the region, the schools, the flags, and tested conclusions.

Seed 000 item 12 («ежегодный методический анализ результатов ГИА») asks for it every year;
the figures are the `gia.*` indicators (analytics/gia.py) computed from the same rows.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from msoko.analytics import significance as S
from msoko.analytics.achievement import score_distribution
from msoko.analytics.gia import EGE_MINIMUM, HIGH_SCORE_FROM, failed_expr, gia_indicators
from msoko.analytics.wording import counted, format_number, format_percent
from msoko.assessments.models import Procedure
from msoko.assessments.selectors import gia_frame
from msoko.core.access import DEPARTMENT
from msoko.documents.common import new_document
from msoko.documents.conclusions import objectivity_conclusions, p_text, tie_clause
from msoko.documents.cycle_links import cycle_links
from msoko.documents.flags import flags_block, flags_frame
from msoko.indicators.models import IndicatorValue
from msoko.registry.selectors import organization_names
from msoko.reports import Column, Table, charts
from msoko.reports.documents import Bullets, Document, Figure, Heading, Paragraph, table_block

MUNICIPALITY = "МО"
REGION = "Регион"
MUNICIPALITY_NAME = "Муниципалитет"
#: the stored `gia.*` figures a note compares with last year and the region
STORED = ("participants", "fail_rate", "quality_rate", "mean_test_score", "high_score_rate")
BAND = 5  # test-score bars of the ЕГЭ chart: 0–4, 5–9, …


class NoResults(Exception):
    """The exam has no results the viewer may see (for the school asked, or at all)."""


def gia_note(procedure: Procedure, *, org_code: str | None = None, viewer: Any = DEPARTMENT) -> Document:
    exam, subject, year = procedure.kind, procedure.subject, procedure.school_year
    rows = gia_frame(school_year_id=year.pk).filter((pl.col("exam") == exam) & (pl.col("subject") == subject))
    names = organization_names(viewer=viewer)
    rows = rows.join(names.select("org_id", "org_name"), on="org_id", how="inner")
    if rows.is_empty() or (org_code and rows.filter(pl.col("org_code") == org_code).is_empty()):
        raise NoResults(org_code or exam)
    ege = exam == "ЕГЭ"
    figures = _figures_frame(rows)
    school_name = figures.filter(pl.col("org_code") == org_code)["org_name"][0] if org_code else ""
    focus = org_code or MUNICIPALITY
    whom = f"{school_name} (код {org_code})" if org_code else "муниципалитет"
    document = new_document(
        title="Аналитическая справка",
        subtitle=f"по результатам {exam} по учебному предмету «{subject}», {year.name} учебный год; {whom}",
        years=[year],
    )
    line = figures.filter(pl.col("org_code") == focus).row(0, named=True)
    document.add(Heading("1. Общие сведения"), Paragraph(_participation(rows, line, exam, subject, org_code)))

    shown = figures.filter(pl.col("org_code").is_in([MUNICIPALITY, focus]))
    document.add(Heading("2. Результаты экзамена"), table_block(_results_table(shown, ege)))
    focus_rows = rows if not org_code else rows.filter(pl.col("org_code") == org_code)
    document.add(*_charts(focus_rows, rows, ege, org_code, school_name))

    stored = _stored(procedure, [focus])
    comparison = _comparison_table(line, stored, procedure, ege)
    if comparison is not None:
        document.add(Heading("Сравнение с прошлым годом и с регионом", 2), table_block(comparison))

    if not org_code:
        schools = figures.filter(pl.col("org_code") != MUNICIPALITY)
        document.add(
            Heading("3. Результаты по образовательным организациям"),
            table_block(_results_table(schools, ege, title="Результаты по образовательным организациям")),
        )
    codes = (
        [org_code] if org_code else figures.filter(pl.col("org_code") != MUNICIPALITY)["org_code"].to_list()
    )
    flags = flags_frame(procedure, codes, year=year)
    document.add(Heading(f"{3 if org_code else 4}. Объективность результатов"), *flags_block(flags))

    links = cycle_links(year)
    found = _conclusions(figures, line, stored, procedure, ege, org_code, flags, links)
    document.add(Heading(f"{4 if org_code else 5}. Выводы"), Bullets(tuple(found)))
    return document


def _figures_frame(rows: pl.DataFrame) -> pl.DataFrame:
    """The `gia.*` figures per school and «МО», with the counts the tests need."""
    counted_rows = rows.with_columns(
        failed_expr().fill_null(False).alias("failed"),
        (pl.col("mark") >= 4).fill_null(False).alias("good"),
        (pl.col("test_score") >= HIGH_SCORE_FROM).fill_null(False).alias("high"),
    )
    parts = []
    for key, frame in (
        ("org_code", counted_rows),
        ("org_code", counted_rows.with_columns(pl.lit(MUNICIPALITY).alias("org_code"))),
    ):
        indicators = gia_indicators(frame, by=[key])
        counts = frame.group_by(key).agg(
            pl.col("failed").sum().alias("k_failed"),
            pl.col("good").sum().alias("k_good"),
            pl.col("high").sum().alias("k_high"),
            *(pl.col("mark").eq(m).mean().mul(100).alias(f"p{m}") for m in (2, 3, 4, 5)),
        )
        parts.append(indicators.join(counts, on=key))
    names = rows.select("org_code", "org_name").unique("org_code")
    return (
        pl.concat(parts, how="diagonal_relaxed")
        .join(names, on="org_code", how="left")
        .with_columns(
            pl.col("org_name").fill_null(MUNICIPALITY_NAME),
            (pl.col("org_code") != MUNICIPALITY).cast(pl.Int8).alias("order"),
            (100 - pl.col("fail_rate")).alias("pass_rate"),
        )
        .sort("order", "org_code")
    )


def _results_table(frame: pl.DataFrame, ege: bool, *, title: str = "Результаты экзамена") -> Table:
    columns = [
        Column("org_code", "Код ОО", "code"),
        Column("org_name", "Организация"),
        Column("participants", "Участников", "int"),
        Column("fail_rate", "Не преодолели минимум, %" if ege else "«2», %", "pct"),
    ]
    if ege:
        columns += [
            Column("mean_test_score", "Средний тестовый балл", "num"),
            Column("high_score_rate", f"{HIGH_SCORE_FROM}–100 баллов, %", "pct"),
            Column("medal_unconfirmed", "Медалисты ниже порога, %", "pct"),
        ]
    else:
        columns += [
            *(Column(f"p{m}", f"«{m}», %", "pct") for m in (3, 4, 5)),
            Column("quality_rate", "Качество, %", "pct"),
            Column("annual_confirmed", "Подтвердили годовую, %", "pct"),
        ]
    return Table("gia", title, columns, frame)


def _charts(focus_rows: pl.DataFrame, rows: pl.DataFrame, ege: bool, org_code: str | None, name: str):
    groups = [(MUNICIPALITY_NAME, rows)] + ([(name, focus_rows)] if org_code else [])
    if ege:
        scored = [
            g.filter(pl.col("test_score").is_not_null())
            .with_columns(
                ((pl.col("test_score") // BAND) * BAND).alias("total"), pl.lit(False).alias("absent")
            )
            .with_columns(pl.lit(label).alias(charts.GROUP))
            for label, g in groups
        ]
        scored = [s for s in scored if s.height]
        if not scored:
            return []
        counts = score_distribution(
            pl.concat([s.select(charts.GROUP, "total", "absent") for s in scored]),
            by=[charts.GROUP],
            max_score=100,
        ).filter(pl.col("score") % BAND == 0)
        spec = charts.score_distribution_chart(counts, cuts={})
        return [
            Figure(charts.render_png(spec), f"Распределение тестовых баллов (интервалы по {BAND} баллов)")
        ]
    marks = pl.concat(
        [
            g.select(
                pl.lit(label).alias(charts.GROUP),
                *(pl.col("mark").eq(m).mean().mul(100).alias(f"p{m}") for m in (2, 3, 4, 5)),
            )
            for label, g in groups
        ]
    )
    return [Figure(charts.render_png(charts.mark_distribution_chart(marks)), "Распределение отметок")]


def _stored(procedure: Procedure, codes: list[str]) -> pl.DataFrame:
    """Last year's figures of ``codes`` and this year's of the region: code, org_code, start_year, value."""
    start = procedure.school_year.start_year
    values = IndicatorValue.objects.filter(
        code__in=[f"gia.{name}" for name in STORED],
        procedure=procedure.kind,
        subject=procedure.subject,
        org_code__in=[*codes, REGION],
        school_year__start_year__in=[start - 1, start],
    ).values_list("code", "org_code", "school_year__start_year", "value")
    return pl.DataFrame(
        list(values),
        schema={"code": pl.String, "org_code": pl.String, "start_year": pl.Int64, "value": pl.Float64},
        orient="row",
    )


def _value(stored: pl.DataFrame, code: str, org_code: str, start: int) -> float | None:
    hit = stored.filter(
        (pl.col("code") == f"gia.{code}") & (pl.col("org_code") == org_code) & (pl.col("start_year") == start)
    )
    return hit["value"][0] if hit.height else None


def _tested_shares(ege: bool) -> list[tuple[str, str, str]]:
    """(figure, count column, Russian name) of the shares a note tests."""
    shares = [("fail_rate", "k_failed", "доля не преодолевших минимальный порог" if ege else "доля «2»")]
    shares.append(
        ("high_score_rate", "k_high", "доля 81–100 баллов") if ege else ("quality_rate", "k_good", "качество")
    )
    return shares


def _comparison_table(line: dict, stored: pl.DataFrame, procedure: Procedure, ege: bool) -> Table | None:
    start = procedure.school_year.start_year
    focus = line["org_code"]
    rows = []
    figures = [(name, title) for name, _, title in _tested_shares(ege)]
    if ege:
        figures.append(("mean_test_score", "средний тестовый балл"))
    for name, title in figures:
        then = _value(stored, name, focus, start - 1)
        region = _value(stored, name, REGION, start)
        if then is None and region is None:
            continue
        rows.append(
            {
                "title": title.capitalize(),
                "then": then,
                "now": line.get(name),
                "delta": None if then is None or line.get(name) is None else line[name] - then,
                "region": region,
            }
        )
    if not rows:
        return None
    previous = f"{start - 1}/{start}"
    return Table(
        "year",
        "Сравнение с прошлым годом и с регионом",
        [
            Column("title", "Показатель"),
            Column("then", previous, "num"),
            Column("now", procedure.school_year.name, "num"),
            Column("delta", "Изменение", "delta"),
            Column("region", f"Регион, {procedure.school_year.name}", "num"),
        ],
        pl.DataFrame(
            rows,
            schema={
                "title": pl.String,
                "then": pl.Float64,
                "now": pl.Float64,
                "delta": pl.Float64,
                "region": pl.Float64,
            },
        ),
    )


def _participation(rows: pl.DataFrame, line: dict, exam: str, subject: str, org_code: str | None) -> str:
    schools = rows["org_code"].n_unique()
    organisations = "образовательных организаций"
    people = counted(line["participants"], "участник", "участника", "участников")
    text = f"{exam} по учебному предмету «{subject}» сдавали {people}"
    if not org_code:
        text += f" из {counted(schools, 'образовательной организации', organisations, organisations)}"
    failed = int(line["k_failed"])
    failed_text = counted(failed, "участник", "участника", "участников")
    if exam == "ЕГЭ":
        text += f". Не преодолели минимальный порог {failed_text}"
    else:
        text += f". Получили отметку «2» {failed_text}"
    text += f" ({format_percent(line['fail_rate'])})."
    if exam == "ЕГЭ":
        minimum = EGE_MINIMUM.get(subject)
        if minimum is not None:
            text += f" Минимальный тестовый балл по предмету — {minimum}."
        if line.get("mean_test_score") is not None:
            text += f" Средний тестовый балл — {format_number(line['mean_test_score'])}."
    elif line.get("quality_rate") is not None:
        text += f" Качество (отметки «4» и «5») — {format_percent(line['quality_rate'])}."
    return text


def _conclusions(
    figures: pl.DataFrame,
    line: dict,
    stored: pl.DataFrame,
    procedure: Procedure,
    ege: bool,
    org_code: str | None,
    flags: pl.DataFrame,
    links: dict,
) -> list[str]:
    start = procedure.school_year.start_year
    who = "в организации" if org_code else "по муниципалитету"
    out = []
    n = int(line["participants"])
    for name, k, title in _tested_shares(ege):
        then = _value(stored, name, line["org_code"], start - 1)
        n_then = _value(stored, "participants", line["org_code"], start - 1)
        if then is not None and n_then and min(n, n_then) >= S.MIN_GROUP and line.get(name) is not None:
            p = S.two_shares(int(line[k]), n, round(then * n_then / 100), int(n_then))
            if p < S.ALPHA:
                up, down = ("выросло", "снизилось") if title == "качество" else ("выросла", "снизилась")
                side = up if line[name] > then else down
                out.append(
                    f"{title.capitalize()} {who} {side} с {format_percent(then)} "
                    f"до {format_percent(line[name])} ({p_text(p)})."
                )
        region = _value(stored, name, REGION, start)
        if region is not None and n >= S.MIN_GROUP and line.get(name) is not None:
            p = S.share_vs_reference(int(line[k]), n, region)
            if p < S.ALPHA:
                side = "выше" if line[name] > region else "ниже"
                out.append(
                    f"{title.capitalize()} {who} {side}, чем по региону: {format_percent(line[name])} против "
                    f"{format_percent(region)} ({p_text(p)})."
                )
    schools = figures.filter(pl.col("org_code") != MUNICIPALITY)
    if not org_code and schools.height > 1:
        for name, k, title in _tested_shares(ege):
            if schools[name].null_count() == schools.height:
                continue
            tested = S.units_against_rest(
                schools.select("org_code", "org_name", k, "participants", name), k=k, n="participants"
            )
            total_k, total_n = int(schools[k].sum()), int(schools["participants"].sum())
            bad_high = name == "fail_rate"
            picked = tested.filter(pl.col("significant"))
            for worse in (True, False):
                side = picked.filter((pl.col(name) > total_k * 100 / total_n) == (worse == bad_high))
                if side.is_empty():
                    continue
                parts = []
                for row in side.iter_rows(named=True):
                    rest = (total_k - row[k]) * 100 / (total_n - row["participants"])
                    clause = tie_clause(links, row["org_code"], "low_results") if worse else ""
                    shares = f"{format_percent(row[name])} при {format_percent(rest)} в остальных ОО"
                    parts.append(f"{row['org_name']} ({shares}{clause})")
                word = "хуже" if worse else "лучше"
                out.append(
                    f"{title.capitalize()}: статистически значимо {word} остальных ОО муниципалитета "
                    f"(с поправкой Холма) — " + "; ".join(parts) + "."
                )
    out += objectivity_conclusions(flags, links=links)
    if not out:
        out.append(
            "Статистически значимых отличий от прошлого года, от региона и между организациями не выявлено "
            "(уровень значимости 0,05, группы от 20 участников)."
        )
    return out
