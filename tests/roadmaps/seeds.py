"""The five seed orders beside the checkout (``../shared/seeds``), marked like the real data:
without them the tests skip (with the reason), under MSOKO_REQUIRE_REAL_DATA=1 they fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

#: activities counted by hand by the rules of docs/methodology.md#roadmaps, per document
#: 000 Ромны: 15 numbered + 54 whose numbering the layout lost (two of them, «Участие педагогов в
#:   конкурсном движении …» and «Комплексный мониторинг …», have neither period nor responsible);
#: 001 Александров: 95 (numbers 10–19 printed as «1»); 002 Тула: 12 (Приложение 1) + 21
#:   (Приложение 2); 003 Краснотуранск: 62 (4.5's second row is a bulleted sub-item of 4.5);
#: 004 Нестеров: 23 (the section «2.» repeated by a page break counts once).
MANUAL_COUNTS = {
    "000_f1059d07d3c5f4e0.txt": 69,
    "001_a11e24bc9d06d8d7.txt": 95,
    "002_bfba15c98f14acb8.txt": 33,
    "003_d5e7a91c9ba7e1fd.txt": 62,
    "004_94c5408f8fb4a5e3.txt": 23,
}


def seed(name: str) -> Path:
    """The seed's path; skips (or fails under MSOKO_REQUIRE_REAL_DATA=1) when it is absent."""
    path = SEEDS / name
    if path.is_file():
        return path
    reason = f"нет документов-образцов {SEEDS} (они лежат рядом с репозиторием, в ../shared)"
    if os.environ.get("MSOKO_REQUIRE_REAL_DATA") == "1":
        pytest.fail(f"MSOKO_REQUIRE_REAL_DATA=1, а {reason}", pytrace=False)
    pytest.skip(reason)
    raise AssertionError  # unreachable: skip raises
