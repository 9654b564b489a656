"""The respondent's pages: public, anonymous, made for a phone. Nothing about the request — no
address, no browser, no session — reaches the database; the address only keys a counter in
the cache under an hourly keyed hash (throttle.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from msoko.collection.surveys import selectors, services, throttle
from msoko.collection.surveys.forms import AnswerForm
from msoko.collection.surveys.models import Access, Participant
from msoko.collection.surveys.rules import SurveyRejected
from msoko.core.audit import client_ip
from msoko.core.permissions import public


def _participant(slug: str) -> Participant:
    found = selectors.participant_by_slug(slug)
    if found is None:
        raise Http404("Ссылка на анкету неверна.")
    return found


@public
@never_cache
@csrf_protect
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    participant = _participant(slug)
    survey = participant.survey
    today = timezone.localdate()
    state = survey.state(today)
    context = {"participant": participant, "survey": survey, "questionnaire": survey.questionnaire}
    if state != "open":
        return render(request, "surveys/answer_closed.html", context | {"state": state}, status=200)
    by_code = survey.access == Access.TOKENS
    if not by_code and throttle.answered_on_device(request, survey.pk):
        return render(request, "surveys/answer_closed.html", context | {"state": "answered"})
    address = client_ip(request)
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        initial={"code": request.GET.get("code", "")},
        questions=selectors.questions_of(survey),
        with_code=by_code,
    )
    if request.method == "POST":
        kind = "code" if by_code else "answer"
        if throttle.over_limit(kind, address=address, participant_id=participant.pk):
            return render(request, "surveys/answer_closed.html", context | {"state": "throttled"}, status=429)
        if form.is_valid():
            try:
                services.record_response(
                    participant=participant,
                    given=form.given(),
                    token_code=form.cleaned_data.get("code", ""),
                    today=today,
                )
            except SurveyRejected as error:
                if by_code:
                    throttle.count("code", address=address, participant_id=participant.pk)
                form.add_error("code" if by_code and "Код" in str(error) else None, str(error))
            else:
                if not by_code:
                    throttle.count("answer", address=address, participant_id=participant.pk)
                response = redirect("surveys:thanks", slug=slug)
                if not by_code:
                    throttle.mark_device(
                        response, survey_id=survey.pk, days=(survey.closes_on - today).days + 1
                    )
                return response
    return render(request, "surveys/answer.html", context | {"form": form, "by_code": by_code})


@public
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    participant = _participant(slug)
    return render(request, "surveys/thanks.html", {"participant": participant, "survey": participant.survey})
