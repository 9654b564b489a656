"""Shared fixtures: users of every role bound to a small registry."""

from __future__ import annotations

import os

import pytest

from tests import factories
from tests.real_data import check_real_data

os.environ.setdefault("MSOKO_VAR_DIR", "/tmp/msoko-test-var")


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("real_data"):
        check_real_data()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # the shared page cache is a database table (tests/web/test_page_cache.py); tests without
    # the database use memory, and ids repeat between tests, so nothing leaks from one to the next
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "files"
    # the production hasher costs ~0.3 s a password; tests create many users
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def database_queue(settings):
    """Background work goes to django-tasks-db's queue, as deployed (run by `msoko worker`)."""
    settings.MSOKO_TASKS = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def school_a(db):
    return factories.OrganizationFactory(code="0001", name="МБОУ «Средняя школа № 1»", short_name="СШ № 1")


@pytest.fixture
def school_b(db):
    return factories.OrganizationFactory(code="0002", name="МБОУ «Гимназия № 2»", short_name="Гимназия № 2")


@pytest.fixture
def specialist(db):
    return factories.UserFactory(username="spec", role="specialist")


@pytest.fixture
def methodologist(db):
    return factories.UserFactory(username="metod", role="methodologist")


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(username="boss", role="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def school_user(school_a):
    return factories.UserFactory(username="school1", role="school", organization=school_a)
