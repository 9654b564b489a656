import pytest

from msoko.core.models import SchoolYear, parse_school_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/2025", "2024/2025"),
        ("2024-2025", "2024/2025"),
        ("2024/25", "2024/2025"),
        (" 1999/00 ", "1999/2000"),
    ],
)
def test_school_year_spellings(text, expected):
    assert parse_school_year(text) == expected


@pytest.mark.parametrize("text", ["2024", "2024/2026", "24/25", "", "2024/2023"])
def test_not_a_school_year(text):
    assert parse_school_year(text) is None


@pytest.mark.django_db
def test_get_by_name_creates_once():
    first = SchoolYear.get_by_name("2024-25")

    assert SchoolYear.get_by_name("2024/2025") == first
    assert first.start_year == 2024
