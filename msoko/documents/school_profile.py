"""«Профиль ОО»: one organisation across the directions and the school years.

The registry card; per direction, the catalogue indicators with values for the organisation in
its last three school years, the municipality's value beside and the change; the procedures and
exams of the year; the flags of the year; the open findings and the recommendations of the
management cycle; a chart of one or two key indicators. Every figure is a stored value of the
recompute (``IndicatorValue``): nothing is computed here, and no sentence claims a difference.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from msoko.analytics.wording import format_number
from msoko.core.models import SchoolYear
from msoko.cycle.selectors import finding_list, recommendation_list
from msoko.directions.catalogue import DIRECTIONS
from msoko.documents.common import new_document
from msoko.documents.risk_lists import list_table, risk_frame
from msoko.indicators.catalogue import CATALOGUE, Unit
from msoko.indicators.models import IndicatorValue
from msoko.registry.models import Organization
from msoko.registry.selectors import OrganizationCard, organization_card
from msoko.reports import Column, Table, charts
from msoko.reports.documents import Document, Figure, Heading, Paragraph, TableBlock, table_block
from msoko.reports.documents.model import Block

MUNICIPALITY = "МО"
MUNICIPALITY_NAME = "Муниципалитет"
SHORT_TITLES = {d.number: d.short_title for d in DIRECTIONS}
YEARS = 3  # the school years a profile shows
#: indicators charted first when the organisation has them in two years or more; otherwise the
#: first percentages of the catalogue it has
KEY_INDICATORS = ("marks.success_rate", "marks.quality_rate")
CHARTS = 2
#: stored figures of a procedure (results.*) and of an exam (gia.*), by the column they fill
RESULTS = ("participants", "success_rate", "quality_rate", "mean_percent")
GIA = ("participants", "fail_rate", "quality_rate", "mean_test_score")
EGE = "ЕГЭ"
MORE_REASONS = " … (все основания — на странице организации в разделе направления)"
MO_NOTE = "«МО» — значение муниципалитета по той же работе."
RESULTS_TABLE = (
    "results",
    "Результаты оценочных процедур",
    [
        Column("work", "Работа"),
        Column("participants", "Участников", "int"),
        Column("success_rate", "Успеваемость, %", "pct"),
        Column("mo_success_rate", "Успеваемость МО, %", "pct"),
        Column("quality_rate", "Качество знаний, %", "pct"),
        Column("mo_quality_rate", "Качество МО, %", "pct"),
        Column("mean_percent", "Средний % выполнения", "pct"),
    ],
)
OGE_TABLE = (
    "oge",
    "Результаты ОГЭ и ГВЭ",
    [
        Column("work", "Экзамен"),
        Column("participants", "Участников", "int"),
        Column("fail_rate", "Отметка «2», %", "pct"),
        Column("mo_fail_rate", "«2» по МО, %", "pct"),
        Column("quality_rate", "Качество, %", "pct"),
        Column("mo_quality_rate", "Качество МО, %", "pct"),
    ],
)
EGE_TABLE = (
    "ege",
    "Результаты ЕГЭ",
    [
        Column("work", "Экзамен"),
        Column("participants", "Участников", "int"),
        Column("fail_rate", "Ниже минимального порога, %", "pct"),
        Column("mo_fail_rate", "Ниже порога по МО, %", "pct"),
        Column("mean_test_score", "Средний тестовый балл", "num"),
        Column("mo_mean_test_score", "Средний балл МО", "num"),
    ],
)
_SCHEMA = {
    "code": pl.String,
    "org_code": pl.String,
    "procedure": pl.String,
    "subject": pl.String,
    "grade": pl.Int64,
    "school_year": pl.String,
    "start_year": pl.Int64,
    "value": pl.Float64,
}


def build(*, year: SchoolYear | None, org_code: str | None, viewer: Any) -> Document:
    if year is None or not org_code:
        raise ValueError("a profile is built for an organisation and a school year")
    card = organization_card(user=viewer, code=org_code)  # Organization.DoesNotExist: the view's 404
    organization = card.organization
    values = stored_values(org_codes=[org_code, MUNICIPALITY], viewer=viewer, until=year)
    yearly = values.filter(pl.col("procedure") == "")
    years = _profile_years(yearly.filter(pl.col("org_code") == org_code), year)
    document = new_document(
        title="Профиль образовательной организации",
        subtitle=f"{organization.name} (код {org_code}); {year.name} учебный год",
        years=_school_years(years, year),
    )
    document.add(Heading("1. Сведения об организации"), table_block(_card_table(card)))

    document.add(Heading("2. Показатели по направлениям"))
    document.add(*_directions(yearly, org_code, years))
    document.add(*_figures(yearly, org_code, organization.display_name))

    document.add(Heading(f"3. Оценочные процедуры и ГИА {year.name} учебного года"))
    document.add(*_procedures(values.filter(pl.col("school_year") == year.name), org_code, year))

    document.add(Heading(f"4. Флаги {year.name} учебного года"))
    flags = risk_frame(year=year, viewer=viewer).filter(pl.col("org_code") == org_code)
    if flags.is_empty():
        document.add(Paragraph("Флагов за учебный год нет."))
    else:
        document.add(list_table(flags, "Флаги организации", by_kind=True, more=MORE_REASONS))

    document.add(Heading("5. Управленческий цикл"))
    document.add(*_cycle(organization, year, viewer))
    return document


def stored_values(*, org_codes: list[str], viewer: Any, until: SchoolYear) -> pl.DataFrame:
    """Every stored value of ``org_codes`` up to the school year ``until`` that ``viewer`` may see
    (yearly ones with an empty ``procedure``, those of procedures and exams with it): one query."""
    rows = (
        IndicatorValue.objects.visible_to(viewer)
        .filter(org_code__in=org_codes, school_year__start_year__lte=until.start_year)
        .values_list(
            "code",
            "org_code",
            "procedure",
            "subject",
            "grade",
            "school_year__name",
            "school_year__start_year",
            "value",
        )
        .order_by()
    )
    return pl.DataFrame(list(rows), schema=_SCHEMA, orient="row")


def procedure_figures(values: pl.DataFrame, *, prefix: str, fields: tuple[str, ...]) -> pl.DataFrame:
    """The ``prefix.*`` values of procedures as one row per organisation, school year, procedure,
    subject and grade, a column per field; sorted by procedure, subject, grade."""
    keys = ["org_code", "school_year", "procedure", "subject", "grade"]
    picked = values.filter(
        (pl.col("procedure") != "") & pl.col("code").is_in([f"{prefix}.{f}" for f in fields])
    ).with_columns(pl.col("code").str.strip_prefix(f"{prefix}."))
    wide = picked.pivot(on="code", index=keys, values="value", aggregate_function="first")
    missing = [pl.lit(None, pl.Float64).alias(f) for f in fields if f not in wide.columns]
    return (
        wide.with_columns(missing)
        .with_columns(
            pl.concat_str(
                pl.col("procedure"),
                pl.lit(", "),
                pl.col("subject"),
                pl.when(pl.col("grade").is_not_null())
                .then(pl.format(", {} класс", pl.col("grade")))
                .otherwise(pl.lit("")),
            ).alias("work")
        )
        .select(*keys, "work", *fields)
        .sort("procedure", "subject", "grade", nulls_last=True)
    )


def _profile_years(own: pl.DataFrame, year: SchoolYear) -> list[str]:
    """The organisation's last ``YEARS`` school years with values, up to ``year``, ascending."""
    names = sorted(own["school_year"].unique().to_list())
    return names[-YEARS:] or [year.name]


