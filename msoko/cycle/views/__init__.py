"""Pages of the management cycle: findings, recommendations with their workflow, rules,
measures with their effect, and the cycle view of a direction."""

from msoko.cycle.views.cycle import cycle, findings
from msoko.cycle.views.measures import measure, measure_create, measure_edit, measures
from msoko.cycle.views.recommendations import (
    recommendation,
    recommendation_action,
    recommendation_draft,
    recommendation_file,
    recommendations,
)
from msoko.cycle.views.rules import rule_create, rule_delete, rule_edit, rules, rules_ready_made

__all__ = [
    "cycle",
    "findings",
    "measure",
    "measure_create",
    "measure_edit",
    "measures",
    "recommendation",
    "recommendation_action",
    "recommendation_draft",
    "recommendation_file",
    "recommendations",
    "rule_create",
    "rule_delete",
    "rule_edit",
    "rules",
    "rules_ready_made",
]
