"""Correcting a scheme by hand: task maxima, levels, skills and the mark scale, with an audit row."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from django.db import transaction

from msoko.assessments.models import TASK_MATRIX_KINDS, Level, Scheme, SchemeTask
from msoko.core.audit import record
from msoko.core.models import AuditAction, User

MARKS = (3, 4, 5)
MAX_TASK_SCORE = 100


class SchemeEditRejected(ValueError):
    """The correction breaks the scheme; ``messages`` says why, in Russian."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def scale_problems(scale: Mapping[int, int], *, max_score: int, required: bool) -> list[str]:
    """What is wrong with a scale «mark → lowest primary score» for a work of ``max_score`` points.

    The cuts must lie within 1..max_score and grow strictly from «3» to «5»; a task-matrix
    procedure (ВПР, НИКО, РКР, МОП) needs all three, other kinds may leave the scale empty.
    """
    problems = []
    missing = [f"«{mark}»" for mark in MARKS if mark not in scale]
    if missing and (required or len(missing) < len(MARKS)):
        problems.append(f"укажите наименьший первичный балл для отметок {', '.join(missing)}")
    for mark in sorted(scale):
        cut = scale[mark]
        if not 1 <= cut <= max_score:
            problems.append(
                f"наименьший балл для отметки «{mark}» должен быть от 1 до {max_score} "
                f"(максимального балла работы), получено {cut}"
            )
    for lower, higher in itertools.pairwise(sorted(scale)):
        if scale[higher] <= scale[lower]:
            problems.append(
                f"наименьший балл для отметки «{higher}» ({scale[higher]}) должен быть больше, "
                f"чем для отметки «{lower}» ({scale[lower]})"
            )
    return problems


def scale_required(scheme: Scheme) -> bool:
    """ВПР, НИКО, РКР and МОП turn every total into a mark, so their scale must be complete."""
    return scheme.procedure.kind in TASK_MATRIX_KINDS


def update_scheme(
    *, scheme: Scheme, tasks: Sequence[Mapping[str, object]], scale: Mapping[int, int], actor: User | None
) -> Scheme:
    """Change the maxima, levels and skills of a scheme's tasks and its scale, in one transaction.

    ``tasks`` holds one ``{"id", "max_score", "level", "skill"}`` per task of the scheme. Results
    already loaded keep the totals and marks computed when they were imported; the scheme is no
    longer the built-in one, so a later release cannot overwrite the correction.
    """
    with transaction.atomic():
        current = {task.pk: task for task in scheme.tasks.select_for_update().order_by("position")}
        given = {int(item["id"]): item for item in tasks}
        if set(given) != set(current):
            raise SchemeEditRejected(["список заданий изменился, откройте страницу правки заново"])
        problems = [
            f"задание {current[pk].label}: максимальный балл должен быть от 1 до {MAX_TASK_SCORE}"
            for pk, item in given.items()
            if not 1 <= int(item["max_score"]) <= MAX_TASK_SCORE
        ]
        problems += [
            f"задание {current[pk].label}: уровень должен быть Б, П или В"
            for pk, item in given.items()
            if item["level"] not in Level.values
        ]
        max_score = sum(int(item["max_score"]) for item in given.values())
        problems += scale_problems(scale, max_score=max_score, required=scale_required(scheme))
        if problems:
            raise SchemeEditRejected(problems)

        changes = []
        changed_tasks = []
        for pk, task in current.items():
            item = given[pk]
            new = (int(item["max_score"]), str(item["level"]), " ".join(str(item["skill"]).split()))
            old = (task.max_score, task.level, task.skill)
            if new == old:
                continue
            if new[0] != old[0]:
                changes.append(f"задание {task.label}: макс. балл {old[0]} → {new[0]}")
            if new[1] != old[1]:
                changes.append(f"задание {task.label}: уровень {old[1]} → {new[1]}")
            if new[2] != old[2]:
                changes.append(f"задание {task.label}: проверяемые требования")
            task.max_score, task.level, task.skill = new
            changed_tasks.append(task)
        SchemeTask.objects.bulk_update(changed_tasks, ["max_score", "level", "skill"])
        new_scale = {str(mark): int(scale[mark]) for mark in sorted(scale)}
        if new_scale != scheme.scale:
            changes.append(f"шкала {_scale_text(scheme.scale)} → {_scale_text(new_scale)}")
        scheme.scale = new_scale
        scheme.builtin = False
        scheme.save(update_fields=["scale", "builtin", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=(
                f"Изменено описание работы «{scheme.procedure}»: "
                + ("; ".join(changes) if changes else "без изменений")
            ),
            obj=scheme,
            details={"changes": changes},
        )
    return scheme


def _scale_text(scale: Mapping[str, int]) -> str:
    if not scale:
        return "не задана"
    return ", ".join(f"«{mark}» от {cut}" for mark, cut in sorted(scale.items()))
