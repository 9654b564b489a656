"""Who may open which page: small decorators every view is wrapped in.

Row-level scoping is not decided here: that is ``Model.objects.visible_to(user)`` in
:mod:`msoko.core.access`. These decorators only let a role into a page or refuse it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required as _django_login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]

__all__ = ["audit_viewers_only", "login_required", "public", "registry_managers_only", "role_required"]

#: every view carries the rule it was given (``tests/web/test_url_access.py`` walks them all)
ACCESS = "access_rule"


def public(view: View) -> View:
    """A page anyone may open, the anonymous public included (it shows open data only)."""
    setattr(view, ACCESS, "public")
    return view


def login_required(view: View) -> View:
    """Anonymous users go to the login page; any logged-in user may open it."""
    wrapped = _django_login_required(view)
    setattr(wrapped, ACCESS, "login")
    return wrapped


def role_required(check: Callable[[Any], bool]) -> Callable[[View], View]:
    """Anonymous users go to the login page; logged-in users failing ``check`` get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied("Недостаточно прав для этой страницы.")
            return view(request, *args, **kwargs)

        guarded = login_required(wrapped)
        setattr(guarded, ACCESS, "role")
        return guarded

    return decorator


registry_managers_only = role_required(lambda user: user.can_manage_registry)
audit_viewers_only = role_required(lambda user: user.can_view_audit)
