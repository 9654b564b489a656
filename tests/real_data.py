"""Where the real public data sets lie (``../shared/data/real/`` beside the checkout).

They cannot be republished, so a bare clone has none: tests marked ``real_data`` skip with the
reason shown (``-rs``), and CI sets MSOKO_REQUIRE_REAL_DATA=1 to make that absence a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REAL_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
ALTAI = REAL_DATA / "altai-vpr"

#: mark a test (or a module: ``pytestmark``) that reads the real data sets
real_data = pytest.mark.real_data


def check_real_data() -> None:
    """Skip (or, in CI, fail) when the real data sets are not beside the checkout."""
    if ALTAI.is_dir():
        return
    reason = f"нет реальных данных {REAL_DATA} (их нельзя класть в репозиторий; CI проверяет их всегда)"
    if os.environ.get("MSOKO_REQUIRE_REAL_DATA") == "1":
        pytest.fail(f"MSOKO_REQUIRE_REAL_DATA=1, а {reason}", pytrace=False)
    pytest.skip(reason)
