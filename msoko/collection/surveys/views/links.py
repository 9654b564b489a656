"""The organisations' links: a QR code to download, a printable sheet of all the codes, and the
single-use codes a school hands out (with their printable sheet)."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from msoko.collection.surveys import selectors, services
from msoko.collection.surveys.forms import TokensForm
from msoko.collection.surveys.models import Access
from msoko.collection.surveys.rules import SurveyRejected
from msoko.collection.surveys.views._shared import (
    answer_url,
    can_issue_tokens,
    participant_or_404,
    qr_svg,
    survey_or_404,
)
from msoko.core import audit
from msoko.core.models import AuditAction
from msoko.core.permissions import login_required
from msoko.core.web import download

_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


@login_required
def qr(request: HttpRequest, pk: int, participant_pk: int, fmt: str) -> HttpResponse:
    if fmt not in _TYPES:
        raise Http404("Формат не поддерживается.")
    survey = survey_or_404(request, pk)
    participant = participant_or_404(request, survey, participant_pk)
    buffer = io.BytesIO()
    segno.make(answer_url(request, participant), error="m").save(buffer, kind=fmt, scale=10, border=4)
    return download(buffer.getvalue(), f"qr-{survey.pk}-{participant.organization.code}.{fmt}", _TYPES[fmt])


@login_required
def qr_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(request, pk)
    cards = [
        {"participant": p, "url": answer_url(request, p), "svg": qr_svg(answer_url(request, p))}
        for p in selectors.visible_participants(viewer=request.user, survey=survey)
    ]
    return render(request, "surveys/qr_sheet.html", {"survey": survey, "cards": cards})


@login_required
def tokens(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    survey = survey_or_404(request, pk)
    participant = participant_or_404(request, survey, participant_pk)
    if survey.access != Access.TOKENS:
        raise Http404("Опрос проводится по ссылке, без кодов.")
    allowed = can_issue_tokens(request.user)
    form = TokensForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied("Выпускать коды может отдел образования или сама организация.")
        if form.is_valid():
            try:
                issued = services.issue_tokens(
                    actor=request.user, participant=participant, count=form.cleaned_data["count"]
                )
            except SurveyRejected as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"Выпущено кодов: {len(issued)}. Распечатайте лист и раздайте по одному коду."
                )
                return redirect("surveys:tokens", pk=survey.pk, participant_pk=participant.pk)
    codes = list(participant.tokens.all())
    context = {
        "survey": survey,
        "participant": participant,
        "form": form,
        "can_issue": allowed,
        "codes": codes,
        "used_n": sum(t.used for t in codes),
    }
    return render(request, "surveys/tokens.html", context)


@login_required
def token_sheet(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """Slips to cut: each with an unused code, its QR code (the link with the code) and the link."""
    survey = survey_or_404(request, pk)
    participant = participant_or_404(request, survey, participant_pk)
    if survey.access != Access.TOKENS or not can_issue_tokens(request.user):
        raise Http404("Листа кодов нет.")
    unused = list(participant.tokens.filter(used=False))
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        summary=f"Анкетирование: лист одноразовых кодов опроса «{survey.title}» "
        f"для {participant.organization.code}, кодов {len(unused)}",
        obj=survey,
        ip=audit.client_ip(request),
    )
    url = answer_url(request, participant)
    cards = [
        {"code": t.code, "svg": qr_svg(answer_url(request, participant, t.code), scale=3)} for t in unused
    ]
    return render(
        request,
        "surveys/token_sheet.html",
        {"survey": survey, "participant": participant, "cards": cards, "url": url},
    )
