"""Every page says who may open it: a view without an access rule fails here, unless it is on
the explicit public list. And every model that belongs to an organisation is scoped."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver

from msoko.core.access import ScopedQuerySet
from msoko.core.permissions import ACCESS
from msoko.registry.models import Organization

#: views anyone may open without an access decorator (Django's own login and logout)
PUBLIC_VIEWS = {"login", "logout"}
RULES = {"public", "login", "role"}


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[tuple[str, str, object]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":  # the admin site has its own staff-only checks
                continue
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else entry.namespace or namespace
            )
            found += _patterns(entry, prefix + str(entry.pattern), inner or "")
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name or ""
            found.append((prefix + str(entry.pattern), name, entry.callback))
    return found


PATTERNS = _patterns(get_resolver())


def test_the_walk_finds_the_pages():
    names = {name for _, name, _ in PATTERNS}
    assert {
        "home",
        "upload_kind",
        "objectivity:evidence",
        "low_results:school",
        "pipeline:run_state",
    } <= names
    assert len(PATTERNS) > 40


@pytest.mark.parametrize(("route", "name", "view"), PATTERNS, ids=[p[1] or p[0] for p in PATTERNS])
def test_every_view_has_an_access_rule(route, name, view):
    rule = getattr(view, ACCESS, None)
    assert rule in RULES or name in PUBLIC_VIEWS, f"{route} ({name}) has no access rule"


def _organisation_models() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if model is not Organization
        and model._meta.label != "core.User"  # accounts: managed in the admin only
        and any(
            getattr(f, "many_to_one", False) and f.concrete and f.related_model is Organization
            for f in model._meta.get_fields()
        )
    ]


def test_the_scope_test_sees_every_organisation_model():
    labels = {m._meta.label for m in _organisation_models()}
    assert {
        "assessments.ResultCoverage",
        "flags.Flag",
        "objectivity.FlagDispute",
        "low_results.SupportEntry",
    } <= labels


@pytest.mark.django_db
@pytest.mark.parametrize("model", _organisation_models(), ids=lambda m: m._meta.label)
def test_every_organisation_model_is_scoped_to_the_school(model, school_user, school_a, specialist):
    queryset = model._default_manager.all()
    assert isinstance(queryset, ScopedQuerySet), f"{model._meta.label} has no visible_to"

    sql, params = queryset.visible_to(school_user).query.sql_with_params()
    lookup = type(queryset).organization_lookup
    assert school_a.pk in params, f"{model._meta.label} not filtered by {lookup}"
    assert "organization" in sql
    assert not queryset.visible_to(AnonymousUser()).exists()
    assert str(queryset.visible_to(specialist).query) == str(queryset.query)  # the department sees all
