"""What the organisation does with its form: save a value or a checklist answer as it goes
(a draft), fill many at once (an upload, the demo), send it to the department."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from msoko.collection.campaigns.models import (
    ChecklistAnswer,
    ChecklistItem,
    FormValue,
    State,
    Submission,
)
from msoko.collection.campaigns.rules import (
    CampaignRejected,
    campaign_indicator,
    checklist_score,
    comment_problem,
    edit_problem,
    file_problem,
    form_codes,
    parse_value,
)
from msoko.core.audit import record
from msoko.core.models import AuditAction, User

_URL = URLValidator(schemes=["http", "https"])


def locked(submission: Submission) -> Submission:
    """The form re-read under a row lock, inside the caller's transaction: two tabs of one school
    (or a school and the department) never both pass the state check."""
    return (
        Submission.objects.select_for_update()
        .select_related("campaign", "organization")
        .get(pk=submission.pk)
    )


def editable(submission: Submission, *, actor: User, today: dt.date | None) -> Submission:
    current = locked(submission)
    problem = edit_problem(current, user=actor, today=today or timezone.localdate())
    if problem:
        raise CampaignRejected(problem)
    return current


def touch(submission: Submission) -> None:
    """A change by the organisation: a form not started becomes a draft (a returned one stays
    returned until it is sent again, so the department sees it is being reworked)."""
    if submission.state == State.NOT_STARTED:
        submission.state = State.DRAFT
    submission.updated_at = timezone.now()
    submission.save(update_fields=["state", "updated_at"])


def _shown(number: Decimal | None) -> str:
    return "пусто" if number is None else format(number.normalize(), "f").replace(".", ",")


def save_value(
    *,
    actor: User,
    submission: Submission,
    code: str,
    text: str,
    comment: str = "",
    today: dt.date | None = None,
) -> FormValue:
    """Keep one value of the draft (blank clears it) with its comment; a bad value is refused
    with the message of the `monitoring` format and nothing is saved."""
    problems = _value_problems(submission, code, text, comment)
    indicator = campaign_indicator(code)
    number = parse_value(indicator, text)[0] if indicator is not None and not problems else None
    with transaction.atomic():
        current = editable(submission, actor=actor, today=today)
        if problems:
            raise CampaignRejected(problems)
        row, _ = FormValue.objects.update_or_create(
            submission=current, indicator_code=code, defaults={"value": number, "comment": comment.strip()}
        )
        touch(current)
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"Форма «{current.campaign.title}», {current.organization.code}: "
            f"{code} = {_shown(number)}",
            obj=current,
            details={"indicator": code, "value": None if number is None else str(number)},
        )
    submission.state = current.state
    return row


def _value_problems(submission: Submission, code: str, text: str, comment: str) -> dict[str, str]:
    if code not in form_codes(submission.campaign.indicator_codes, submission.organization.kind):
        return {"value": f"Показателя «{code}» нет в этой форме."}
    indicator = campaign_indicator(code)
    assert indicator is not None
    problems: dict[str, str] = {}
    _, value_problem = parse_value(indicator, text)
    if value_problem:
        problems["value"] = value_problem[0].upper() + value_problem[1:] + "."
    if problem := comment_problem(comment):
        problems["comment"] = problem[0].upper() + problem[1:] + "."
    return problems


def fill_submission(
    *,
    actor: User,
    submission: Submission,
    values: Mapping[str, Any],
    comments: Mapping[str, str] | None = None,
    today: dt.date | None = None,
) -> Submission:
    """Many values at once, all or nothing (the template upload, the demo): ``values`` maps a code
    to a number, «да»/«нет», True/False or None (left blank)."""
    comments = comments or {}
    texts = {code: _text(value) for code, value in values.items()}
    problems = {
        f"{code}: {field}": message
        for code in texts
        for field, message in _value_problems(submission, code, texts[code], comments.get(code, "")).items()
    }
    with transaction.atomic():
        current = editable(submission, actor=actor, today=today)
        if problems:
            raise CampaignRejected(problems)
        existing = {v.indicator_code: v for v in current.values.all()}
        for code, text in texts.items():
            indicator = campaign_indicator(code)
            assert indicator is not None
            number, _ = parse_value(indicator, text)
            row = existing.get(code) or FormValue(submission=current, indicator_code=code)
            row.value, row.comment = number, comments.get(code, row.comment).strip()
            row.save()
        touch(current)
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"Форма «{current.campaign.title}», {current.organization.code}: "
            f"заполнено значений {len(texts)}",
            obj=current,
            details={"values": {code: texts[code] for code in sorted(texts)}},
        )
    return current


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    return str(value)


def save_answer(
    *,
    actor: User,
    submission: Submission,
    item: ChecklistItem,
    answer: bool | None,
    link: str = "",
    comment: str = "",
    file: UploadedFile | None = None,
    remove_file: bool = False,
    today: dt.date | None = None,
) -> ChecklistAnswer:
    """Keep the answer on one checklist item with its evidence; a new file replaces the old."""
    link = link.strip()
    problems: dict[str, str] = {}
    if submission.campaign.checklist_id is None or item.checklist_id != submission.campaign.checklist_id:
        raise CampaignRejected("Этого пункта нет в чек-листе формы.")
    if link:
        try:
            _URL(link)
        except ValidationError:
            problems["link"] = f"Ожидается ссылка, начинающаяся с http:// или https://, получено «{link}»."
    if file is not None:
        head = file.read(8)
        file.seek(0)
        if problem := file_problem(name=file.name or "", size=file.size or 0, head=head):
            problems["file"] = problem
    if problem := comment_problem(comment):
        problems["comment"] = problem[0].upper() + problem[1:] + "."
    with transaction.atomic():
        current = editable(submission, actor=actor, today=today)
        if problems:
            raise CampaignRejected(problems)
        row, _ = ChecklistAnswer.objects.get_or_create(submission=current, item=item)
        row.answer, row.link, row.comment = answer, link, comment.strip()
        if (file is not None or remove_file) and row.file:
            old = row.file.name
            transaction.on_commit(lambda: row.file.storage.delete(old))
            row.file = ""
        if file is not None:
            row.file.save(file.name, file, save=False)
        row.save()
        touch(current)
        said = {True: "да", False: "нет", None: "не отмечено"}[answer]
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"Чек-лист «{current.campaign.title}», {current.organization.code}: "
            f"пункт {item.number} — {said}",
            obj=current,
            details={"item": item.number, "answer": answer, "link": link, "file": row.file_name},
        )
    submission.state = current.state
    return row


def fill_checklist(
    *,
    actor: User,
    submission: Submission,
    answers: Mapping[int, bool],
    links: Mapping[int, str] | None = None,
    comments: Mapping[int, str] | None = None,
    today: dt.date | None = None,
) -> Submission:
    """Answers by item number (the demo): {1: True, 2: False, …}, with links as evidence."""
    items = {i.number: i for i in ChecklistItem.objects.filter(checklist_id=submission.campaign.checklist_id)}
    unknown = sorted(set(answers) - set(items))
    if unknown:
        raise CampaignRejected(f"В чек-листе нет пунктов {', '.join(map(str, unknown))}.")
    with transaction.atomic():
        for number, answer in sorted(answers.items()):
            save_answer(
                actor=actor,
                submission=submission,
                item=items[number],
                answer=answer,
                link=(links or {}).get(number, ""),
                comment=(comments or {}).get(number, ""),
                today=today,
            )
    submission.refresh_from_db()
    return submission


def submission_problems(submission: Submission) -> dict[str, str]:
    """What keeps the form from being sent: an empty value, an unanswered item, a «да» with no
    evidence. Keys are indicator codes and «item-N»."""
    problems: dict[str, str] = {}
    values = {v.indicator_code: v for v in submission.values.all()}
    for code in form_codes(submission.campaign.indicator_codes, submission.organization.kind):
        if values.get(code) is None or values[code].value is None:
            indicator = campaign_indicator(code)
            title = indicator.title if indicator else code
            problems[code] = f"Не заполнено значение «{title}»."
    if submission.campaign.checklist_id:
        answers = {a.item_id: a for a in submission.answers.all()}
        for item in submission.campaign.checklist.items.all():
            found = answers.get(item.pk)
            if found is None or found.answer is None:
                problems[f"item-{item.number}"] = f"Пункт {item.number}: не отмечено «да» или «нет»."
            elif found.answer and not found.has_evidence:
                problems[f"item-{item.number}"] = (
                    f"Пункт {item.number}: для ответа «да» нужна ссылка или файл подтверждения."
                )
    return problems


def submit_submission(*, actor: User, submission: Submission, today: dt.date | None = None) -> Submission:
    """Send the form to the department: every value filled, every item answered. The checklist
    score is fixed at this moment (the department accepts what it saw)."""
    with transaction.atomic():
        current = editable(submission, actor=actor, today=today)
        problems = submission_problems(current)
        if problems:
            raise CampaignRejected(problems)
        if current.campaign.checklist_id:
            answers = [a.answer for a in current.answers.all()]
            current.score = checklist_score(answers, items=current.campaign.checklist.items.count())
        was = current.get_state_display()
        current.state = State.SUBMITTED
        current.submitted_at = current.updated_at = timezone.now()
        current.submitted_by = actor
        current.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"Форма «{current.campaign.title}», {current.organization.code} отправлена "
            f"в отдел образования (было: {was})",
            obj=current,
            details={
                "state": State.SUBMITTED,
                "score": None if current.score is None else str(current.score),
            },
        )
    return current
