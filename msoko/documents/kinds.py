"""The documents `msoko report KIND` and the pages build, by kind: their title, formats, whether
they need a school year or an organisation, and who may have them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from msoko.core.models import SchoolYear
from msoko.reports.documents import Document


@dataclass(frozen=True)
class Kind:
    code: str
    title: str
    module: str  # msoko.documents.<module>.build(year=…, org_code=…, viewer=…) -> Document
    formats: tuple[str, ...] = ("docx", "pdf")
    needs_year: bool = True
    needs_org: bool = False  # an organisation is required (else optional)
    #: who may build it on the site: "department" (sees every organisation) or "any" (a school
    #: gets its own organisation's document only)
    audience: str = "department"
    help: str = ""  # the line of `msoko report --help`

    @property
    def build(self) -> Callable[..., Document]:
        return import_module(f"msoko.documents.{self.module}").build

    def filename(self, extension: str, *, year: SchoolYear | None, org_code: str | None) -> str:
        parts = [self.title.replace(" ", "_")]
        if org_code:
            parts.append(org_code)
        if year is not None:
            parts.append(year.name.replace("/", "-"))
        return "_".join(parts) + f".{extension}"


KINDS = {
    kind.code: kind
    for kind in (
        Kind(
            "school-profile",
            "Профиль ОО",
            "school_profile",
            needs_org=True,
            audience="any",
            help="профиль одной ОО по направлениям и годам (--org КОД)",
        ),
        Kind(
            "annual-report",
            "Ежегодный отчёт о состоянии системы образования",
            "annual_report",
            help="ежегодный отчёт о состоянии системы образования по десяти направлениям",
        ),
        Kind(
            "risk-lists",
            "Списки ОО группы риска",
            "risk_lists",
            formats=("docx", "pdf", "xlsx"),
            help="списки ОО: низкие результаты, необъективность, неблагоприятные условия",
        ),
        Kind(
            "recommendations",
            "Рекомендации руководителям ОО",
            "recommendations",
            audience="any",
            help="адресные рекомендации: письмо каждой ОО (--org КОД — одной)",
        ),
        Kind(
            "roadmap",
            "Дорожные карты",
            "roadmap",
            formats=("docx", "pdf", "xlsx"),
            needs_year=False,
            audience="any",
            help="дорожные карты: мероприятия, сроки, ответственные, состояние",
        ),
    )
}


def build(kind: Kind, *, year: SchoolYear | None, org_code: str | None, viewer: Any) -> Document:
    return kind.build(year=year, org_code=org_code, viewer=viewer)
