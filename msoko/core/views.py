"""Pages of the core: home, login, the ten directions, the import history and the audit log.

Views stay thin: a permission decorator, a selector call, a template.
"""

from __future__ import annotations

from django.contrib.auth.views import LoginView
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.core import selectors
from msoko.core.audit import client_ip, record
from msoko.core.directions import MANAGEMENT_CYCLE, direction_by_slug
from msoko.core.forms import AuditFilterForm, ImportHistoryFilterForm, LoginForm, filter_values
from msoko.core.models import AuditAction, ImportRecord
from msoko.core.permissions import audit_viewers_only, login_required, registry_managers_only
from msoko.core.uploads import stored_path
from msoko.registry.selectors import PAGE_SIZE, public_totals, registry_totals


def paginate(request: HttpRequest, items: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """The requested page; a page number out of range or not a number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


class MsokoLoginView(LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/home_public.html", {"totals": public_totals()})
    context = {"totals": registry_totals(user=request.user)}
    if request.user.can_manage_registry:
        context["recent_imports"] = selectors.recent_import_records()
    return render(request, "core/dashboard.html", context)


@login_required
def direction(request: HttpRequest, slug: str) -> HttpResponse:
    found = direction_by_slug(slug)
    if found is None:
        raise Http404("Направление не найдено.")
    return render(request, "core/direction.html", {"direction": found, "cycle": MANAGEMENT_CYCLE})


@registry_managers_only
def imports(request: HttpRequest) -> HttpResponse:
    form = ImportHistoryFilterForm(request.GET)
    page = paginate(request, selectors.import_record_list(**filter_values(form)))
    return render(request, "core/imports.html", {"form": form, "page": page})


@registry_managers_only
def import_file(request: HttpRequest, pk: int) -> FileResponse:
    try:
        rec = selectors.import_record_get(pk=pk)
    except ImportRecord.DoesNotExist as error:
        raise Http404("Загрузка не найдена.") from error
    path = stored_path(rec.sha256)
    if not path.is_file():
        if rec.summary.get("file_removed"):
            raise Http404("Файл этой отклонённой загрузки удалён по сроку хранения (msoko cleanup).")
        raise Http404("Файл этой загрузки не сохранился в хранилище.")
    with transaction.atomic():
        record(
            actor=request.user,
            action=AuditAction.EXPORT,
            summary=f"Скачан исходный файл загрузки «{rec.filename}» от {rec.at:%d.%m.%Y %H:%M}",
            obj=rec,
            ip=client_ip(request),
        )
    return FileResponse(path.open("rb"), as_attachment=True, filename=rec.filename)


@audit_viewers_only
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    page = paginate(request, selectors.audit_event_list(**filter_values(form)))
    return render(
        request, "core/audit.html", {"form": form, "page": page, "logins": selectors.audit_logins()}
    )
