"""The conclusions of an analytic note: only differences beyond chance, of groups large enough.

Each sentence is backed by a test (analytics/significance.py; docs/methodology.md#document-
conclusions): the year before and the region/Russia by the municipality's or school's shares,
the schools by their share against the rest of the municipality with Holm's correction. A
finding the management cycle holds brings its recommendation along.
"""

from __future__ import annotations

import polars as pl

from msoko.analytics import significance as S
from msoko.analytics.wording import format_number, format_percent
from msoko.cycle.findings import deficit_code
from msoko.directions.achievement.frames import NAME, ORDER, UNIT
from msoko.directions.achievement.page import Analysis
from msoko.directions.achievement.sections import reference_marks
from msoko.documents.cycle_links import Link
from msoko.reports import Column, Table

MUNICIPALITY = "МО"
#: the shares a conclusion may compare: column → (Russian name, count columns)
SHARES = {
    "success_rate": ("успеваемость", ("n3", "n4", "n5")),
    "quality_rate": ("качество знаний", ("n4", "n5")),
}
#: «выросла/снизилась» agree with the share's gender
CHANGE_WORDS = {"Успеваемость": ("выросла", "снизилась"), "Качество знаний": ("выросло", "снизилось")}
YEAR_ROWS = (
    ("results.success_rate", "Успеваемость, %", True),
    ("results.quality_rate", "Качество знаний, %", True),
    ("results.mean_percent", "Средний процент выполнения", False),
)


def p_text(p: float) -> str:
    return "p < 0,001" if p < 0.001 else f"p = {format_number(p, 3)}"


def year_comparison(analysis: Analysis, *, unit: str) -> Table | None:
    """The unit's figures this year and last (stored values), the change, and whether the change
    of a share is beyond chance; None when last year has no figures."""
    stored = analysis.data.stored if analysis.data is not None else pl.DataFrame()
    year = analysis.procedure.school_year.start_year
    if stored.is_empty():
        return None
    mine = stored.filter(pl.col("org_code") == unit)
    values = {(code, start): value for code, _, start, value in mine.iter_rows()}
    if not any(start == year - 1 for _, start in values):
        return None
    # this year's figures as the page computes them (a school user's stored «МО» is the same)
    lines = analysis.table("marks").frame.filter(pl.col(UNIT) == unit)
    current = lines.row(0, named=True) if lines.height else {}
    n_now = current.get("participants")
    n_then = values.get(("results.participants", year - 1))
    rows = []
    for code, title, tested in YEAR_ROWS:
        now, then = current.get(code.removeprefix("results.")), values.get((code, year - 1))
        delta = now - then if now is not None and then is not None else None
        verdict = "—"
        if tested and delta is not None and n_now and n_then:
            if min(n_now, n_then) < S.MIN_GROUP:
                verdict = "группы малы для вывода"
            else:
                p = S.two_shares(_count(now, n_now), int(n_now), _count(then, n_then), int(n_then))
                verdict = f"значимо, {p_text(p)}" if p < S.ALPHA else "в пределах случайных колебаний"
        rows.append({"title": title, "then": then, "now": now, "delta": delta, "verdict": verdict})
    current = analysis.procedure.school_year.name
    previous = f"{year - 1}/{year}"
    return Table(
        "year",
        "Сравнение с прошлым годом",
        [
            Column("title", "Показатель"),
            Column("then", previous, "num"),
            Column("now", current, "num"),
            Column("delta", "Изменение", "delta"),
            Column("verdict", "Различие"),
        ],
        pl.DataFrame(
            rows,
            schema={
                "title": pl.String,
                "then": pl.Float64,
                "now": pl.Float64,
                "delta": pl.Float64,
                "verdict": pl.String,
            },
        ),
        note=(
            f"Участников: {_int(n_then)} в {previous}, {_int(n_now)} в {current}. "
            "Изменение долей проверено z-критерием для двух долей (α = 0,05, группы от 20 участников)."
        ),
    )


