"""docs/indicators.md, written from the catalogue (`msoko indicators doc -o docs/indicators.md`).

The catalogue is the one declaration of every indicator; the document is generated so that the
two never disagree (a test compares them).
"""

from __future__ import annotations

from msoko.directions.catalogue import DIRECTIONS
from msoko.indicators.catalogue import CATALOGUE, Indicator

HEADER = """# Каталог показателей МСОКО

Создаётся из каталога в коде (`msoko indicators doc -o docs/indicators.md`); правьте каталог
(`msoko/indicators/catalogue.py`), а не этот файл. Определения и источники формул — в
[методике](methodology.md); коды закреплены: их читают выгрузки (`msoko export indicators`) и
загрузка мониторинговых значений.

Полярность: «чем выше, тем лучше», «чем ниже, тем лучше» или без оценки направления. Уровень:
чьё это значение — каждой школы (ОО), ДОО, УДО или муниципалитета в целом.
"""


TABLE_HEAD = (
    "\n| Код | Наименование | Ед. | Полярность | Уровень | Источник | Цель | Определение и основание |\n"
    "|---|---|---|---|---|---|---|---|\n"
)


def catalogue_markdown() -> str:
    parts = [HEADER]
    for direction in DIRECTIONS:
        indicators = [i for i in CATALOGUE if i.direction == direction.number]
        if not indicators:
            continue
        parts.append(f"\n## {direction.number}. {direction.title}\n")
        parts.append(TABLE_HEAD)
        parts.extend(_row(i) for i in indicators)
    return "".join(parts)


def _row(indicator: Indicator) -> str:
    explained = "; ".join(part for part in (indicator.definition, indicator.basis) if part)
    link = f"[методика](methodology.md#{indicator.methodology})"
    target = f"{indicator.target:g}".replace(".", ",") if indicator.target is not None else ""
    cells = [
        f"`{indicator.code}`",
        indicator.title,
        str(indicator.unit.value),
        indicator.polarity.title,
        str(indicator.level.value),
        str(indicator.source.value),
        target,
        f"{explained}; {link}" if explained else link,
    ]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |\n"
