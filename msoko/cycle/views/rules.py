"""Recommendation rules: the list, the form, deletion and the ready-made rules of the seeds."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from msoko.core.permissions import login_required
from msoko.cycle import selectors, services
from msoko.cycle.forms import RuleForm
from msoko.cycle.models import RecommendationRule
from msoko.cycle.rules import PLACEHOLDERS, CycleRejected, manages_cycle
from msoko.cycle.views._shared import department_only

_FIELDS = ("title", "match_kind", "match_value", "addressee", "association", "text", "due_days", "active")


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    context = {"rows": list(selectors.rule_list()), "can_manage": manages_cycle(request.user)}
    return render(request, "cycle/rules.html", context)


@department_only
def rule_create(request: HttpRequest) -> HttpResponse:
    return _form(request, None)


@department_only
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form(request, _rule(pk))


@require_POST
@department_only
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = _rule(pk)
    services.delete_rule(actor=request.user, rule=found)
    messages.success(request, f"Правило «{found.title}» удалено.")
    return redirect("cycle:rules")


@require_POST
@department_only
def rules_ready_made(request: HttpRequest) -> HttpResponse:
    added = services.ready_made_rules(actor=request.user)
    if added:
        messages.success(request, f"Добавлено готовых правил: {added}.")
    else:
        messages.info(request, "Все готовые правила уже есть в списке.")
    return redirect("cycle:rules")


def _form(request: HttpRequest, found: RecommendationRule | None) -> HttpResponse:
    if request.method == "POST":
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                saved = services.save_rule(
                    actor=request.user, rule=found, **{k: form.cleaned_data[k] for k in _FIELDS}
                )
            except CycleRejected as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Правило «{saved.title}» сохранено.")
                return redirect("cycle:rules")
    elif found is not None:
        form = RuleForm(initial={k: getattr(found, k) for k in _FIELDS})
    else:
        form = RuleForm()
    context = {"form": form, "rule": found, "placeholders": PLACEHOLDERS}
    return render(request, "cycle/rule_form.html", context, status=400 if form.errors else 200)


def _rule(pk: int) -> RecommendationRule:
    found = selectors.rule_list().filter(pk=pk).first()
    if found is None:
        raise Http404("Правило не найдено.")
    return found
