"""Achievement analysis pages of a procedure: the municipality, a school, a class; and the
journal marks of a school year («Успеваемость и качество по журналу», ``marks_page``).

Each view checks the login, makes one selector call (``achievement.analysis_for``,
which reads the results once through the scoped ``results_frame``) and renders; with
``?format=xlsx&table=<name>`` it returns that table as an audited XLSX download instead.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from msoko.assessments.models import Procedure
from msoko.assessments.selectors import procedure_get
from msoko.core.permissions import login_required
from msoko.core.web import xlsx_download, year_in_request
from msoko.directions.achievement.analysis import analysis_for
from msoko.directions.achievement.cache import analysis_cache_key
from msoko.directions.achievement.marks_page import Filters, MarksPage, marks_page, marks_years
from msoko.directions.achievement.page import Analysis, NotVisible
from msoko.directions.achievement.templatetags import report_tables
from msoko.pipeline.pages import cached_page


@login_required
def procedure_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    return _respond(request, pk=pk, level="procedure")


@login_required
def school_analysis(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    return _respond(request, pk=pk, level="school", org_code=code)


@login_required
def class_analysis(request: HttpRequest, pk: int, code: str, class_name: str) -> HttpResponse:
    return _respond(request, pk=pk, level="class", org_code=code, class_name=class_name)


def _respond(request: HttpRequest, **scope: object) -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        return _xlsx(request, _analysis(request, scope), request.GET.get("table", ""))
    try:
        cached = page_entry(request.user, scope, request=request)
    except Procedure.DoesNotExist as error:
        raise Http404("Процедура или её описание работы не найдены.") from error
    except NotVisible as error:
        raise Http404("Результатов этой организации или класса нет или они вам недоступны.") from error
    if "rows" in request.GET:  # every row of a long table the page shows the start of
        rows = cached.get("rows", {}).get(request.GET["rows"])
        if rows is None:
            raise Http404("Такой таблицы на странице нет.")
        return HttpResponse(rows)
    procedure = procedure_get(cached["procedure_id"])
    context = {"body": mark_safe(cached["body"]), "head": cached["head"], "procedure": procedure}
    return render(request, "achievement/analysis.html", context)


def page_entry(viewer: Any, scope: dict[str, object], *, request: HttpRequest | None = None) -> dict:
    """The rendered body of a page for ``viewer``'s scope, from the cache or built and cached.

    The body depends only on the data, the scope and who may see what: it is rendered once per
    version of the data (the recompute warms the municipal pages, warm.py) and served from the
    cache until an import or a recompute. Raises what ``analysis_for`` raises.
    """
    key = analysis_cache_key(viewer=viewer, **scope)  # type: ignore[arg-type]
    build = partial(_render_entry, viewer, scope, request)
    return cached_page(key, build) if key else build()


def _render_entry(viewer: Any, scope: dict[str, object], request: HttpRequest | None) -> dict:
    analysis = analysis_for(viewer=viewer, **scope)  # type: ignore[arg-type]
    body = render_to_string(
        "achievement/_body.html",
        {"a": analysis, "procedure": analysis.procedure, "shown_rows": report_tables.SHOWN_ROWS},
        request=request,
    )
    head = {k: getattr(analysis, k) for k in ("level", "org_code", "org_name", "class_name")}
    # the rows a long table's «Показать все» fetches, rendered with the page
    rows = {
        table.name: report_tables.table_body(table, analysis.procedure.pk, analysis.org_code, whole=True)
        for section in analysis.sections
        for table in section.tables
        if report_tables.truncated(table)
    }
    return {"body": body, "head": head, "procedure_id": analysis.procedure.pk, "rows": rows}


def _analysis(request: HttpRequest, scope: dict[str, object]) -> Analysis:
    try:
        return analysis_for(viewer=request.user, **scope)  # type: ignore[arg-type]
    except Procedure.DoesNotExist as error:
        raise Http404("Процедура или её описание работы не найдены.") from error
    except NotVisible as error:
        raise Http404("Результатов этой организации или класса нет или они вам недоступны.") from error


def _xlsx(request: HttpRequest, analysis: Analysis, name: str) -> HttpResponse:
    table = analysis.table(name)
    if table is None:
        raise Http404("Такой таблицы на странице нет.")
    frame = table.export_frame()
    where = " ".join(str(part) for part in (analysis.org_code, analysis.class_name) if part)
    parts = [str(analysis.procedure.pk), analysis.org_code, analysis.class_name, name]
    return xlsx_download(
        frame,
        actor=request.user,
        sheet=table.title,
        filename="-".join(p for p in parts if p) + ".xlsx",
        what=f"{table.title}, {analysis.procedure}{', ' + where if where else ''}",
        details={"procedure": analysis.procedure.pk, "table": name, "org_code": analysis.org_code or ""},
    )


@login_required
def journal_marks(request: HttpRequest) -> HttpResponse:
    years = marks_years()
    year = year_in_request(request, years)
    context: dict[str, object] = {"year": year, "years": years}
    if year is not None:
        export = request.GET.get("format") == "xlsx"
        try:
            filters = Filters.from_query(request.GET)
            page = marks_page(viewer=request.user, school_year=year, filters=filters, schools_only=export)
        except NotVisible as error:
            raise Http404("Отметок этой школы нет или они вам недоступны.") from error
        if export:
            return _marks_xlsx(request, page)
        context["marks"] = page
    return render(request, "achievement/marks.html", context)


def _marks_xlsx(request: HttpRequest, page: MarksPage) -> HttpResponse:
    if page.schools.is_empty():
        raise Http404("Нет отметок для выгрузки.")
    table = page.schools_table()
    frame = table.export_frame()
    f = page.filters
    chosen = ", ".join(str(v) for v in (f.subject, f"{f.grade} кл." if f.grade else "", f.period) if v)
    return xlsx_download(
        frame,
        actor=request.user,
        sheet="По школам",
        filename=f"marks-{page.year.start_year}.xlsx",
        what=f"{table.title}{', ' + chosen if chosen else ''}",
        details={"year": page.year.name, "subject": f.subject, "grade": f.grade, "period": f.period},
    )