def _school_years(names: list[str], year: SchoolYear) -> list[SchoolYear]:
    return list(SchoolYear.objects.filter(name__in={*names, year.name}).order_by("start_year"))


def _card_table(card: OrganizationCard) -> Table:
    org = card.organization
    lines = [
        ("Код ОО", org.code),
        ("Полное наименование", org.name),
        ("Краткое наименование", org.short_name or "—"),
        ("Тип", org.get_kind_display()),
        ("Муниципалитет", str(org.municipality)),
        ("Местность", org.get_locality_display() or "не указана"),
        ("Численность обучающихся (реестр)", _number(org.students_count)),
    ]
    if card.classes_year is not None:
        lines += [
            (f"Классов в {card.classes_year.name} учебном году", _number(len(card.classes))),
            ("Обучающихся в классах", _number(card.enrolled)),
        ]
    if card.teachers_year is not None:
        lines.append((f"Педагогов в {card.teachers_year.name} учебном году", _number(card.teachers)))
    lines += [
        (label[:1].upper() + label[1:], "не указана" if value is None else _number(float(value)))
        for label, value in card.social
    ]
    frame = pl.DataFrame(lines, schema={"label": pl.String, "value": pl.String}, orient="row")
    return Table(
        "card", "Сведения реестра", [Column("label", "Сведение"), Column("value", "Значение")], frame
    )


