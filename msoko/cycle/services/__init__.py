"""Writes of the management cycle: rules, recommendations with their workflow, measures.

Every function is keyword-only, runs in one transaction and leaves an audit record; ``actor``
None is the system (the demo loader, a command).
"""

from msoko.cycle.services.measures import create_measure, update_measure
from msoko.cycle.services.recommendations import (
    acknowledge_recommendation,
    approve_recommendation,
    delete_recommendation,
    draft_recommendations,
    issue_recommendations,
    report_recommendation,
    send_recommendation,
    update_recommendation,
)
from msoko.cycle.services.rules import delete_rule, ready_made_rules, save_rule

__all__ = [
    "acknowledge_recommendation",
    "approve_recommendation",
    "create_measure",
    "delete_recommendation",
    "delete_rule",
    "draft_recommendations",
    "issue_recommendations",
    "ready_made_rules",
    "report_recommendation",
    "save_rule",
    "send_recommendation",
    "update_measure",
    "update_recommendation",
]