def procedure_conclusions(
    analysis: Analysis, *, links: dict[tuple[str, str], Link], unit: str, flags: pl.DataFrame
) -> list[str]:
    lines = analysis.table("marks").frame if analysis.table("marks") is not None else pl.DataFrame()
    focus = lines.filter(pl.col(UNIT) == unit)
    out: list[str] = []
    who = "по муниципалитету" if unit == MUNICIPALITY else "в организации"
    out += _against_last_year(analysis, unit=unit, who=who)
    if focus.height and analysis.data is not None:
        out += _against_reference(focus.row(0, named=True), reference_marks(analysis.data.reference), who=who)
    out += _schools(lines, analysis, links=links, unit=unit)
    if not out:
        out.append(
            "Статистически значимых отличий от прошлого года, от региона и России и между организациями "
            "не выявлено (уровень значимости 0,05, группы от 20 участников)."
        )
    out += objectivity_conclusions(flags, links=links)
    out += _deficits(analysis, links=links, unit=unit, focus=focus)
    return out


def objectivity_conclusions(flags: pl.DataFrame, *, links: dict) -> list[str]:
    """Schools whose objectivity flag (level 2–3) names this work: the flag is itself a test
    (analytics/objectivity), so it needs no second one here."""
    marked = flags.filter((pl.col("kind") == "unobjective") & (pl.col("level") >= 2) & pl.col("names_work"))
    if marked.is_empty():
        return []
    parts = [
        f"{row['org_name']} (уровень {row['level']}{tie_clause(links, row['org_code'], 'unobjective')})"
        for row in marked.iter_rows(named=True)
    ]
    return [
        "Признаки необъективности результатов этой работы выявлены: "
        + "; ".join(parts)
        + ". Это повод для проверки (перепроверки работ, наблюдения), а не доказательство."
    ]


def _int(value: float | None) -> str:
    return "—" if value is None else format_number(int(value))


def _count(rate: float, n: float) -> int:
    return round(rate * n / 100)


def _against_last_year(analysis: Analysis, *, unit: str, who: str) -> list[str]:
    table = year_comparison(analysis, unit=unit)
    if table is None:
        return []
    out = []
    for row in table.frame.iter_rows(named=True):
        if row["verdict"].startswith("значимо"):
            name = row["title"].removesuffix(", %")
            up, down = CHANGE_WORDS.get(name, ("выросла", "снизилась"))
            change = up if row["delta"] > 0 else down
            out.append(
                f"{name} {who} {change} с {format_percent(row['then'])} до {format_percent(row['now'])} "
                f"({_pp(row['delta'])}); различие с прошлым годом статистически значимо "
                f"({row['verdict'].split(', ')[1]})."
            )
    return out


def _against_reference(focus: dict, reference: pl.DataFrame, *, who: str) -> list[str]:
    n = int(focus.get("participants") or 0)
    if n < S.MIN_GROUP:
        return []
    out = []
    for scope in reference.iter_rows(named=True):
        for column, (name, parts) in SHARES.items():
            theirs = scope.get(column)
            if theirs is None or focus.get(column) is None:
                continue
            k = sum(int(focus.get(part) or 0) for part in parts)
            p = S.share_vs_reference(k, n, theirs)
            if p < S.ALPHA:
                side = "выше" if focus[column] > theirs else "ниже"
                out.append(
                    f"{name.capitalize()} {who} {side}, чем {_genitive(scope[NAME])}: "
                    f"{format_percent(focus[column])} "
                    f"против {format_percent(theirs)} ({_pp(focus[column] - theirs)}; {p_text(p)})."
                )
    return out


def _genitive(name: str) -> str:
    return {"Регион": "по региону", "Россия": "по России"}.get(name, name)


def _pp(delta: float) -> str:
    sign = "+" if delta > 0 else ""
    return f"{sign}{format_number(delta)} п. п."


