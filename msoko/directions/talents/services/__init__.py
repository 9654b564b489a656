"""Writes of direction 3: the bank of gifted children, built from the protocols and by hand."""

from msoko.directions.talents.services.entries import (
    BankEntryRejected,
    ManualAchievement,
    add_achievement,
    add_child,
    delete_achievement,
    remove_year_achievements,
    set_exclusion,
    set_note,
)
from msoko.directions.talents.services.refresh import BankRefresh, refresh_bank

__all__ = [
    "BankEntryRejected",
    "BankRefresh",
    "ManualAchievement",
    "add_achievement",
    "add_child",
    "delete_achievement",
    "refresh_bank",
    "remove_year_achievements",
    "set_exclusion",
    "set_note",
]