def _number(value: float | int | None) -> str:
    if value is None:
        return "не указана"
    return format_number(value, 1, trim=True) if isinstance(value, float) else format_number(int(value))


def _directions(yearly: pl.DataFrame, org_code: str, years: list[str]) -> list[Block]:
    """Per direction with values: a table of its indicators, the organisation's value in each
    year, the municipality's in the last, and the change from the year before."""
    own = yearly.filter(pl.col("org_code") == org_code)
    if own.is_empty():
        return [Paragraph("Значений показателей каталога у организации пока нет.")]
    last, previous = years[-1], (years[-2] if len(years) > 1 else None)
    wide = own.filter(pl.col("school_year").is_in(years)).pivot(
        on="school_year", index="code", values="value", aggregate_function="first"
    )
    municipal = yearly.filter((pl.col("org_code") == MUNICIPALITY) & (pl.col("school_year") == last)).select(
        "code", pl.col("value").alias("municipality")
    )
    catalogue = pl.DataFrame(
        [(i.code, i.title, str(i.unit.value), i.direction, n) for n, i in enumerate(CATALOGUE)],
        schema={
            "code": pl.String,
            "title": pl.String,
            "unit": pl.String,
            "direction": pl.Int64,
            "order": pl.Int64,
        },
        orient="row",
    )
    year_columns = [pl.col(y) if y in wide.columns else pl.lit(None, pl.Float64).alias(y) for y in years]
    change = pl.col(last) - pl.col(previous) if previous else pl.lit(None, pl.Float64)
    frame = (
        catalogue.join(wide, on="code", how="inner")
        .join(municipal, on="code", how="left")
        .with_columns(*year_columns)
        .with_columns(change.alias("change"))
        .sort("order")
    )
    columns = [
        Column("title", "Показатель"),
        Column("unit", "Ед."),
        *(Column(y, y, "num") for y in years),
        Column("municipality", f"МО, {last}", "num"),
        Column("change", "Изменение", "delta"),
    ]
    blocks: list[Block] = [
        Paragraph(
            f"Значения организации за {_years_text(years)} учебные годы рядом со значением "
            f"муниципалитета (МО) за {last} учебный год; изменение — разность значений организации "
            f"за {last} и {previous} учебные годы."
            if previous
            else f"Значения организации и муниципалитета (МО) за {last} учебный год."
        )
    ]
    for direction in DIRECTIONS:
        rows = frame.filter(pl.col("direction") == direction.number)
        if rows.is_empty():
            continue
        title = f"{direction.number}. {direction.short_title}"
        table = Table(f"direction{direction.number}", title, columns, rows)
        blocks += [Heading(title, 2), _widened(table_block(table), first=3.2, others=1.3)]
    return blocks


def _years_text(years: list[str]) -> str:
    return ", ".join(years[:-1]) + f" и {years[-1]}" if len(years) > 1 else years[0]


def _widened(block: TableBlock, *, first: float, others: float = 1.0) -> TableBlock:
    """The first (text) column ``first`` shares wide, the others ``others`` each, the unit's
    less: a header «2024/2025» in bold fits a column of 1,3 shares of 10,5."""
    widths = [first, *(others for _ in block.headers[1:])]
    if block.headers[1:2] == ("Ед.",):
        widths[1] = 0.8
    return replace(block, widths=tuple(widths))


def _figures(yearly: pl.DataFrame, org_code: str, name: str) -> list[Figure]:
    """Up to ``CHARTS`` key indicators over the years: the organisation's line and the
    municipality's."""
    own = yearly.filter((pl.col("org_code") == org_code) & pl.col("value").is_not_null())
    years_per_code = dict(own.group_by("code").agg(pl.col("school_year").n_unique()).iter_rows())
    charted = [c for c in KEY_INDICATORS if years_per_code.get(c, 0) >= 2]
    percentages = [i.code for i in CATALOGUE if i.unit == Unit.PERCENT]
    charted += [c for c in percentages if years_per_code.get(c, 0) >= 2 and c not in charted]
    figures = []
    for code in charted[:CHARTS]:
        indicator = CATALOGUE.get(code)
        series = (
            yearly.filter((pl.col("code") == code) & pl.col("value").is_not_null())
            .filter(pl.col("school_year").is_in(own.filter(pl.col("code") == code)["school_year"].to_list()))
            .select(
                "school_year",
                pl.when(pl.col("org_code") == org_code)
                .then(pl.lit(name))
                .otherwise(pl.lit(MUNICIPALITY_NAME))
                .alias("series"),
                "value",
            )
            .sort("school_year", "series")
        )
        spec = charts.dynamics_chart(series, title=indicator.title, unit=str(indicator.unit.value))
        figures.append(Figure(charts.render_png(spec), f"{indicator.title}: организация и муниципалитет"))
    return figures


