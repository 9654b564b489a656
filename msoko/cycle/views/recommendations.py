"""Recommendations: the list, «составить рекомендации», the card with the workflow's buttons,
the school's report and its file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from msoko.core.audit import record_download
from msoko.core.permissions import login_required
from msoko.cycle import selectors, services
from msoko.cycle.forms import RecommendationFilterForm, RecommendationForm, ReportForm
from msoko.cycle.models import STATE_TITLES, Recommendation
from msoko.cycle.rules import EDITABLE, TRANSITIONS, CycleRejected, manages_cycle, responds_for
from msoko.cycle.views._shared import asked_year, department_only
from msoko.directions.catalogue import DIRECTIONS

#: the department's buttons and the school's, by action
DEPARTMENT_ACTIONS = {"approve": "Утвердить", "send": "Направить адресату"}
SCHOOL_ACTIONS = {"acknowledge": "Ознакомлены"}


@login_required
def recommendations(request: HttpRequest) -> HttpResponse:
    form = RecommendationFilterForm(request.GET, user=request.user)
    rows = list(selectors.recommendation_list(viewer=request.user, **form.query()))
    context = {
        "form": form,
        "rows": rows,
        "states": selectors.state_counts(rows),
        "state_titles": STATE_TITLES,
        "directions": {d.number: d for d in DIRECTIONS},
        "years": selectors.cycle_years(),
        "can_manage": manages_cycle(request.user),
    }
    return render(request, "cycle/recommendations.html", context)


@require_POST
@department_only
def recommendation_draft(request: HttpRequest) -> HttpResponse:
    """«Составить рекомендации» for the open findings of a year (and a direction) without one."""
    year = asked_year(request) or selectors.year_named(request.POST.get("year"))
    if year is None:
        messages.error(request, "Выберите учебный год, для выводов которого составить рекомендации.")
        return redirect("cycle:recommendations")
    direction = request.POST.get("direction", "")
    drafts = services.draft_recommendations(
        school_year=year, actor=request.user, direction=int(direction) if direction.isdigit() else None
    )
    if drafts:
        messages.success(
            request, f"Составлено черновиков рекомендаций: {len(drafts)}. Проверьте, измените и утвердите их."
        )
    else:
        messages.info(
            request,
            "Новых рекомендаций нет: у всех действующих выводов они уже есть или нет подходящих правил.",
        )
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/cycle/") else "cycle:recommendations")


@login_required
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible(request, pk)
    if request.method == "POST":
        return _save(request, found)
    return _page(request, found)


def _page(
    request: HttpRequest,
    found: Recommendation,
    *,
    edit: RecommendationForm | None = None,
    report: ReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    manages, responds = manages_cycle(user), responds_for(user, found)
    offered = {**(DEPARTMENT_ACTIONS if manages else {}), **(SCHOOL_ACTIONS if responds else {})}
    actions = {a: title for a, title in offered.items() if found.status in TRANSITIONS[a][0]}
    can_edit = manages and found.status in EDITABLE
    context = {
        "r": found,
        "finding": found.finding,
        "actions": actions,
        "can_edit": can_edit,
        "can_delete": manages and found.status == "draft",
        "can_report": responds and found.status in TRANSITIONS["report"][0],
        "edit": edit
        or (
            RecommendationForm(
                initial={"addressee_name": found.addressee_name, "text": found.text, "due_on": found.due_on}
            )
            if can_edit
            else None
        ),
        "report": report or ReportForm(),
        "measures": selectors.recommendation_measures(found) if user.sees_all_organizations else [],
    }
    return render(request, "cycle/recommendation.html", context, status=status)


def _save(request: HttpRequest, found: Recommendation) -> HttpResponse:
    """Every POST of the card: the department's edit or deletion, or the school's report."""
    user = request.user
    what = request.POST.get("form")
    try:
        if what == "edit":
            if not manages_cycle(user):
                raise PermissionDenied("Изменять рекомендации может только отдел образования.")
            form = RecommendationForm(request.POST)
            if not form.is_valid():
                return _page(request, found, edit=form, status=400)
            services.update_recommendation(recommendation=found, actor=user, **form.cleaned_data)
            messages.success(request, "Рекомендация сохранена.")
        elif what == "delete":
            if not manages_cycle(user):
                raise PermissionDenied("Удалять рекомендации может только отдел образования.")
            services.delete_recommendation(recommendation=found, actor=user)
            messages.success(request, "Черновик рекомендации удалён.")
            return redirect("cycle:recommendations")
        elif what == "report":
            if not responds_for(user, found):
                raise PermissionDenied("Отчёт представляет организация, которой адресована рекомендация.")
            form = ReportForm(request.POST, request.FILES)
            if not form.is_valid():
                return _page(request, found, report=form, status=400)
            services.report_recommendation(
                recommendation=found,
                actor=user,
                text=form.cleaned_data["text"],
                file=form.cleaned_data.get("file"),
                link=form.cleaned_data.get("link", ""),
            )
            messages.success(request, "Отчёт об исполнении представлен.")
        else:
            raise Http404("Неизвестное действие.")
    except CycleRejected as error:
        messages.error(request, str(error))
    return redirect("cycle:recommendation", found.pk)


@require_POST
@login_required
def recommendation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A workflow button: the department approves and sends, the addressed school acknowledges."""
    found = _visible(request, pk)
    user = request.user
    if action in DEPARTMENT_ACTIONS:
        allowed = manages_cycle(user)
    elif action in SCHOOL_ACTIONS:
        allowed = responds_for(user, found)
    else:
        raise Http404("Неизвестное действие.")
    if not allowed:
        raise PermissionDenied("Это действие с рекомендацией вам недоступно.")
    step = {
        "approve": services.approve_recommendation,
        "send": services.send_recommendation,
        "acknowledge": services.acknowledge_recommendation,
    }[action]
    try:
        step(recommendation=found, actor=user)
        messages.success(request, f"Рекомендация {found.get_status_display()}.")
    except CycleRejected as error:
        messages.error(request, str(error))
    return redirect("cycle:recommendation", found.pk)


@login_required
def recommendation_file(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible(request, pk)
    if not found.report_file:
        raise Http404("К отчёту не приложен файл.")
    try:
        handle = found.report_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл отчёта не найден в хранилище.") from error
    record_download(request, summary=f"Скачан файл отчёта по рекомендации № {found.pk}", obj=found)
    return FileResponse(handle, as_attachment=True, filename=found.report_file_name)


def _visible(request: HttpRequest, pk: int) -> Recommendation:
    found = selectors.visible_recommendation(viewer=request.user, pk=pk)
    if found is None:
        raise Http404("Рекомендация не найдена.")
    return found
