"""Use cases that write the registry: imports of organisations and teachers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl
from django.conf import settings

from msoko.core.imports import ImportRejected, ImportReport, read_checked
from msoko.core.imports.kinds import Prepared, Progress
from msoko.core.imports.run import run_import
from msoko.core.models import Batch, SchoolYear, User
from msoko.registry.importers import courses as course_format
from msoko.registry.importers import organizations as org_format
from msoko.registry.importers import teachers as teacher_format
from msoko.registry.models import SHARE_FIELDS, Municipality, Organization, Teacher, TeacherCourse
from msoko.registry.selectors import organization_code_map
from msoko.tabular.columns import Validated, problem_rows, validate
from msoko.tabular.problems import ROW, ImportProblem, TableRejected, problems_from_frame
from msoko.tabular.reading import read_table

DECIMAL_FIELDS = set(SHARE_FIELDS)


def _read(content: bytes, *, filename: str, fmt: Any) -> Validated:
    try:
        table = read_table(content, filename=filename, required=fmt.REQUIRED, sheet_names=fmt.SHEET_NAMES)
    except TableRejected as error:
        raise ImportRejected(error.problems) from error
    validated = validate(table, fmt.COLUMNS)
    if not validated.problems and validated.frame.is_empty():
        validated.problems.append(
            ImportProblem(table.header_row + 1, "", "", "в файле нет ни одной строки с данными")
        )
    return validated


def _as_stored(field: str, value: Any) -> Any:
    if value is None:
        return (
            None if field in DECIMAL_FIELDS or field in {"students_count", "age", "experience_years"} else ""
        )
    if field in DECIMAL_FIELDS:
        return Decimal(str(round(float(value), 2))).quantize(Decimal("0.01"))
    return value


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def _apply(obj: Any, values: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """Set changed fields on ``obj``; return «Поле: «было» → «стало»» for each change."""
    changes = []
    for field, value in values.items():
        old = getattr(obj, field)
        if old != value:
            changes.append(f"{labels[field]}: «{_shown(old)}» → «{_shown(value)}»")
            setattr(obj, field, value)
    return changes


def import_organizations(*, content: bytes, filename: str, actor: User | None) -> ImportReport:
    """Add new organisations and update known ones in place; all or nothing."""
    return run_import("organizations", content=content, filename=filename, params={}, actor=actor)


def read_organizations(
    content: bytes, *, filename: str, params: dict[str, Any], progress: Progress
) -> Prepared:
    validated = _read(content, filename=filename, fmt=org_format)
    duplicates = org_format.duplicate_codes(validated.frame, column="code", header="Код ОО", noun="код ОО")
    problems = validated.problems + problems_from_frame(duplicates)
    if problems:
        raise ImportRejected(sorted(problems), validated.notices)
    return Prepared(
        rows=validated.frame.height, organization_ids=frozenset(), data=validated, notices=validated.notices
    )


def store_organizations(
    prepared: Prepared, *, batch: None, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    validated: Validated = prepared.data
    frame, present = validated.frame, validated.present
    labels = {col.name: col.header for col in org_format.COLUMNS}
    fields = [col.name for col in org_format.COLUMNS if col.name in present and col.name != "code"]
    report = ImportReport(kind="organizations", filename="", rows=frame.height, notices=validated.notices)
    municipalities = _municipalities(
        frame["municipality"].unique().to_list() if "municipality" in present else [None]
    )
    code_map = organization_code_map()
    existing = Organization.objects.in_bulk(set(code_map.values()))
    to_create, to_update = [], []
    has_municipality = "municipality" in present
    for row in frame.iter_rows(named=True):
        values = {f: _as_stored(f, row[f]) for f in fields}
        org_id = code_map.get(row["code"])
        # a file without «Муниципалитет» keeps a known school's municipality; new ones get the default
        if has_municipality or org_id is None:
            values["municipality"] = municipalities[row.get("municipality") or settings.MSOKO_MUNICIPALITY]
        if "kind" in values and not values["kind"]:
            values["kind"] = "school"
        if org_id is None:
            to_create.append(Organization(code=row["code"], **values))
            continue
        org = existing[org_id]
        changes = _apply(org, values, {**labels, "municipality": "Муниципалитет"})
        if changes:
            to_update.append(org)
            report.changes.append(f"{org.code}: " + "; ".join(changes))
        else:
            report.unchanged += 1
    Organization.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Organization.objects.bulk_update(to_update, [*fields, "municipality"], batch_size=500)
    report.created, report.updated = len(to_create), len(to_update)
    return report


def _municipalities(names: list[str | None]) -> dict[str, Municipality]:
    wanted = {n or settings.MSOKO_MUNICIPALITY for n in names}
    found = {m.name: m for m in Municipality.objects.filter(name__in=wanted)}
    missing = [Municipality(name=n) for n in sorted(wanted - set(found))]
    for m in missing:
        m.save()
        found[m.name] = m
    return found


def import_teachers(
    *, content: bytes, filename: str, school_year: SchoolYear, actor: User | None
) -> ImportReport:
    """Add or update the teachers of one school year; mentors may be in the file or already loaded."""
    return run_import(
        "teachers", content=content, filename=filename, params={"year": school_year.name}, actor=actor
    )


def read_teachers(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    school_year = SchoolYear.named(params["year"])
    validated = _read(content, filename=filename, fmt=teacher_format)
    frame, extra = _check_teachers(validated.frame, school_year=school_year)
    problems = validated.problems + extra
    if problems:
        raise ImportRejected(sorted(problems), validated.notices)
    return Prepared(
        rows=frame.height,
        organization_ids=frozenset(frame.get_column("org_id").drop_nulls().unique().to_list()),
        data=(frame, validated.present),
        school_year=school_year,
        notices=validated.notices,
    )


def store_teachers(
    prepared: Prepared, *, batch: None, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    frame, present = prepared.data
    school_year = prepared.school_year
    labels = {col.name: col.header for col in teacher_format.COLUMNS} | {"organization_id": "Код ОО"}
    fields = [f for f in ("position", "subjects", "age", "experience_years", "category") if f in present]
    report = ImportReport(kind="teachers", filename="", rows=frame.height, notices=prepared.notices)
    by_code = {t.code: t for t in Teacher.objects.filter(school_year=school_year)}
    rows = list(frame.iter_rows(named=True))
    wanted = {row["code"]: _teacher_values(row, fields) for row in rows}
    # new teachers are inserted whole; only those with a mentor need a second, small update
    new = [
        Teacher(code=code, school_year=school_year, **values)
        for code, values in wanted.items()
        if code not in by_code
    ]
    Teacher.objects.bulk_create(new, batch_size=1000)
    new_codes = {t.code for t in new}
    by_code.update((t.code, t) for t in new)
    code_of = {t.pk: t.code for t in by_code.values()}
    changed, mentor_changed = [], []
    for row in rows:
        teacher = by_code[row["code"]]
        changes = [] if teacher.code in new_codes else _apply(teacher, wanted[teacher.code], labels)
        if "mentor_code" in present:
            mentor_id = by_code[row["mentor_code"]].pk if row["mentor_code"] else None
            if teacher.mentor_id != mentor_id:
                old = code_of.get(teacher.mentor_id)
                changes.append(f"Код наставника: «{_shown(old)}» → «{_shown(row['mentor_code'])}»")
                teacher.mentor_id = mentor_id
                mentor_changed.append(teacher)
        if teacher.code in new_codes:
            continue
        if changes:
            changed.append(teacher)
            report.changes.append(f"{teacher.code}: " + "; ".join(changes))
        else:
            report.unchanged += 1
    Teacher.objects.bulk_update(changed, [*fields, "organization_id"], batch_size=500)
    Teacher.objects.bulk_update(mentor_changed, ["mentor_id"], batch_size=500)
    report.created, report.updated = len(new), len(report.changes)
    return report


def _teacher_values(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    values = {f: _as_stored(f, row[f]) for f in fields}
    values["organization_id"] = row["org_id"]
    if values.get("subjects"):
        values["subjects"] = "; ".join(s.strip() for s in values["subjects"].split(";") if s.strip())
    return values


def _check_teachers(
    frame: pl.DataFrame, *, school_year: SchoolYear
) -> tuple[pl.DataFrame, list[ImportProblem]]:
    """Cross-row and registry checks: known organisation, unique code, a mentor who exists.

    They run even when some cells are invalid, so the user sees every problem at once.
    """
    codes = organization_code_map()
    frame = frame.with_columns(
        pl.col("org_code").replace_strict(codes, default=None, return_dtype=pl.Int64).alias("org_id")
    )
    if frame.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.Int64).alias("org_id")), []
    # a year not stored yet has no teachers (reading a file never creates the year)
    stored = Teacher.objects.filter(school_year=school_year) if school_year.pk else Teacher.objects.none()
    known = set(stored.values_list("code", flat=True))
    known_mentors = sorted(known | set(frame["code"].to_list()))
    first = pl.col(ROW).min().over("code")
    checks = [
        problem_rows(
            frame,
            pl.col("org_id").is_null() & pl.col("org_code").is_not_null(),
            column="Код ОО",
            value=pl.col("org_code"),
            message=pl.format("организация с кодом «{}» не найдена в реестре", pl.col("org_code")),
        ),
        problem_rows(
            frame,
            pl.col("code").is_not_null() & (pl.col(ROW) != first),
            column="Код педагога",
            value=pl.col("code"),
            message=pl.format(
                "код педагога «{}» повторяется: он уже указан в строке {}", pl.col("code"), first
            ),
        ),
        problem_rows(
            frame,
            pl.col("mentor_code") == pl.col("code"),
            column="Код наставника",
            value=pl.col("mentor_code"),
            message=pl.lit("педагог не может быть наставником самому себе"),
        ),
        problem_rows(
            frame,
            pl.col("mentor_code").is_not_null() & ~pl.col("mentor_code").is_in(known_mentors),
            column="Код наставника",
            value=pl.col("mentor_code"),
            message=pl.format(
                "наставник с кодом «{}» не найден среди педагогов этого года", pl.col("mentor_code")
            ),
        ),
        problem_rows(
            frame,
            pl.col("experience_years") > pl.col("age"),
            column="Педагогический стаж",
            value=pl.col("experience_years"),
            message=pl.format(
                "стаж {} лет больше возраста {} лет", pl.col("experience_years"), pl.col("age")
            ),
        ),
    ]
    return frame, problems_from_frame(pl.concat(checks))


def import_courses(*, content: bytes, filename: str, actor: User | None) -> ImportReport:
    """Add or update teachers' PD courses and diagnostics, keyed by teacher, kind, title and date.

    A record belongs to its teacher's organisation in the latest school year the teacher was
    reported for; a teacher must be in the registry (any year) first.
    """
    return run_import("courses", content=content, filename=filename, params={}, actor=actor)


def read_courses(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    # ordered by year, so the latest year's organisation wins
    teacher_orgs = dict(
        Teacher.objects.order_by("code", "school_year__start_year").values_list("code", "organization_id")
    )
    checked = read_checked(
        content,
        filename=filename,
        fmt=course_format,
        check=lambda rows, shown: course_format.check_courses(rows, teacher_orgs=teacher_orgs, shown=shown),
    )
    frame = checked.frame
    return Prepared(
        rows=frame.height,
        organization_ids=frozenset(frame.get_column("org_id").drop_nulls().unique().to_list()),
        data=frame,
        notices=checked.notices,
        title="Курсы и диагностики педагогов",
    )


def store_courses(
    prepared: Prepared, *, batch: Batch, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    frame: pl.DataFrame = prepared.data
    labels = {
        "organization_id": "Организация",
        "hours": "Часы",
        "result_percent": "Результат, %",
        "deficits": "Дефициты",
    }
    report = ImportReport(kind="courses", filename="", rows=frame.height, notices=prepared.notices)
    existing = {
        (t.teacher_code, t.kind, t.title, t.date): t
        for t in TeacherCourse.objects.filter(
            teacher_code__in=frame.get_column("teacher_code").unique().to_list()
        )
    }
    to_create, to_update = [], []
    for row in frame.iter_rows(named=True):
        key = tuple(row[k] for k in course_format.KEY)
        values = {
            "organization_id": row["org_id"],
            "hours": row["hours"],
            "result_percent": _percent(row["result_percent"]),
            "deficits": row["deficits"],
        }
        course = existing.get(key)
        if course is None:
            to_create.append(
                TeacherCourse(**dict(zip(course_format.KEY, key, strict=True)), **values, batch=batch)
            )
            continue
        changes = _apply(course, values, labels)
        if changes:
            course.batch = batch
            to_update.append(course)
            report.changes.append(f"{key[0]}, «{key[2]}», {key[3]:%d.%m.%Y}: " + "; ".join(changes))
        else:
            report.unchanged += 1
    TeacherCourse.objects.bulk_create(to_create, batch_size=1000)
    TeacherCourse.objects.bulk_update(to_update, [*labels, "batch"], batch_size=500)
    report.created, report.updated = len(to_create), len(to_update)
    return report


def _percent(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2))).quantize(Decimal("0.01"))
