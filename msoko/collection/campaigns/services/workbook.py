"""The form as an XLSX template in the `monitoring` format, and its upload back into the draft.

The template is a `monitoring` file (docs/formats.md#monitoring) with two columns for people
(the indicator's name and unit) and a hidden sheet «msoko» naming the campaign, so an upload
finds its campaign without asking. The upload is read by the `monitoring` format's own parser
and checks, then by the campaign's: the organisation's own form, the campaign's indicators and
year. Every problem is listed with its row and column; nothing is written unless all is well.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import polars as pl

from msoko.collection.campaigns.models import Campaign, Submission
from msoko.collection.campaigns.rules import CampaignRejected, campaign_indicator, form_codes
from msoko.collection.campaigns.services.filling import fill_submission
from msoko.core.imports import ImportRejected
from msoko.core.models import User, parse_school_year
from msoko.core.uploads import upload_size_problem
from msoko.indicators.catalogue import Unit
from msoko.indicators.importers import monitoring
from msoko.registry.selectors import organization_code_map
from msoko.tabular.columns import validate, written_headers
from msoko.tabular.problems import ROW, ImportProblem, TableRejected
from msoko.tabular.reading import read_table
from msoko.tabular.safe_cells import xlsx_row
from msoko.tabular.xlsx_guard import check_xlsx

MARK_SHEET = "msoko"
MARK_NAME = "msoko_campaign"
DATA_SHEET = "Мониторинг"
#: columns of the template for people only: the parser skips them, the upload says nothing of them
FOR_PEOPLE = ("Наименование показателя", "Единица")
HEADER = ("Код ОО", "Показатель", *FOR_PEOPLE, "Учебный год", "Значение", "Комментарий")
HEADER_ROW = 4


def template_workbook(submission: Submission) -> bytes:
    """The organisation's form as a filled-in template: its code, the indicators with their
    names and units, the year, and the draft's values and comments."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    campaign, org = submission.campaign, submission.organization
    values = {v.indicator_code: v for v in submission.values.all()}
    book = Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    ws.append(xlsx_row(ws, [f"Мониторинг «{campaign.title}», {campaign.school_year} учебный год"]))
    ws.append(
        xlsx_row(
            ws,
            [
                f"{org.display_name} (код {org.code}). Срок представления — {campaign.deadline:%d.%m.%Y}. "
                "Заполните «Значение» (проценты — от 0 до 100, численность — целое число, признак — "
                "да или нет) и при необходимости «Комментарий»; остальные столбцы не меняйте."
            ],
        )
    )
    ws.append([])
    ws.append(list(HEADER))
    ws["A1"].font = Font(bold=True, size=13)
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
    to_fill = PatternFill("solid", fgColor="FFF7D6")
    flags = DataValidation(type="list", formula1='"да,нет"', allow_blank=True)
    percents = DataValidation(
        type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
    )
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    for validation in (flags, percents, counts):
        validation.error = "Значение не подходит к единице показателя."
        ws.add_data_validation(validation)
    for code in form_codes(campaign.indicator_codes, org.kind):
        indicator = campaign_indicator(code)
        assert indicator is not None
        saved = values.get(code)
        shown = _cell_value(indicator.unit, saved.value if saved else None)
        ws.append(
            xlsx_row(
                ws,
                [
                    org.code,
                    code,
                    indicator.title,
                    str(indicator.unit),
                    campaign.school_year.name,
                    shown,
                    saved.comment if saved else "",
                ],
            )
        )
        cell = ws.cell(ws.max_row, 6)
        cell.fill = to_fill
        {Unit.FLAG: flags, Unit.PERCENT: percents, Unit.COUNT: counts}.get(indicator.unit, _NoCheck()).add(
            cell
        )
        ws.cell(ws.max_row, 7).fill = to_fill
    for letter, width in zip("ABCDEFG", (10, 36, 60, 8, 12, 12, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    mark = book.create_sheet(MARK_SHEET)
    mark.append(["campaign", campaign.pk])
    mark.append(["organization", org.code])
    mark.append(["school_year", campaign.school_year.name])
    mark.sheet_state = "hidden"
    book.defined_names[MARK_NAME] = DefinedName(MARK_NAME, attr_text=f"{MARK_SHEET}!$B$1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _NoCheck:
    def add(self, cell: object) -> None:
        return None


def _cell_value(unit: Unit, value: object) -> object:
    if value is None:
        return None
    if unit == Unit.FLAG:
        return "да" if value else "нет"
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def campaign_in_template(content: bytes) -> int | None:
    """The campaign id the template carries on its hidden sheet, or None (not our template)."""
    import openpyxl

    if content[:4] != b"PK\x03\x04":
        return None
    try:
        check_xlsx(content)
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # a damaged file (TableRejected and openpyxl's many): the parser says what
        return None
    try:
        if MARK_SHEET not in book.sheetnames:
            return None
        for key, value, *_ in book[MARK_SHEET].iter_rows(max_row=10, max_col=2, values_only=True):
            if key == "campaign":
                try:
                    return int(str(value).strip().removesuffix(".0"))
                except ValueError:
                    return None
        return None
    finally:
        book.close()


@dataclass
class Uploaded:
    submission: Submission
    values: int
    notices: list[str]


def upload_template(
    *,
    actor: User,
    content: bytes,
    filename: str,
    campaign: Campaign | None = None,
    today: dt.date | None = None,
) -> Uploaded:
    """Put a filled template into the organisation's draft. The campaign is the template's own;
    ``campaign`` (chosen on the page) serves a file made by hand. Raises :class:`ImportRejected`."""
    if problem := upload_size_problem(len(content)):
        raise ImportRejected([ImportProblem(0, "", filename, problem)])
    marked = campaign_in_template(content)
    if marked is not None:
        campaign = Campaign.objects.filter(pk=marked).select_related("school_year").first()
        if campaign is None:
            raise ImportRejected([ImportProblem(0, "", "", "кампания, из которой скачан шаблон, удалена")])
    if campaign is None:
        raise ImportRejected(
            [
                ImportProblem(
                    0,
                    "",
                    "",
                    "в файле нет отметки кампании (он сделан не из шаблона): выберите кампанию в списке "
                    "и загрузите файл снова",
                )
            ]
        )
    submission = (
        campaign.submissions.select_related("organization", "campaign")
        .filter(organization_id=actor.organization_id)
        .first()
    )
    if submission is None:
        raise ImportRejected(
            [ImportProblem(0, "", "", f"ваша организация не участвует в кампании «{campaign.title}»")]
        )
    frame, notices, shown = _read(content, filename, submission)
    values = dict(zip(frame.get_column("indicator"), frame.get_column("value"), strict=True))
    comments = None
    if "comment" in frame.columns and shown.get("comment_present"):
        comments = {
            code: comment or ""
            for code, comment in zip(frame.get_column("indicator"), frame.get_column("comment"), strict=True)
        }
    try:
        filled = fill_submission(
            actor=actor, submission=submission, values=values, comments=comments, today=today
        )
    except CampaignRejected as error:
        raise ImportRejected([ImportProblem(0, "", "", m) for m in error.problems.values()]) from error
    return Uploaded(submission=filled, values=len(values), notices=notices)


def _read(content: bytes, filename: str, submission: Submission) -> tuple[pl.DataFrame, list[str], dict]:
    try:
        table = read_table(
            content, filename=filename, required=monitoring.REQUIRED, sheet_names=monitoring.SHEET_NAMES
        )
    except TableRejected as error:
        raise ImportRejected(error.problems) from error
    shown = written_headers(table, monitoring.COLUMNS)
    # a template row left empty (no value, no comment) is not an answer: the draft keeps its own
    typed_cells = [shown[name] for name in ("value", "comment") if shown[name] in table.frame.columns]
    if typed_cells:
        table.frame = table.frame.filter(
            ~pl.all_horizontal(pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in typed_cells)
        )
    validated = validate(table, monitoring.COLUMNS)
    if validated.problems and not validated.present:
        raise ImportRejected(validated.problems)
    frame, problems = monitoring.check_values(
        validated.frame, org_codes=organization_code_map(), parse_year=parse_school_year, shown=shown
    )
    problems = validated.problems + problems + _campaign_problems(frame, submission, shown)
    if not problems and frame.is_empty():
        problems.append(
            ImportProblem(table.header_row + 1, shown["value"], "", "не заполнено ни одно значение")
        )
    if problems:
        raise ImportRejected(sorted(set(problems)))
    notices = [n for n in validated.notices if not any(f"«{h}»" in n for h in FOR_PEOPLE)]
    return frame, notices, {**shown, "comment_present": "comment" in validated.present}


def _campaign_problems(
    frame: pl.DataFrame, submission: Submission, shown: dict[str, str]
) -> list[ImportProblem]:
    """Rows the `monitoring` format accepts but this form does not: another organisation, an
    indicator outside the form, another school year."""
    campaign, org = submission.campaign, submission.organization
    codes = set(form_codes(campaign.indicator_codes, org.kind))
    problems = []
    for row in frame.iter_rows(named=True):
        if row["org_id"] is not None and row["org_id"] != org.pk:
            problems.append(
                ImportProblem(
                    row[ROW],
                    shown["org_code"],
                    row["org_code"],
                    f"ожидается код своей организации {org.code}, получено «{row['org_code']}»",
                )
            )
        if row["unit"] is not None and row["indicator"] not in codes:
            problems.append(
                ImportProblem(
                    row[ROW],
                    shown["indicator"],
                    row["indicator"],
                    f"показатель «{row['indicator']}» не входит в форму кампании «{campaign.title}»",
                )
            )
        if row["school_year"] is not None and row["school_year"] != campaign.school_year.name:
            problems.append(
                ImportProblem(
                    row[ROW],
                    shown["year_text"],
                    row["year_text"],
                    f"ожидается учебный год кампании {campaign.school_year}, получено «{row['year_text']}»",
                )
            )
    return problems
