"""What each direction's package offers, declared by the package itself (``AppConfig.ready``).

The web shell builds navigation, the direction pages and the links from an organisation's
card or a procedure's page from here, so no page names another app's URLs; the recompute
pipeline gets the direction's computations through :func:`register_direction`. Layers above
the directions (the management cycle, documents) add panels to a direction's page with
:func:`register_panel` without the direction importing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from msoko.directions.catalogue import DIRECTIONS, Direction, direction_by_slug
from msoko.pipeline.computations import Computation, register


@dataclass(frozen=True)
class DirectionPage:
    """A page where a direction's work is done: its title and URL name (no arguments)."""

    title: str
    url_name: str


@dataclass(frozen=True)
class ObjectLink:
    """A page about one organisation or one procedure: ``url_name`` takes its code or id (and,
    for ``key`` links, what the page asks for besides). Pages of lower layers ask for a link by
    its ``key`` («analysis», «school_analysis») and get nothing when no direction offers it."""

    title: str
    url_name: str
    key: str = ""


@dataclass(frozen=True)
class DirectionEntry:
    slug: str  # the direction in the catalogue
    pages: tuple[DirectionPage, ...] = ()
    #: links on an organisation's card (the URL takes the organisation's code)
    organization_links: tuple[ObjectLink, ...] = ()
    #: links on a procedure's page (the URL takes the procedure's id)
    procedure_links: tuple[ObjectLink, ...] = ()
    flag_kinds: tuple[str, ...] = ()
    computations: tuple[Computation, ...] = ()


@dataclass(frozen=True)
class Panel:
    """A block of another layer on every direction's page (e.g. the management cycle's)."""

    title: str
    template: str
    context: Callable[[Direction, Any], dict[str, Any]]  # (direction, user) -> template context


_entries: dict[str, DirectionEntry] = {}
_panels: list[Panel] = []


def register_direction(entry: DirectionEntry) -> None:
    if direction_by_slug(entry.slug) is None:
        raise ValueError(f"unknown direction {entry.slug!r}")
    known = _entries.get(entry.slug)
    if known is not None and known != entry:
        raise ValueError(f"direction {entry.slug!r} is registered twice")
    _entries[entry.slug] = entry
    for computation in entry.computations:
        register(computation)


def register_panel(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def entry_for(slug: str) -> DirectionEntry:
    return _entries.get(slug) or DirectionEntry(slug=slug)


def panels() -> list[Panel]:
    return list(_panels)


def organization_links() -> list[tuple[Direction, ObjectLink]]:
    return [(d, link) for d in DIRECTIONS for link in entry_for(d.slug).organization_links]


def procedure_links() -> list[tuple[Direction, ObjectLink]]:
    return [(d, link) for d in DIRECTIONS for link in entry_for(d.slug).procedure_links]


def procedure_link(key: str) -> ObjectLink | None:
    return next((link for _, link in procedure_links() if link.key == key), None)


def flag_kinds() -> dict[str, Direction]:
    """Every flag kind a direction declares → that direction."""
    return {kind: d for d in DIRECTIONS for kind in entry_for(d.slug).flag_kinds}
