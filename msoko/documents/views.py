"""Document downloads: the analytic notes from a procedure's pages, the other documents from
theirs; every download is audited with the data version it was built from."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from msoko.assessments.models import Procedure
from msoko.core.exports import audit_export
from msoko.core.models import SchoolYear
from msoko.core.permissions import login_required
from msoko.core.web import download
from msoko.directions.achievement.page import NotVisible
from msoko.documents.common import FORMATS, latest_year_with_data
from msoko.documents.gia_note import NoResults, gia_note
from msoko.documents.kinds import KINDS, build
from msoko.documents.procedure_note import procedure_note
from msoko.reports.documents import Document, render
from msoko.reports.documents.pdf import PdfUnavailable

EXAMS = ("ОГЭ", "ЕГЭ", "ГВЭ")


@login_required
def procedure_note_view(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _procedure(pk)
    if procedure.kind in EXAMS:
        raise Http404("Для экзамена — справка по ГИА.")
    extension = _extension(request, ("docx", "pdf"))
    school = _school(request)
    try:
        document = procedure_note(procedure, org_code=school, viewer=request.user)
    except (Procedure.DoesNotExist, NotVisible) as error:
        raise Http404("Результатов для справки нет.") from error
    name = f"Справка_{procedure.kind}_{procedure.subject}_{procedure.grade}_{procedure.school_year.name}"
    return _send(request, document, extension, name, school, what=f"аналитическая справка: {procedure}")


@login_required
def gia_note_view(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _procedure(pk)
    if procedure.kind not in EXAMS:
        raise Http404("Справка по ГИА — только для экзаменов.")
    extension = _extension(request, ("docx", "pdf"))
    school = _school(request)
    try:
        document = gia_note(procedure, org_code=school, viewer=request.user)
    except NoResults as error:
        raise Http404("Результатов экзамена для справки нет.") from error
    name = f"Справка_{procedure.kind}_{procedure.subject}_{procedure.school_year.name}"
    return _send(request, document, extension, name, school, what=f"справка по ГИА: {procedure}")


@login_required
def report_view(request: HttpRequest, kind: str) -> HttpResponse:
    found = KINDS.get(kind)
    if found is None:
        raise Http404("Нет такого документа.")
    if found.audience == "department" and not request.user.sees_all_organizations:
        raise PermissionDenied("Этот документ готовит управление образования.")
    extension = _extension(request, found.formats)
    year = None
    if found.needs_year:
        name = request.GET.get("year", "")
        year = SchoolYear.objects.filter(name=name).first() or latest_year_with_data()
        if year is None:
            raise Http404("Данных ещё нет.")
    org = _school(request)
    if found.needs_org and not org:
        raise Http404("Укажите организацию.")
    try:
        document = build(found, year=year, org_code=org, viewer=request.user)
    except ObjectDoesNotExist as error:  # an organisation the user may not see, or none
        raise Http404("Организация не найдена.") from error
    return _send(
        request,
        document,
        extension,
        found.filename(extension, year=year, org_code=org).rsplit(".", 1)[0],
        org,
        what=found.title,
    )


def _procedure(pk: int) -> Procedure:
    procedure = Procedure.objects.select_related("school_year").filter(pk=pk).first()
    if procedure is None:
        raise Http404("Процедура не найдена.")
    return procedure


def _extension(request: HttpRequest, allowed: tuple[str, ...]) -> str:
    extension = request.GET.get("format", allowed[0])
    if extension not in allowed:
        raise Http404("Неизвестный формат документа.")
    return extension


def _school(request: HttpRequest) -> str | None:
    """The organisation the document is about: a school user's own, whatever the address says."""
    user = request.user
    asked = request.GET.get("school") or request.GET.get("org") or None
    if user.sees_all_organizations:
        return asked
    own = user.organization.code if user.organization_id else None
    if own is None or (asked and asked != own):
        raise PermissionDenied("Документ доступен только по своей организации.")
    return own


def _send(
    request: HttpRequest, document: Document, extension: str, name: str, org: str | None, *, what: str
) -> HttpResponse:
    try:
        content = render(document, extension)
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    audit_export(
        actor=request.user,
        what=f"{what} ({extension.upper()})",
        rows=len(document.tables),
        details={"org": org or "МО", "data": document.data_version, "fingerprint": document.fingerprint},
    )
    return download(content, f"{name.replace(' ', '_')}.{extension}", FORMATS[extension])
