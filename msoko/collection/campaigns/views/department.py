"""The department's pages: the campaigns with their progress, a new campaign, one campaign's
forms, reminders, and the decision on a sent form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from msoko.collection.campaigns import selectors, services
from msoko.collection.campaigns.forms import CampaignForm, ReturnForm
from msoko.collection.campaigns.models import Submission
from msoko.collection.campaigns.rules import CampaignRejected, fills_forms, manages_campaigns, sees_campaigns
from msoko.core.permissions import login_required, role_required

managers_only = role_required(manages_campaigns)
readers_only = role_required(sees_campaigns)


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    """The department sees every campaign with its progress; a school its own forms."""
    user, today = request.user, timezone.localdate()
    if sees_campaigns(user):
        rows = selectors.campaign_list(viewer=user, today=today)
        context = {
            "rows": rows,
            "can_manage": manages_campaigns(user),
            "running": sum(1 for c in rows if c.is_running(today)),
            "to_review": sum(c.n_submitted for c in rows),
            "overdue": sum(c.n_overdue for c in rows),
            "today": today,
        }
        return render(request, "campaigns/campaigns.html", context)
    if fills_forms(user):
        forms = selectors.school_forms(viewer=user, today=today)
        return render(request, "campaigns/school_forms.html", {"forms": forms, "today": today})
    raise PermissionDenied("Недостаточно прав для этой страницы.")


@managers_only
def campaign_create(request: HttpRequest) -> HttpResponse:
    services.ready_made_checklists()  # the two ready-made lists are there to choose from
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_campaign(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                school_year=data["school_year"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                deadline=data["deadline"],
                indicator_codes=data["indicators"],
                checklist=data["checklist"],
                kinds=data["kinds"],
                organizations=data["organizations"],
            )
        except CampaignRejected as error:
            for name, message in error.problems.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(
                request,
                f"Кампания «{created.title}» создана: форм организаций {created.submissions.count()}.",
            )
            return redirect("campaigns:detail", created.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "campaigns/campaign_form.html", {"form": form}, status=status)


@readers_only
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    found = selectors.campaign_for(viewer=request.user, pk=pk, today=today)
    if found is None:
        raise Http404("Кампания не найдена.")
    forms = selectors.campaign_forms(found, today=today)
    context = {
        "campaign": found,
        "forms": forms,
        "states": selectors.state_counts(found),
        "handed_in": found.n_submitted + found.n_accepted,
        "item_failures": selectors.item_failures(found),
        "to_remind": services.reminder_targets(found, today=today),
        "can_manage": manages_campaigns(request.user),
        "today": today,
        "indicators": selectors.campaign_indicators(found),
    }
    return render(request, "campaigns/campaign.html", context)


@managers_only
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.campaign_for(viewer=request.user, pk=pk, today=timezone.localdate())
    if found is None:
        raise Http404("Кампания не найдена.")
    done = services.send_reminders(
        actor=request.user, campaign=found, form_url=request.build_absolute_uri(reverse("campaigns:list"))
    )
    if done.sent:
        messages.success(
            request,
            f"Отправлено напоминаний: {done.sent} ({'; '.join(done.recipients)}).",
        )
    else:
        messages.info(request, "Напоминания не отправлены: некому писать.")
    if done.without_address:
        messages.warning(
            request,
            "Нет адреса электронной почты ни у одного пользователя организаций: "
            + "; ".join(done.without_address)
            + ". Добавьте адреса в учётные записи или свяжитесь с ними иначе.",
        )
    return redirect("campaigns:detail", found.pk)


def _sent_form(request: HttpRequest, pk: int) -> Submission:
    found = selectors.submission_for(viewer=request.user, pk=pk, today=timezone.localdate())
    if found is None:
        raise Http404("Форма не найдена.")
    return found


@managers_only
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    found = _sent_form(request, pk)
    try:
        services.accept_submission(actor=request.user, submission=found)
    except CampaignRejected as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Форма «{found.organization.display_name}» принята: значения записаны в показатели."
        )
    return redirect("campaigns:form", found.pk)


@managers_only
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    found = _sent_form(request, pk)
    rows = selectors.item_rows(found)
    form = ReturnForm(
        request.POST, item_choices=[(r.item.pk, f"{r.item.number}. {r.item.text}") for r in rows]
    )
    if form.is_valid():
        try:
            services.return_submission(
                actor=request.user,
                submission=found,
                comment=form.cleaned_data["comment"],
                items=[int(pk) for pk in form.cleaned_data.get("items", [])],
            )
        except CampaignRejected as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Форма «{found.organization.display_name}» возвращена на доработку.")
            return redirect("campaigns:detail", found.campaign_id)
    else:
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("campaigns:form", args=[found.pk]) + "#review")