def _schools(lines: pl.DataFrame, analysis: Analysis, *, links: dict, unit: str) -> list[str]:
    """Schools (at the municipality's level) or the school (at its own) against the rest."""
    if lines.is_empty() or "n4" not in lines.columns:
        return []
    schools = lines.filter(pl.col(ORDER) == 1).with_columns(
        (pl.col("n4") + pl.col("n5")).alias("k_quality"),
        (pl.col("n3") + pl.col("n4") + pl.col("n5")).alias("k_success"),
        pl.col("participants").cast(pl.Int64),
    )
    if schools.is_empty():
        return []
    out = []
    if analysis.level == "procedure":
        for column, (name, _) in SHARES.items():
            k = f"k_{column.split('_')[0]}"
            tested = S.units_against_rest(
                schools.select(UNIT, NAME, k, "participants", column), k=k, n="participants"
            )
            total_k, total_n = int(schools[k].sum()), int(schools["participants"].sum())
            for side, word in ((False, "ниже"), (True, "выше")):
                picked = tested.filter(
                    pl.col("significant") & ((pl.col(column) > (total_k * 100 / total_n)) == side)
                ).sort(column, descending=side)
                if picked.is_empty():
                    continue
                parts = []
                for row in picked.iter_rows(named=True):
                    rest = (total_k - row[k]) * 100 / (total_n - row["participants"])
                    shares = f"{format_percent(row[column])} при {format_percent(rest)} в остальных ОО"
                    clause = "" if side else tie_clause(links, row[UNIT], "low_results")
                    parts.append(f"{row[NAME]} ({shares}{clause})")
                out.append(
                    f"{name.capitalize()} статистически значимо {word}, чем в остальных ОО муниципалитета "
                    f"(с поправкой Холма на число сравнений): " + "; ".join(parts) + "."
                )
        return out
    municipality = lines.filter(pl.col(UNIT) == MUNICIPALITY)
    school = schools.filter(pl.col(UNIT) == unit)
    if municipality.is_empty() or school.is_empty():
        return []
    m, s = municipality.row(0, named=True), school.row(0, named=True)
    for column, (name, parts_) in SHARES.items():
        n_all = int(m.get("participants") or 0)
        if any(m.get(p) is None for p in parts_):
            # a school user's municipal line is the stored figures: counts from the share
            if m.get(column) is None:
                continue
            k_all = _count(m[column], n_all)
        else:
            k_all = sum(int(m[p]) for p in parts_)
        k, n = sum(int(s.get(p) or 0) for p in parts_), int(s["participants"])
        if n < S.MIN_GROUP or n_all - n < S.MIN_GROUP or not 0 <= k_all - k <= n_all - n:
            continue
        p = S.two_shares(k, n, k_all - k, n_all - n)
        if p < S.ALPHA:
            rest = (k_all - k) * 100 / (n_all - n)
            side = "выше" if k / n * 100 > rest else "ниже"
            text = (
                f"{name.capitalize()} в организации статистически значимо {side}, чем в остальных ОО "
                f"муниципалитета: {format_percent(s[column])} при {format_percent(rest)} ({p_text(p)})."
            )
            if side == "ниже":
                text += _tie(links, unit, "low_results")
            out.append(text)
    return out


def _deficits(analysis: Analysis, *, links: dict, unit: str, focus: pl.DataFrame) -> list[str]:
    skills = analysis.table("skills")
    n = int(focus["participants"][0]) if focus.height and focus["participants"][0] is not None else 0
    if skills is None or n < S.MIN_GROUP:
        return []
    systemic = skills.frame.filter(pl.col("systemic"))
    if systemic.is_empty():
        return []
    procedure = analysis.procedure
    out = []
    for row in systemic.iter_rows(named=True):
        text = (
            f"Системный дефицит: умение «{row['skill']}» (задания {row['task_list']}; выполнение "
            f"{format_percent(row['completion'])}) — не освоено большинство проверяющих его заданий."
        )
        if unit == MUNICIPALITY:
            text += _tie(
                links,
                MUNICIPALITY,
                deficit_code(procedure.kind, procedure.subject, procedure.grade, row["skill"]),
            )
        out.append(text)
    return out


def _tie(links: dict, org_code: str, code: str) -> str:
    """« Рекомендация: «…» (кому, срок, состояние).» after a sentence, when the cycle has one."""
    link = links.get((org_code, code))
    if link is None:
        return ""
    if not link.recommendations:
        return " Вывод внесён в управленческий цикл; рекомендация ещё не составлена."
    return " Рекомендация: " + "; ".join(link.recommendations) + "."


def tie_clause(links: dict, org_code: str, code: str) -> str:
    """The same inside parentheses: «; рекомендация: «…» (…)»."""
    link = links.get((org_code, code))
    if link is None:
        return ""
    if not link.recommendations:
        return "; вывод в управленческом цикле, рекомендация ещё не составлена"
    return "; рекомендация: " + "; ".join(link.recommendations)
