"""The department's pages: questionnaires and their builder, opening a survey, its card with the
organisations' links, the links to indicators, closing and calculating."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from msoko.collection.surveys import selectors, services
from msoko.collection.surveys.forms import (
    MappingForm,
    OpenSurveyForm,
    QuestionFormSet,
    QuestionnaireForm,
    default_dates,
    question_initial,
)
from msoko.collection.surveys.models import Access, Mapping, Questionnaire, min_answers
from msoko.collection.surveys.rules import SurveyRejected
from msoko.collection.surveys.views._shared import answer_url, can_issue_tokens, survey_or_404
from msoko.core.permissions import login_required, registry_managers_only
from msoko.registry.selectors import school_year_choices


@login_required
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    surveys = list(selectors.survey_list(viewer=request.user))
    for s in surveys:
        s.state_now = s.state(today)
    context = {"surveys": surveys, "can_manage": request.user.can_manage_registry}
    return render(request, "surveys/index.html", context)


@registry_managers_only
def questionnaires(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/questionnaires.html", {"questionnaires": selectors.questionnaire_list()})


@registry_managers_only
def questionnaire(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Questionnaire, pk=pk)
    context = {
        "questionnaire": found,
        "questions": list(found.questions.all()),
        "refusal": services.edit_refusal(found),
        "surveys_n": found.surveys.count(),
    }
    return render(request, "surveys/questionnaire.html", context)


@registry_managers_only
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    return _questionnaire_form(request, None)


@registry_managers_only
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Questionnaire, pk=pk)
    refusal = services.edit_refusal(found)
    if refusal:
        messages.error(request, refusal)
        return redirect("surveys:questionnaire", pk=found.pk)
    return _questionnaire_form(request, found)


def _questionnaire_form(request: HttpRequest, existing: Questionnaire | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = (
        {"title": existing.title, "audience": existing.audience, "description": existing.description}
        if existing
        else {}
    )
    form = QuestionnaireForm(data, initial=initial)
    formset = QuestionFormSet(data, initial=question_initial(existing) if existing else [], prefix="q")
    if data is not None and form.is_valid() and formset.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("title", "audience", "description")}
        try:
            if existing is None:
                saved = services.create_questionnaire(actor=request.user, **fields, questions=formset.specs())
            else:
                saved = services.update_questionnaire(
                    actor=request.user, questionnaire=existing, **fields, questions=formset.specs()
                )
        except SurveyRejected as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Анкета «{saved.title}» сохранена.")
            return redirect("surveys:questionnaire", pk=saved.pk)
    return render(
        request, "surveys/questionnaire_form.html", {"form": form, "formset": formset, "existing": existing}
    )


@require_POST
@registry_managers_only
def questionnaire_copy(request: HttpRequest, pk: int) -> HttpResponse:
    copy = services.copy_questionnaire(
        actor=request.user, questionnaire=get_object_or_404(Questionnaire, pk=pk)
    )
    messages.success(request, f"Создана копия «{copy.title}»: её можно изменить.")
    return redirect("surveys:questionnaire_edit", pk=copy.pk)


@require_POST
@registry_managers_only
def questionnaire_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Questionnaire, pk=pk)
    try:
        services.delete_questionnaire(actor=request.user, questionnaire=found)
    except SurveyRejected as error:
        messages.error(request, str(error))
        return redirect("surveys:questionnaire", pk=found.pk)
    messages.success(request, f"Анкета «{found.title}» удалена.")
    return redirect("surveys:questionnaires")


@require_POST
@registry_managers_only
def ready_made(request: HttpRequest) -> HttpResponse:
    before = Questionnaire.objects.exclude(key="").count()
    found = services.ready_made_questionnaires(actor=request.user)
    added = len(found) - before
    messages.success(
        request, f"Добавлено готовых анкет: {added}." if added else "Все готовые анкеты уже есть."
    )
    return redirect("surveys:questionnaires")


@registry_managers_only
def open_survey(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = default_dates() | {"questionnaire": request.GET.get("questionnaire")}
    initial["school_year"] = school_year_choices().first()
    form = OpenSurveyForm(data, initial=initial, user=request.user)
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            survey = services.open_survey(
                actor=request.user,
                questionnaire=values["questionnaire"],
                title=values["title"],
                school_year=values["school_year"],
                opens_on=values["opens_on"],
                closes_on=values["closes_on"],
                access=values["access"],
                organizations=form.chosen_organizations(),
            )
        except SurveyRejected as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Опрос «{survey.title}» открыт: раздайте организациям их ссылки.")
            return redirect("surveys:survey", pk=survey.pk)
    return render(request, "surveys/open.html", {"form": form})


@login_required
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    found = survey_or_404(request, pk)
    today = timezone.localdate()
    rows = selectors.participant_rows(viewer=request.user, survey=found)
    for row in rows:
        row.url = answer_url(request, row.participant)
    shown = [r for r in rows if r.responses is not None]
    rates = [r.rate for r in shown if r.rate is not None]
    manage = request.user.can_manage_registry
    questions = selectors.questions_of(found)
    context = {
        "survey": found,
        "state": found.state(today),
        "rows": rows,
        "shown_n": len(shown),
        "answers_n": sum(r.responses for r in shown),
        "mean_rate": sum(rates) / len(rates) if rates else None,
        "min_answers": min_answers(),
        "mappings": selectors.mapping_list(found),
        "mapping_form": MappingForm(questions=questions) if manage else None,
        "can_manage": manage,
        "can_issue": can_issue_tokens(request.user) and found.access == Access.TOKENS,
        "tokens": found.access == Access.TOKENS,
    }
    return render(request, "surveys/survey.html", context)


@require_POST
@registry_managers_only
def mapping_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = survey_or_404(request, pk)
    form = MappingForm(request.POST, questions=selectors.questions_of(found))
    if form.is_valid():
        try:
            services.add_mapping(actor=request.user, survey=found, spec=form.spec())
        except SurveyRejected as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Вопрос связан с показателем.")
    else:
        problems = [e for errors in form.errors.values() for e in errors]
        messages.error(request, "Связь не добавлена: " + " ".join(problems))
    return redirect(reverse("surveys:survey", args=[found.pk]) + "#mappings")


@require_POST
@registry_managers_only
def mapping_delete(request: HttpRequest, pk: int, mapping_pk: int) -> HttpResponse:
    found = survey_or_404(request, pk)
    mapping = Mapping.objects.filter(survey=found, pk=mapping_pk).first()
    if mapping is None:
        raise Http404("Связь не найдена.")
    services.delete_mapping(actor=request.user, mapping=mapping)
    messages.success(request, f"Связь с показателем {mapping.indicator_code} удалена.")
    return redirect("surveys:survey", pk=found.pk)


@registry_managers_only
def expected(request: HttpRequest, pk: int) -> HttpResponse:
    found = survey_or_404(request, pk)
    participants = list(selectors.visible_participants(viewer=request.user, survey=found))
    errors: dict[int, str] = {}
    if request.method == "POST":
        given: dict[int, int | None] = {}
        for p in participants:
            text = request.POST.get(f"expected_{p.pk}", "").strip()
            if not text:
                given[p.pk] = None
            elif text.isdigit():
                given[p.pk] = int(text)
            else:
                errors[p.pk] = f"ожидается целое число; получено «{text}»"
        if not errors:
            changed = services.set_expected(actor=request.user, survey=found, expected=given)
            messages.success(request, f"Ожидаемое число респондентов изменено у {changed} организаций.")
            return redirect("surveys:survey", pk=found.pk)
    rows = [
        (p, request.POST.get(f"expected_{p.pk}", p.expected) if errors else p.expected, errors.get(p.pk))
        for p in participants
    ]
    return render(request, "surveys/expected.html", {"survey": found, "rows": rows, "errors": errors})


@require_POST
@registry_managers_only
def close(request: HttpRequest, pk: int) -> HttpResponse:
    found = survey_or_404(request, pk)
    try:
        done = services.close_survey(actor=request.user, survey=found)
    except SurveyRejected as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _computed_message("Опрос завершён", done))
    return redirect("surveys:survey", pk=found.pk)


@require_POST
@registry_managers_only
def compute(request: HttpRequest, pk: int) -> HttpResponse:
    found = survey_or_404(request, pk)
    try:
        done = services.compute_survey_indicators(actor=request.user, survey=found)
    except SurveyRejected as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _computed_message("Показатели рассчитаны", done))
    return redirect("surveys:survey", pk=found.pk)


def _computed_message(head: str, done: services.Computed) -> str:
    text = f"{head}: записано значений показателей — {done.stored}."
    if done.suppressed:
        text += f" Без значений (меньше {min_answers()} ответов): {len(done.suppressed)} организаций."
    return text + " Пересчёт показателей поставлен в очередь."