def _procedures(values: pl.DataFrame, org_code: str, year: SchoolYear) -> list[Block]:
    """The year's procedures (results.*) and exams (gia.*) of the organisation, the
    municipality's figures of the same work beside."""
    results = _beside_municipality(procedure_figures(values, prefix="results", fields=RESULTS), org_code)
    gia = _beside_municipality(procedure_figures(values, prefix="gia", fields=GIA), org_code)
    ege = gia.filter(pl.col("procedure") == EGE)
    marked = gia.filter(pl.col("procedure") != EGE)
    tables = [
        (results, RESULTS_TABLE, "Успеваемость — доля отметок «3», «4», «5»; качество знаний — «4» и «5»."),
        (marked, OGE_TABLE, "Качество — доля отметок «4» и «5»."),
        (ege, EGE_TABLE, "Минимальный порог — по предмету, установленный Рособрнадзором."),
    ]
    blocks: list[Block] = [
        _widened(table_block(Table(name, title, columns, frame, note=f"{note} {MO_NOTE}")), first=2.4)
        for frame, (name, title, columns), note in tables
        if not frame.is_empty()
    ]
    if not blocks:
        blocks.append(Paragraph(f"Результатов оценочных процедур и ГИА за {year.name} учебный год нет."))
    return blocks


def _beside_municipality(figures: pl.DataFrame, org_code: str) -> pl.DataFrame:
    """The organisation's rows with the municipality's figures of the same work as ``mo_*``."""
    keys = ["procedure", "subject", "grade"]
    fields = [c for c in figures.columns if c not in ("org_code", "school_year", *keys, "work")]
    municipal = figures.filter(pl.col("org_code") == MUNICIPALITY).select(
        *keys, *(pl.col(f).alias(f"mo_{f}") for f in fields)
    )
    return (
        figures.filter(pl.col("org_code") == org_code)
        .join(municipal, on=keys, how="left", nulls_equal=True)
        .sort("procedure", "subject", "grade", nulls_last=True)
    )


def _cycle(organization: Organization, year: SchoolYear, viewer: Any) -> list[Block]:
    own = {"viewer": viewer, "school_year": year, "organization_id": organization.pk}
    findings = list(finding_list(status="open", **own).order_by("direction", "code"))
    recommendations = list(recommendation_list(**own).order_by("due_on", "pk"))
    blocks: list[Block] = []
    if findings:
        frame = pl.DataFrame(
            [
                (
                    f"{f.direction}. {SHORT_TITLES[f.direction]}",
                    f.title,
                    f.get_source_display(),
                    f"{f.opened_on:%d.%m.%Y}",
                    f.recommendation_count,
                )
                for f in findings
            ],
            schema={
                "direction": pl.String,
                "title": pl.String,
                "source": pl.String,
                "opened": pl.String,
                "recommendations": pl.Int64,
            },
            orient="row",
        )
        table = Table(
            "findings",
            f"Действующие выводы {year.name} учебного года",
            [
                Column("direction", "Направление"),
                Column("title", "Вывод"),
                Column("source", "Основание"),
                Column("opened", "Выявлен"),
                Column("recommendations", "Рекомендаций", "int"),
            ],
            frame,
        )
        blocks.append(table_block(table))
    else:
        blocks.append(Paragraph(f"Действующих выводов за {year.name} учебный год нет."))
    if recommendations:
        frame = pl.DataFrame(
            [(r.text, r.addressee_name, f"{r.due_on:%d.%m.%Y}", r.state_title) for r in recommendations],
            schema={"text": pl.String, "addressee": pl.String, "due": pl.String, "state": pl.String},
            orient="row",
        )
        table = Table(
            "recommendations",
            f"Адресные рекомендации {year.name} учебного года",
            [
                Column("text", "Рекомендация"),
                Column("addressee", "Кому"),
                Column("due", "Срок"),
                Column("state", "Состояние"),
            ],
            frame,
        )
        blocks.append(_widened(table_block(table), first=4.0))
    else:
        blocks.append(Paragraph(f"Адресных рекомендаций за {year.name} учебный год нет."))
    return blocks
