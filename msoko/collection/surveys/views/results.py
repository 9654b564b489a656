"""The aggregates: one organisation's answers question by question, and the XLSX of all the
organisations the viewer sees. Nothing of an organisation under the minimum of answers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.collection.surveys import selectors
from msoko.collection.surveys.models import min_answers
from msoko.collection.surveys.views._shared import participant_or_404, survey_or_404
from msoko.core.permissions import login_required
from msoko.core.web import xlsx_download


@login_required
def results(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    survey = survey_or_404(request, pk)
    participant = participant_or_404(request, survey, participant_pk)
    found = selectors.organization_results(participant=participant)
    responses, questions = found if found is not None else (None, [])
    context = {
        "survey": survey,
        "participant": participant,
        "responses": responses,
        "rate": responses / participant.expected * 100 if responses and participant.expected else None,
        "questions": questions,
        "min_answers": min_answers(),
    }
    return render(request, "surveys/results.html", context)


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_or_404(request, pk)
    frame = selectors.results_export_frame(viewer=request.user, survey=survey)
    return xlsx_download(
        frame,
        actor=request.user,
        sheet="Итоги анкетирования",
        filename=f"survey-{survey.pk}.xlsx",
        what=f"итоги опроса «{survey.title}»",
        details={
            "survey": survey.pk,
            "organizations": frame.get_column("Код ОО").n_unique() if frame.height else 0,
        },
    )
