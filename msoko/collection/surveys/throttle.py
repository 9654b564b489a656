"""Throttling answers without keeping who answered: a signed cookie on the device and a count
per network address that lives only in the cache, under a keyed hash of the address that
changes every hour (the address itself is stored nowhere, the database included).

No throttling library is pinned for this (django-axes, which is, counts login failures only);
Django's cache does it in a few lines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.signing import BadSignature
from django.utils import timezone
from django.utils.crypto import salted_hmac

#: accepted answers per address and organisation link per hour; a parents' meeting answering on
#: the school's wireless network shares one address, so the limit is generous
ANSWERS_PER_HOUR = 60
#: wrong single-use codes per address per hour before the form stops checking them
WRONG_CODES_PER_HOUR = 20
COOKIE_SALT = "msoko.surveys.answered"


def answers_per_hour() -> int:
    return int(getattr(settings, "MSOKO_SURVEY_ANSWERS_PER_HOUR", ANSWERS_PER_HOUR))


def _cache() -> Any:
    return caches[getattr(settings, "MSOKO_SURVEY_THROTTLE_CACHE", "default")]


def _key(kind: str, address: str | None, participant_id: int, now: dt.datetime | None) -> str:
    hour = (now or timezone.now()).strftime("%Y%m%d%H")
    digest = salted_hmac("msoko.surveys.throttle", f"{kind}|{address}|{participant_id}|{hour}").hexdigest()
    return f"surveys:{kind}:{digest[:32]}"


def over_limit(
    kind: str, *, address: str | None, participant_id: int, now: dt.datetime | None = None
) -> bool:
    limit = answers_per_hour() if kind == "answer" else WRONG_CODES_PER_HOUR
    return int(_cache().get(_key(kind, address, participant_id, now), 0)) >= limit


def count(kind: str, *, address: str | None, participant_id: int, now: dt.datetime | None = None) -> None:
    cache, key = _cache(), _key(kind, address, participant_id, now)
    if not cache.add(key, 1, timeout=3600):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=3600)


def cookie_name(survey_id: int) -> str:
    return f"msoko_survey_{survey_id}"


def answered_on_device(request: Any, survey_id: int) -> bool:
    try:
        return request.get_signed_cookie(cookie_name(survey_id), salt=COOKIE_SALT) == "1"
    except (KeyError, BadSignature):
        return False


def mark_device(response: Any, *, survey_id: int, days: int) -> None:
    """The «already answered» mark: «1» and nothing else, kept until the survey ends."""
    response.set_signed_cookie(
        cookie_name(survey_id),
        "1",
        salt=COOKIE_SALT,
        max_age=max(days, 1) * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG and getattr(settings, "SESSION_COOKIE_SECURE", False),
    )
