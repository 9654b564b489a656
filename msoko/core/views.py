"""Pages of the core: login, the upload of any kind of file, the import history and the audit log.

Views stay thin: a permission decorator, a selector call, a template.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from msoko.core import selectors
from msoko.core.audit import record_download, record_password_change
from msoko.core.forms import (
    AuditFilterForm,
    ImportForm,
    ImportHistoryFilterForm,
    LoginForm,
    PasswordChangeRuForm,
    filter_values,
)
from msoko.core.imports import ImportRejected
from msoko.core.imports.kinds import import_kind, kinds_for
from msoko.core.imports.run import run_import
from msoko.core.models import ImportRecord
from msoko.core.permissions import audit_viewers_only, login_required, registry_managers_only
from msoko.core.uploads import stored_path

PAGE_SIZE = 50


def paginate(request: HttpRequest, items: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """The requested page; a page number out of range or not a number gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


class MsokoLoginView(LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class MsokoPasswordChangeView(PasswordChangeView):
    """A user changes their own password (the old one, then the new one twice); audited."""

    template_name = "core/password_change.html"
    form_class = PasswordChangeRuForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeRuForm) -> HttpResponse:
        response = super().form_valid(form)
        record_password_change(self.request)
        messages.success(self.request, "Пароль изменён.")
        return response


password_change = login_required(MsokoPasswordChangeView.as_view())


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
    record_download(
        request, summary=f"Скачан исходный файл загрузки «{rec.filename}» от {rec.at:%d.%m.%Y %H:%M}", obj=rec
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=rec.filename)


@audit_viewers_only
def audit(request: HttpRequest) -> HttpResponse:
    object_types = selectors.audit_object_types()
    form = AuditFilterForm(request.GET, object_types=object_types)
    page = paginate(request, selectors.audit_event_list(**filter_values(form)))
    names = dict(object_types)
    for event in page:
        event.object_name = names.get(event.object_type, event.object_type)
    return render(
        request,
        "core/audit.html",
        {
            "form": form,
            "page": page,
            "logins": selectors.audit_logins(),
            "invalid": [f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()],
        },
    )


@login_required
def upload(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Load a file of any kind the user may load: the form is the kind's declared parameters."""
    kinds = kinds_for(request.user)
    if not kinds:
        raise PermissionDenied("Недостаточно прав для загрузки файлов.")
    kind = import_kind(code) if code else kinds[0]
    if kind is None or kind not in kinds:
        raise Http404("Такой вид загрузки недоступен.")
    form = ImportForm(request.POST or None, request.FILES or None, kind=kind, user=request.user)
    context: dict = {"kinds": kinds, "kind": kind, "form": form}
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        context["filename"] = upload_file.name
        try:
            context["report"] = run_import(
                kind.code,
                content=upload_file.read(),
                filename=upload_file.name,
                params=form.params(),
                actor=request.user,
            )
        except ImportRejected as error:
            context["rejected"] = error
            context["more_problems"] = max(error.total - len(error.problems), 0)
    return render(request, "core/upload.html", context)
