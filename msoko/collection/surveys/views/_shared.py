"""What the survey pages share: finding a survey or participant the viewer may see, the
organisation's link and its QR code."""

from __future__ import annotations

from typing import Any

import segno
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from msoko.collection.surveys import selectors
from msoko.collection.surveys.models import Participant, Survey
from msoko.core.models import Role


def survey_or_404(request: HttpRequest, pk: int) -> Survey:
    survey = selectors.visible_survey(viewer=request.user, pk=pk)
    if survey is None:
        raise Http404("Опрос не найден.")
    return survey


def participant_or_404(request: HttpRequest, survey: Survey, participant_pk: int) -> Participant:
    participant = (
        selectors.visible_participants(viewer=request.user, survey=survey).filter(pk=participant_pk).first()
    )
    if participant is None:
        raise Http404("Организация не участвует в опросе.")
    participant.survey = survey
    return participant


def can_issue_tokens(user: Any) -> bool:
    """The department, and a school for its own organisation (scoping decides which)."""
    return user.can_manage_registry or (user.role == Role.SCHOOL and user.organization_id is not None)


def answer_url(request: HttpRequest, participant: Participant, code: str = "") -> str:
    url = request.build_absolute_uri(reverse("surveys:answer", args=[participant.slug]))
    return f"{url}?code={code}" if code else url


def qr_svg(url: str, *, scale: int = 4) -> SafeString:
    """The QR code of ``url`` as inline SVG (markup of segno's own making, no user text in it)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, border=2))
