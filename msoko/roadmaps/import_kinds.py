"""The `roadmap` import kind (`msoko import roadmap FILE [--organization CODE]`, the upload page)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from msoko.core.imports.kinds import ImportKind, Param, Prepared, Progress, silent
from msoko.core.imports.records import ImportRejected, ImportReport
from msoko.core.models import Batch, User
from msoko.registry.models import Organization
from msoko.roadmaps import services
from msoko.roadmaps.parsing import DocumentUnreadable, ParsedRoadMap, parse_document
from msoko.tabular.problems import ImportProblem

ORGANIZATION = Param(
    "organization",
    "--organization",
    "Код ОО (дорожная карта школы)",
    "text",
    required=False,
    help="код ОО, если это дорожная карта школы (без него — муниципальная)",
)
EXTENSIONS = (".txt", ".md", ".docx")


def read_roadmap(
    content: bytes, *, filename: str, params: dict[str, Any], progress: Progress = silent
) -> Prepared:
    """Parse the document (nothing written): its plans, and the organisation they belong to."""
    progress("чтение документа")
    organization = _organization(params.get("organization"))
    try:
        parsed = parse_document(content, filename=filename)
    except DocumentUnreadable as error:
        raise ImportRejected([ImportProblem(0, "", "", str(error))]) from error
    if not parsed:
        raise ImportRejected([ImportProblem(0, "", "", services.NO_PLAN)])
    activities = sum(len(plan.activities) for plan in parsed)
    return Prepared(
        rows=activities,
        organization_ids=frozenset({organization.pk}) if organization else frozenset(),
        data=(parsed, organization, filename),
        notices=notices(parsed),
        title=parsed[0].title[:200],
    )


def notices(parsed: list[ParsedRoadMap]) -> list[str]:
    out = []
    for plan in parsed:
        acts = plan.activities
        without_period = sum(1 for a in acts if not a.period)
        without_responsible = sum(1 for a in acts if not a.responsible)
        if without_period:
            out.append(f"«{plan.title[:80]}»: без срока мероприятий {without_period} из {len(acts)}")
        if without_responsible:
            out.append(
                f"«{plan.title[:80]}»: без ответственных мероприятий {without_responsible} из {len(acts)}"
            )
    return out


def _organization(code: object) -> Organization | None:
    if not code:
        return None
    organization = Organization.objects.filter(code=str(code).strip()).first()
    if organization is None:
        raise ImportRejected(
            [
                ImportProblem(
                    0, "--organization", str(code), f"организация с кодом «{code}» не найдена в реестре"
                )
            ]
        )
    return organization


def store_roadmap(
    prepared: Prepared,
    *,
    batch: Batch | None,
    params: dict[str, Any],
    actor: User | None,
    progress: Progress = silent,
) -> ImportReport:
    parsed, organization, filename = prepared.data
    if (
        organization is None
        and actor is not None
        and actor.is_authenticated
        and not actor.sees_all_organizations
    ):
        organization = actor.organization  # a school loads its own road map
    roadmaps = services.store_roadmaps(
        parsed,
        organization=organization,
        actor=actor,
        filename=filename,
        fallback_title=PurePath(filename).stem,
    )
    summary = [
        f"Дорожная карта «{r.title[:120]}»: мероприятий {r.activities.count()}, разделов {r.sections.count()}"
        for r in roadmaps
    ]
    return ImportReport(
        kind="roadmap",
        filename=filename,
        rows=prepared.rows,
        created=prepared.rows,
        summary=summary,
        notices=prepared.notices,
        details={"roadmaps": [r.pk for r in roadmaps]},
    )


KINDS = (
    ImportKind(
        code="roadmap",
        title="дорожная карта (план мероприятий)",
        read=read_roadmap,
        store=store_roadmap,
        params=(ORGANIZATION,),
        description=(
            "Документ с таблицей плана: .txt или .md (таблицы Markdown или столбцы через табуляцию, "
            "как в приказах) или .docx. Столбцы: №, Мероприятие, Срок, Ответственные и, если есть, "
            "Ожидаемый результат (Показатель результативности, Результат, Результаты исполнения)."
        ),
        extensions=EXTENSIONS,
        batch=False,
        # the department loads the municipal and the schools' road maps (--organization);
        # a school records the execution of its own activities on the site
        school_upload=False,
        order=90,
    ),
)
