"""Pages of the associations register: the list with its XLSX, the card, the form, deletion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from msoko.core.permissions import login_required
from msoko.core.web import xlsx_download
from msoko.directions.methodical import selectors, services
from msoko.directions.methodical.forms import (
    SUBJECTS_DATALIST,
    AssociationFilterForm,
    AssociationForm,
    PlanFormSet,
    plan_initial,
)
from msoko.directions.methodical.models import Association, can_manage_methodical, edits_own_school
from msoko.directions.methodical.rules import MethodicalRejected
from msoko.directions.methodical.views._shared import (
    audit_details,
    editors_only,
    list_filters,
    subject_suggestions,
)


@login_required
def associations(request: HttpRequest) -> HttpResponse:
    user = request.user
    form, query, export_query = list_filters(
        request, AssociationFilterForm, Association, selectors.association_subjects(viewer=user)
    )
    year = query.pop("year")
    rows = selectors.association_list(viewer=user, **query)
    if request.GET.get("format") == "xlsx":
        frame = selectors.associations_export_frame(rows)
        return xlsx_download(
            frame,
            actor=user,
            sheet="Методические объединения",
            filename="methodical-associations.xlsx",
            what="реестр методических объединений",
            details=audit_details(query),
        )
    context = {
        "form": form,
        "year": year,
        "rows": rows,
        "summary": selectors.associations_summary(rows),
        "other_school": selectors.OTHER_SCHOOL,
        "filtered": any(v for k, v in query.items() if k != "school_year_id"),
        "can_create": can_manage_methodical(user) or edits_own_school(user),
        "export_query": export_query,
    }
    return render(request, "methodical/associations.html", context)


@login_required
def association(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible_association(request, pk)
    plan = selectors.plan_items(found)
    members, hidden = selectors.association_members(found, viewer=request.user)
    context = {
        "association": found,
        "leader_shown": selectors.shown_code(found.leader, viewer=request.user),
        "members": members,
        "members_hidden": hidden,
        "other_school": selectors.OTHER_SCHOOL,
        "plan": plan,
        "plan_done": sum(p.done for p in plan),
        "can_edit": selectors.association_editable(user=request.user, association=found),
    }
    return render(request, "methodical/association.html", context)


@editors_only
def association_create(request: HttpRequest) -> HttpResponse:
    return _association_form(request, None)


@editors_only
def association_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _association_form(request, _editable_association(request, pk))


@editors_only
def association_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = _editable_association(request, pk)
    if request.method == "POST":
        services.delete_association(actor=request.user, association=found)
        messages.success(request, f"Объединение «{found.name}» удалено.")
        return redirect("methodical:associations")
    context = {
        "object": found,
        "what": f"{found.get_level_display()} «{found.name}», {found.school_year}",
        "consequence": "Вместе с объединением удаляются его план работы и состав.",
        "back": reverse("methodical:association", args=[found.pk]),
        "list_url": reverse("methodical:associations"),
        "list_title": "Методические объединения",
    }
    return render(request, "methodical/confirm_delete.html", context)


def _association_form(request: HttpRequest, existing: Association | None) -> HttpResponse:
    user = request.user
    department = can_manage_methodical(user)
    initial: dict[str, Any] = {}
    plan: list[dict[str, Any]] = []
    if existing is not None:
        members, _ = selectors.association_members(existing, viewer=user)
        initial = {
            "level": existing.level,
            "name": existing.name,
            "subject": existing.subject,
            "school_year": existing.school_year,
            "organization": existing.organization,
            "leader_code": existing.leader.code if existing.leader else "",
            "member_codes": ", ".join(t.code for t in members),
        }
        plan = plan_initial(selectors.plan_items(existing))
    elif not department:
        initial = {"organization": user.organization}
    data = request.POST if request.method == "POST" else None
    form = AssociationForm(data, initial=initial, user=user, department=department)
    year = form.cleaned_data.get("school_year") if data is not None and form.is_valid() else None
    formset = PlanFormSet(data, initial=plan, prefix="plan", form_kwargs={"school_year": year})
    if data is not None and form.is_valid() and formset.is_valid():
        fields = {
            k: form.cleaned_data[k] for k in ("level", "name", "subject", "school_year", "organization")
        }
        people = {"leader": form.cleaned_data["leader"], "members": form.cleaned_data["members"]}
        try:
            if existing is None:
                saved = services.create_association(actor=user, **fields, **people, plan=formset.entries())
            else:
                saved = services.update_association(
                    actor=user, association=existing, **fields, **people, plan=formset.entries()
                )
        except MethodicalRejected as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Объединение «{saved.name}» сохранено.")
            return redirect("methodical:association", saved.pk)
    context = {
        "form": form,
        "formset": formset,
        "association": existing,
        "department": department,
        "subjects": subject_suggestions(selectors.association_subjects(viewer=user)),
        "datalist": SUBJECTS_DATALIST,
    }
    return render(
        request, "methodical/association_form.html", context, status=400 if data is not None else 200
    )


def _visible_association(request: HttpRequest, pk: int) -> Association:
    found = selectors.association_for(viewer=request.user, pk=pk)
    if found is None:
        raise Http404("Методическое объединение не найдено.")
    return found


def _editable_association(request: HttpRequest, pk: int) -> Association:
    found = _visible_association(request, pk)
    if not selectors.association_editable(user=request.user, association=found):
        raise PermissionDenied("Изменять это объединение может только отдел образования.")
    return found
