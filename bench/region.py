"""A region-size `results` file: 1,000 schools, 1,000,000 ВПР rows, 15 tasks (ВПР МА4 2021 shape)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

SCHOOLS = 1_000
ROWS = 1_000_000
LABELS = ("1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12")
MAXIMA = (1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2)
SCALE = {3: 6, 4: 10, 5: 15}
SUBJECT, GRADE, YEAR = "Математика", 4, "2020/2021"  # the built-in scheme with 15 tasks


def school_codes() -> list[str]:
    return [f"sch{220000 + i}" for i in range(SCHOOLS)]


def write_region_csv(path: Path, *, rows: int = ROWS, seed: int = 1) -> Path:
    """Write the file with NumPy and Polars (no Python loop over rows)."""
    rng = np.random.default_rng(seed)
    school = rng.integers(0, SCHOOLS, rows)
    ability = rng.normal(0, 1, rows) + rng.normal(0, 0.4, SCHOOLS)[school]
    columns: dict[str, object] = {
        "Код ОО": np.array(school_codes())[school],
        "Класс": np.char.add("4", np.array(list("АБВ"))[rng.integers(0, 3, rows)]),
        "Код участника": np.char.add("P", np.arange(rows).astype(str)),
        "Вариант": rng.integers(1, 3, rows),
    }
    total = np.zeros(rows, dtype=np.int64)
    for label, maximum in zip(LABELS, MAXIMA, strict=True):
        p = 1 / (1 + np.exp(-(ability - rng.normal(-0.3, 0.6))))
        score = rng.binomial(maximum, p)
        columns[label] = score
        total += score
    columns["Сумма баллов"] = total
    columns["Отметка"] = np.select([total >= SCALE[5], total >= SCALE[4], total >= SCALE[3]], [5, 4, 3], 2)
    columns["Отметка по журналу"] = np.clip(columns["Отметка"] + rng.integers(-1, 2, rows), 2, 5)
    columns["Пол"] = np.array(["М", "Ж"])[rng.integers(0, 2, rows)]
    pl.DataFrame(columns).write_csv(path, separator=";")
    return path
