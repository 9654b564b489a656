"""Direction 8 pages: the registers of methodical associations and of best practices.

A row outside the user's scope is a 404 (selectors start from ``visible_to``); a row the user
may read but not change (a РМО for a school) is a 403. Views check, validate, call one service.
"""

from msoko.directions.methodical.views.associations import (
    association,
    association_create,
    association_delete,
    association_edit,
    associations,
)
from msoko.directions.methodical.views.practices import (
    practice,
    practice_create,
    practice_delete,
    practice_edit,
    practice_file,
    practice_review,
    practices,
)

__all__ = [
    "association",
    "association_create",
    "association_delete",
    "association_edit",
    "associations",
    "practice",
    "practice_create",
    "practice_delete",
    "practice_edit",
    "practice_file",
    "practice_review",
    "practices",
]
