"""The cycle's rules: which recommendation rules fit a finding, how a rule's text is filled in,
who may do what, and which workflow steps are allowed. Shared by services, forms and views."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from msoko.analytics.wording import format_number
from msoko.core.models import Role
from msoko.cycle.models import (
    Addressee,
    Finding,
    MatchKind,
    Recommendation,
    RecommendationRule,
    Source,
    Status,
)
from msoko.directions.catalogue import DIRECTIONS
from msoko.flags.models import FlagKind
from msoko.indicators.catalogue import CATALOGUE

#: the placeholders a rule's text may use, with what they become (the rule form lists them)
PLACEHOLDERS = {
    "organization": "наименование организации",
    "indicator": "флаг или показатель вывода",
    "value": "значение показателя",
    "target": "цель показателя",
    "year": "учебный год",
    "evidence": "основания вывода",
    "direction": "направление",
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
DEPARTMENT_NAME = "Отдел (управление) образования"

#: the steps of the workflow: action → (states it may start from, the state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": ((Status.DRAFT,), Status.APPROVED),
    "send": ((Status.APPROVED,), Status.SENT),
    "acknowledge": ((Status.SENT,), Status.ACKNOWLEDGED),
    "report": ((Status.SENT, Status.ACKNOWLEDGED), Status.DONE),
}
EDITABLE = (Status.DRAFT, Status.APPROVED)


class CycleRejected(Exception):
    """A step of the cycle that is not allowed; the message is Russian, for the user."""


def manages_cycle(user: Any) -> bool:
    """The department: edits rules, drafts, approves and sends recommendations, keeps measures."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.can_manage_registry)


def responds_for(user: Any, recommendation: Recommendation) -> bool:
    """A school user of the addressed organisation acknowledges and reports."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.SCHOOL
        and recommendation.addressee == Addressee.ORGANIZATION
        and recommendation.organization_id is not None
        and user.organization_id == recommendation.organization_id
    )


def check_transition(recommendation: Recommendation, action: str) -> str:
    """The state ``action`` leads to; CycleRejected when it may not start from the current state."""
    starts, leads_to = TRANSITIONS[action]
    if recommendation.status not in starts:
        allowed = " или ".join(f"«{Status(s).label}»" for s in starts)
        raise CycleRejected(
            f"Рекомендация в состоянии «{recommendation.get_status_display()}», а это действие возможно "
            f"только в состоянии {allowed}."
        )
    return leads_to


def matching_rules(finding: Finding, rules: Iterable[RecommendationRule]) -> list[RecommendationRule]:
    """The active rules for the finding's own kind (its flag kind or indicator code); when none,
    the rules for any finding of its direction. The most specific rules win: a direction's
    general wording would only repeat what the specific rule says better."""
    active = [r for r in rules if r.active]
    kind = MatchKind.FLAG if finding.source == Source.FLAG else MatchKind.INDICATOR
    own = [r for r in active if r.match_kind == kind and r.match_value == finding.code]
    if own:
        return own
    return [
        r for r in active if r.match_kind == MatchKind.DIRECTION and r.match_value == str(finding.direction)
    ]


def placeholder_values(finding: Finding) -> dict[str, str]:
    indicator = CATALOGUE.get(finding.code)
    unit = f"{indicator.unit.value}" if indicator is not None else ""
    suffix = f"\u00a0{unit}" if unit == "%" else ""
    direction = next((d for d in DIRECTIONS if d.number == finding.direction), None)
    return {
        "organization": finding.organization.name if finding.organization else "муниципалитет",
        "indicator": finding.title,
        "value": format_number(finding.value, 1, trim=True) + suffix if finding.value is not None else "—",
        "target": format_number(finding.target, 1, trim=True) + suffix if finding.target is not None else "—",
        "year": finding.school_year.name,
        "evidence": finding.evidence or "—",
        "direction": direction.title if direction else str(finding.direction),
    }


def fill(template: str, values: Mapping[str, str]) -> str:
    """The template with its known placeholders filled; an unknown «{name}» or a stray brace is
    left as written (a specialist's typo must not lose the text)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def template_problems(text: str) -> list[str]:
    """Placeholders a rule's text names that do not exist (the rule form shows them)."""
    unknown = sorted({name for name in _PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if not unknown:
        return []
    known = ", ".join(f"{{{n}}}" for n in PLACEHOLDERS)
    named = ", ".join(f"{{{n}}}" for n in unknown)
    return [f"Неизвестные подстановки: {named}. Можно использовать: {known}."]


def match_problems(match_kind: str, match_value: str) -> str | None:
    """Why a rule's match names nothing the cycle produces, or None."""
    if match_kind == MatchKind.FLAG:
        if match_value not in FlagKind.values:
            return f"Ожидается вид флага ({', '.join(FlagKind.values)}), указано «{match_value}»."
    elif match_kind == MatchKind.INDICATOR:
        if match_value not in CATALOGUE:
            return f"Показателя с кодом «{match_value}» нет в каталоге."
    elif match_value not in {str(d.number) for d in DIRECTIONS}:
        return f"Ожидается номер направления от 1 до {len(DIRECTIONS)}, указано «{match_value}»."
    return None
