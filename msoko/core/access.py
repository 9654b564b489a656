"""Row-level access: the one place that decides which rows a user may see.

Every model that belongs to an organisation uses :class:`ScopedQuerySet` and names the path
to its organisation in ``organization_lookup``. Views and selectors start from
``Model.objects.visible_to(user)`` and never filter by organisation themselves, so a school
user cannot reach another school's rows through any page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models

_Q = TypeVar("_Q", bound="ScopedQuerySet")


class ScopedQuerySet(models.QuerySet):
    #: Django lookup from the model to ``registry.Organization``'s primary key.
    organization_lookup: str = "organization"

    def visible_to(self: _Q, user: Any) -> _Q:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_organizations:
            return self
        if user.organization_id is not None:
            return self.filter(**{self.organization_lookup: user.organization_id})
        return self.none()


def can_see_organization(user: Any, organization_id: int) -> bool:
    """True if the user's scope covers the organisation (used for forms and uploads)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.sees_all_organizations or user.organization_id == organization_id


@dataclass(frozen=True)
class DepartmentView:
    """The department as a viewer where no user is at hand (the command line, the worker
    warming pages): it sees every organisation."""

    is_authenticated: bool = True
    is_active: bool = True
    sees_all_organizations: bool = True
    organization_id: int | None = None
    pk: int | None = None


DEPARTMENT = DepartmentView()


def organization_scope(organization_id: int) -> DepartmentView:
    """A viewer that sees one organisation, as its own staff do: what a page cached per
    organisation is built with, so that serving it to anyone allowed to see that organisation
    never shows them another one's rows."""
    return DepartmentView(sees_all_organizations=False, organization_id=organization_id)
