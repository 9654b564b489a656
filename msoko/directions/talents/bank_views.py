"""Pages of the bank of gifted children: the list (and its XLSX), a child's card, the entries.

Every read goes through ``bank_selectors`` (scoped by ``visible_to``): another school's child is
a 404, never a 403. Writes go through ``services``, which check the right on the child again;
the decorators keep methodologists (who read) and schools (who do not exclude) out of them.
"""

from __future__ import annotations

import polars as pl
from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from msoko.core.permissions import login_required, role_required
from msoko.core.web import xlsx_download
from msoko.directions.talents import bank_selectors as selectors
from msoko.directions.talents import services
from msoko.directions.talents.forms import (
    AchievementForm,
    BankFilterForm,
    ExclusionForm,
    NewChildForm,
    NoteForm,
)
from msoko.directions.talents.models import GiftedChild, can_edit_bank, can_edit_child, can_manage_bank
from msoko.registry.selectors import organization_choices

bank_editors_only = role_required(can_edit_bank)
bank_managers_only = role_required(can_manage_bank)


@login_required
def bank(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = BankFilterForm(request.GET, choices=selectors.bank_filter_choices(viewer=user))
    where = form.bank_filter()
    frame = selectors.bank_frame(viewer=user, where=where)
    if request.GET.get("format") == "xlsx":
        table = selectors.bank_export_frame(frame)
        return xlsx_download(
            table,
            actor=user,
            sheet="Банк одарённых детей",
            filename="gifted-children.xlsx",
            what="банк одарённых детей",
            details={"filters": {k: v for k, v in request.GET.items() if k != "format" and v}},
        )
    return render(request, "talents/bank.html", _bank_context(request, form, frame))


def _bank_context(
    request: HttpRequest, form: BankFilterForm, frame: pl.DataFrame, new_child: NewChildForm | None = None
) -> dict:
    user = request.user
    if new_child is None and can_edit_bank(user):
        new_child = NewChildForm(organizations=organization_choices(user=user))
    query = request.GET.copy()
    query["format"] = "xlsx"
    return {
        "form": form,
        "rows": frame.to_dicts(),
        "summary": selectors.bank_summary(viewer=user),
        "new_child": new_child,
        "xlsx_query": query.urlencode(),
    }


@require_POST
@bank_editors_only
def add_child(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = NewChildForm(request.POST, organizations=organization_choices(user=user))
    if form.is_valid():
        try:
            child = services.add_child(
                participant_code=form.cleaned_data["participant_code"],
                organization=form.cleaned_data["organization"],
                achievement=form.achievement(),
                actor=user,
            )
        except services.BankEntryRejected as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Ребёнок {child.participant_code} в банке, достижение внесено.")
            return redirect("talents:child", pk=child.pk)
    filters = BankFilterForm({}, choices=selectors.bank_filter_choices(viewer=user))
    frame = selectors.bank_frame(viewer=user, where=filters.bank_filter())
    return render(request, "talents/bank.html", _bank_context(request, filters, frame, form), status=400)


def _child(request: HttpRequest, pk: int) -> GiftedChild:
    child = selectors.child_for(viewer=request.user, pk=pk)
    if child is None:
        raise Http404("Ребёнка нет в банке или он вам недоступен.")
    return child


@login_required
def child(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "talents/child.html", _child_context(request, _child(request, pk)))


def _child_context(request: HttpRequest, child: GiftedChild, **forms: Form) -> dict:
    user = request.user
    editable = can_edit_child(user, child)
    context = {
        "child": child,
        **selectors.child_card(child=child),
        "editable": editable,
        "can_exclude": can_manage_bank(user),
        "achievement_form": AchievementForm() if editable else None,
        "note_form": NoteForm(initial={"note": child.note}) if editable else None,
        "exclusion_form": ExclusionForm() if can_manage_bank(user) else None,
    }
    return context | forms


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("talents:child", args=[pk]))


@require_POST
@bank_editors_only
def add_achievement(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    form = AchievementForm(request.POST)
    if form.is_valid():
        try:
            services.add_achievement(child=child, achievement=form.achievement(), actor=request.user)
        except services.BankEntryRejected as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Достижение внесено.")
            return _back(pk)
    context = _child_context(request, child, achievement_form=form)
    return render(request, "talents/child.html", context, status=400)


@require_POST
@bank_editors_only
def delete_achievement(request: HttpRequest, pk: int, achievement_pk: int) -> HttpResponse:
    child = _child(request, pk)
    achievement = selectors.achievement_of(child=child, pk=achievement_pk)
    if achievement is None:
        raise Http404("Такого достижения у ребёнка нет.")
    try:
        services.delete_achievement(achievement=achievement, actor=request.user)
    except services.BankEntryRejected as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Достижение удалено.")
    return _back(pk)


@require_POST
@bank_editors_only
def note(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.set_note(child=child, note=form.cleaned_data["note"], actor=request.user)
        except services.BankEntryRejected as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Примечание сохранено.")
            return _back(pk)
    return render(request, "talents/child.html", _child_context(request, child, note_form=form), status=400)


@require_POST
@bank_managers_only
def exclusion(request: HttpRequest, pk: int) -> HttpResponse:
    """Exclude the child (``excluded=1``) or restore them, with the reason."""
    child = _child(request, pk)
    form = ExclusionForm(request.POST)
    if not form.is_valid():
        context = _child_context(request, child, exclusion_form=form)
        return render(request, "talents/child.html", context, status=400)
    excluded = request.POST.get("excluded") == "1"
    services.set_exclusion(
        child=child, excluded=excluded, reason=form.cleaned_data["reason"], actor=request.user
    )
    messages.success(request, "Ребёнок исключён из банка." if excluded else "Ребёнок восстановлен в банке.")
    return _back(pk)
