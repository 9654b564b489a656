"""What a campaign accepts, in one place: the web form shows these messages next to its fields,
the services refuse the same cases, and the XLSX template is checked by the `monitoring`
format's own rules (msoko/indicators/importers/monitoring.py), which these repeat for one cell."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from msoko.collection.campaigns.models import OPEN_STATES, State
from msoko.core.models import Role
from msoko.core.uploads import MB, megabytes
from msoko.indicators.catalogue import CATALOGUE, Indicator, Level, Source, Unit
from msoko.indicators.importers.monitoring import MAX_COMMENT, MAX_VALUE
from msoko.registry.models import OrganizationKind

#: evidence of a checklist item: a scan, a photo, a document or a table
ALLOWED_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
#: a scan of an act or a screenshot of a page, not an archive of the site
MAX_FILE_BYTES = 10 * MB
SIGNATURES = {
    "pdf": (b"%PDF",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
YES_NO = {"да": Decimal(1), "нет": Decimal(0)}
#: which organisations an indicator of each level is asked of
LEVEL_KINDS = {
    Level.SCHOOL: OrganizationKind.SCHOOL,
    Level.PRESCHOOL: OrganizationKind.PRESCHOOL,
    Level.ADDITIONAL: OrganizationKind.ADDITIONAL,
}


class CampaignRejected(ValueError):
    """A write that breaks a rule of campaigns; the message is for the user, in Russian."""

    def __init__(self, problems: dict[str, str] | str) -> None:
        self.problems = problems if isinstance(problems, dict) else {"": problems}
        super().__init__("; ".join(self.problems.values()))


def monitoring_indicators() -> list[Indicator]:
    """The indicators a campaign may ask for: those schools report themselves."""
    return [i for i in CATALOGUE if i.source == Source.MONITORING]


def campaign_indicator(code: str) -> Indicator | None:
    found = CATALOGUE.get(code)
    return found if found is not None and found.source == Source.MONITORING else None


def form_codes(codes: Iterable[str], kind: str) -> list[str]:
    """The campaign's indicators one organisation reports: those of its level (ОО, ДОО, УДО)."""
    found = []
    for code in codes:
        indicator = campaign_indicator(code)
        if indicator is not None and LEVEL_KINDS.get(indicator.level) == kind:
            found.append(code)
    return found


def parse_value(indicator: Indicator, text: str) -> tuple[Decimal | None, str | None]:
    """The typed value of a cell, or the problem in the words of the `monitoring` format.

    Blank is «not filled yet» (None, no problem): a draft may have gaps, sending may not.
    """
    raw = (text or "").strip()
    if not raw:
        return None, None
    if raw.lower() in YES_NO:
        number: Decimal | None = YES_NO[raw.lower()]
    else:
        try:
            number = Decimal(re.sub(r"\s+", "", raw).replace(",", "."))
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite() or abs(number) > MAX_VALUE:
        return None, f"ожидается число, получено «{raw}»"
    return number, unit_problem(indicator.unit, number, raw)


def unit_problem(unit: Unit, number: Decimal, shown: str) -> str | None:
    if unit == Unit.PERCENT and not 0 <= number <= 100:
        return f"ожидается процент от 0 до 100, получено «{shown}»"
    if unit == Unit.FLAG and number not in (0, 1):
        return f"ожидается «да» или «нет», получено «{shown}»"
    if unit == Unit.COUNT and (number < 0 or number != number.to_integral_value()):
        return f"ожидается целое число не меньше 0, получено «{shown}»"
    return None


def comment_problem(text: str) -> str | None:
    if len(text) > MAX_COMMENT:
        return f"комментарий длиннее {MAX_COMMENT} символов"
    return None


def file_problem(*, name: str, size: int, head: bytes) -> str | None:
    """Why an evidence file is refused, or None. ``head`` is the file's first bytes."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        return f"Ожидается файл {', '.join(ALLOWED_EXTENSIONS)}, загружен «{name}»."
    if size > MAX_FILE_BYTES:
        return (
            f"Файл подтверждения может занимать не больше {megabytes(MAX_FILE_BYTES)}, "
            f"а «{name}» — {megabytes(size)}."
        )
    if not head.startswith(SIGNATURES[extension]):
        return f"Файл «{name}» не является файлом {extension.upper()}: он повреждён или переименован."
    return None


def period_problems(*, starts_on: dt.date, ends_on: dt.date, deadline: dt.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if ends_on < starts_on:
        problems["ends_on"] = "Окончание кампании раньше её начала."
    elif not starts_on <= deadline <= ends_on:
        problems["deadline"] = "Срок представления должен быть внутри периода кампании."
    return problems


def manages_campaigns(user: Any) -> bool:
    """The department: creates campaigns, accepts and returns forms, sends reminders."""
    return bool(user.is_authenticated and user.is_active and user.can_manage_registry)


def sees_campaigns(user: Any) -> bool:
    """Everyone who sees every organisation reads the campaigns' progress (methodologists too)."""
    return bool(user.is_authenticated and user.is_active and user.sees_all_organizations)


def fills_forms(user: Any) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.role == Role.SCHOOL and user.organization_id
    )


def checklist_score(answers: list[bool | None], *, items: int) -> Decimal | None:
    """Share of the checklist's items answered «да», % with two decimals; None without items.

    An item left unanswered counts as not met: the share is over all ``items`` of the checklist,
    not over the answered ones (docs/methodology.md#monitoring-campaigns).
    """
    if items == 0:
        return None
    met = sum(1 for answer in answers if answer is True)
    return (Decimal(100) * met / items).quantize(Decimal("0.01"))


def edit_problem(submission: Any, *, user: Any, today: dt.date) -> str | None:
    """Why ``user`` may not change the form now, or None: only the organisation itself, only
    while the form is open (not sent or accepted) and the campaign is running."""
    if not fills_forms(user) or user.organization_id != submission.organization_id:
        return "Форму заполняет только сама организация."
    if submission.state == State.SUBMITTED:
        return "Форма отправлена в отдел образования: изменить её можно, только если её вернут на доработку."
    if submission.state not in OPEN_STATES:
        return "Форма принята отделом образования: изменить её нельзя."
    campaign = submission.campaign
    if today < campaign.starts_on:
        return f"Кампания начнётся {campaign.starts_on:%d.%m.%Y}."
    if today > campaign.ends_on:
        return f"Кампания завершилась {campaign.ends_on:%d.%m.%Y}: форма закрыта."
    return None
