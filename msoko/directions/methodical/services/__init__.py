"""Writes of the direction 8 registers: each one a transaction with its audit row.

The web forms and the demo loader call the same functions; ``actor=None`` is the system
(the demo, a command). Who may call them is checked by the views (and, for the review, here).
"""

from msoko.directions.methodical.services.associations import (
    PlanEntry,
    create_association,
    delete_association,
    update_association,
)
from msoko.directions.methodical.services.practices import (
    create_practice,
    delete_practice,
    review_practice,
    update_practice,
)

__all__ = [
    "PlanEntry",
    "create_association",
    "create_practice",
    "delete_association",
    "delete_practice",
    "review_practice",
    "update_association",
    "update_practice",
]
