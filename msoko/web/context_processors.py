"""What every page's layout needs: the directions menu, the active item and the user's rights."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from msoko.core.imports.kinds import kinds_for
from msoko.directions.catalogue import direction_groups
from msoko.pipeline.selectors import figures_behind
from msoko.registry.selectors import territory_name

# URL name → the sidebar item it highlights (cards highlight their list).
SECTIONS = {
    "home": "home",
    "login": "login",
    "registry:organizations": "organizations",
    "registry:organization": "organizations",
    "registry:classes": "classes",
    "registry:class": "classes",
    "registry:teachers": "teachers",
    "registry:import": "import",
    "registry:import_template": "import",
    "imports": "imports",
    "upload": "upload",
    "upload_kind": "upload",
    "assessments:procedures": "procedures",
    "assessments:procedure": "procedures",
    "achievement:procedure_analysis": "procedures",
    "achievement:school_analysis": "procedures",
    "achievement:class_analysis": "procedures",
    "assessments:batch": "procedures",
    "assessments:batch_correct": "procedures",
    "assessments:schemes": "schemes",
    "assessments:scheme": "schemes",
    "assessments:scheme_edit": "schemes",
    "assessments:scheme_upload": "schemes",
    "assessments:upload": "results_upload",
    "audit": "audit",
    "pipeline:runs": "compute_runs",
    "campaigns:list": "campaigns",
    "campaigns:detail": "campaigns",
    "campaigns:create": "campaigns",
    "campaigns:form": "campaigns",
    "campaigns:upload": "campaigns",
    "cycle:findings": "findings",
    "cycle:recommendations": "recommendations",
    "cycle:recommendation": "recommendations",
    "cycle:measures": "measures",
    "cycle:measure": "measures",
    "cycle:measure_create": "measures",
    "cycle:measure_edit": "measures",
    "cycle:rules": "rules",
    "roadmaps:dashboard": "roadmaps",
    "roadmaps:detail": "roadmaps",
    "roadmaps:activity": "roadmaps",
    "roadmaps:upload": "roadmaps",
    "roadmaps:upload_confirm": "roadmaps",
    "cycle:rule_create": "rules",
    "cycle:rule_edit": "rules",
    "surveys:index": "surveys",
    "surveys:survey": "surveys",
    "surveys:results": "surveys",
    "surveys:open": "surveys",
    "surveys:questionnaires": "questionnaires",
    "surveys:questionnaire": "questionnaires",
    "surveys:questionnaire_create": "questionnaires",
    "surveys:questionnaire_edit": "questionnaires",
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    section = ""
    if match is not None:
        section = SECTIONS.get(match.view_name, "")
        if match.view_name == "direction":
            section = f"direction:{match.kwargs.get('slug', '')}"
    authenticated = bool(user is not None and user.is_authenticated)
    return {
        "nav": {
            "groups": direction_groups(),
            "section": section,
            # read from the database only if the template shows them (fragments do not)
            "municipality": SimpleLazyObject(territory_name),
            "can_manage": authenticated and user.can_manage_registry,
            "role_reads_all": authenticated and user.sees_all_organizations,
            "can_audit": authenticated and user.can_view_audit,
            "can_upload_results": authenticated and user.can_upload_results,
            "can_upload": authenticated and bool(kinds_for(user)),
            "role": _role_label(user) if authenticated else "",
            # the figures of the pages are older than the last import while this run is not done
            "behind": SimpleLazyObject(figures_behind) if authenticated else None,
        }
    }


def _role_label(user: Any) -> str:
    if user.is_superuser and not user.role:
        return "Суперпользователь"
    return user.get_role_display() or "роль не назначена"
