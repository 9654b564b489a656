"""A small hand-made olympiad of two years and two schools, and the bank built from it.

Who is in the bank by the rule (docs/methodology.md#gifted-bank) and why:

* A1 — winner of the school stage only: out (the school stage alone never brings a child in);
* B1 — participant of the municipal stage without an award: out;
* C1 — prize-winner of the municipal stage in 2024/2025 (and a participant of the final stage
  in 2023/2024): in, at 0001; 3 achievements (its school-stage win is on the card too);
* D1 — winner of the municipal stage and participant of the regional one: in, at 0002; 2;
* E1 — participant of the regional stage (no municipal row loaded): in, at 0002; 1;
* F1 — winner of the municipal stage in 2023/2024 at 0001, at the school stage of 2024/2025 at
  0002: in, at 0002 (the school of the latest protocol); 2.
"""

from __future__ import annotations

import pytest

from msoko.assessments.services import import_olympiad
from msoko.core.models import SchoolYear

HEADER = "Этап;Предмет;Код ОО;Код участника;Класс;Баллы;Статус\n"
OLYMPIAD_2024 = HEADER + (
    "школьный;Математика;0001;A1;9;50;победитель\n"
    "муниципальный;Математика;0001;B1;9;10;участник\n"
    "муниципальный;Математика;0001;C1;9;40;призёр\n"
    "школьный;Математика;0001;C1;9;45;победитель\n"
    "муниципальный;Физика;0002;D1;10;35;победитель\n"
    "региональный;Физика;0002;D1;10;20;участник\n"
    "региональный;Химия;0002;E1;11;15;участник\n"
    "школьный;Биология;0002;F1;9;20;участник\n"
)
OLYMPIAD_2023 = HEADER + (
    "муниципальный;Биология;0001;F1;8;30;победитель\nзаключительный;Математика;0001;C1;8;60;участник\n"
)


def load(text: str, year: str, filename: str = "olymp.csv") -> None:
    import_olympiad(
        content=text.encode(), filename=filename, school_year=SchoolYear.get_by_name(year), actor=None
    )


@pytest.fixture
def olympiad(school_a, school_b):
    """The protocols of both years, imported (the bank is not built yet)."""
    load(OLYMPIAD_2023, "2023/2024")
    load(OLYMPIAD_2024, "2024/2025")


@pytest.fixture
def bank(olympiad):
    """The bank built from ``olympiad``."""
    from msoko.directions.talents.services import refresh_bank

    return refresh_bank()
