"""Load the generated demo municipality into the database, in bulk and in one transaction."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from msoko.collection.campaigns.models import Campaign
from msoko.collection.surveys.models import Participant, Response, Survey
from msoko.core.audit import record
from msoko.core.models import AuditAction, ImportRecord, Role, SchoolYear, User
from msoko.cycle.models import Measure
from msoko.demo import names
from msoko.demo.collection import load_collection
from msoko.demo.cycle import load_cycle
from msoko.demo.generator import SCHOOL_YEARS, DemoWorld, generate_world
from msoko.demo.registers import load_registers
from msoko.directions.methodical.models import Association
from msoko.pipeline.runs import recompute_now
from msoko.pipeline.tasks import suspended_recompute
from msoko.registry.models import ClassGroup, Enrollment, Municipality, Organization, Student, Teacher

DEMO_PASSWORD = "msoko-demo"


@dataclass(frozen=True)
class DemoLogin:
    login: str
    role: Role
    org_code: str | None = None


DEMO_LOGINS = (
    DemoLogin("admin", Role.ADMIN),
    DemoLogin("specialist", Role.SPECIALIST),
    DemoLogin("metodist", Role.METHODOLOGIST),
    DemoLogin("school1", Role.SCHOOL, "0101"),
    DemoLogin("school2", Role.SCHOOL, "0120"),
)


@dataclass
class DemoResult:
    seed: int
    counts: dict[str, int]
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # login, role title, organisation

    def lines(self) -> list[str]:
        out = [
            f"Демо-муниципалитет «{names.MUNICIPALITY}» загружен (seed {self.seed}): "
            + ", ".join(f"{k} {v}" for k, v in self.counts.items())
            + ".",
            f"Входы (пароль у всех: {DEMO_PASSWORD}):",
        ]
        out += [f"  {login:<12} {role}{' — ' + org if org else ''}" for login, role, org in self.logins]
        return out


def load_demo(
    *, seed: int = 2025, progress: Callable[[str], None] = lambda step: None, results: bool = True
) -> DemoResult:
    """Replace the demo municipality (and the demo users) with the world of this seed.

    ``results=False`` loads the registry only (tests of the registry need no procedures).
    """
    progress("генерация муниципалитета")
    world = generate_world(seed)
    with transaction.atomic():
        progress("удаление прежних демо-данных")
        _remove_previous_demo()
        progress("организации и классы")
        years = {name: SchoolYear.get_by_name(name) for name in SCHOOL_YEARS}
        orgs = _organizations(world)
        classes = _classes(world, orgs, years)
        progress("обучающиеся и зачисления")
        students = _students(world, orgs)
        Enrollment.objects.bulk_create(
            (
                Enrollment(
                    student_id=students[row["student_code"]],
                    school_year=years[row["school_year"]],
                    class_group_id=classes[
                        (row["school_year"], row["org_code"], row["grade"], row["letter"])
                    ],
                )
                for row in world.enrollments.iter_rows(named=True)
            ),
            batch_size=2000,
        )
        progress("педагоги и наставники")
        _teachers(world, orgs, years)
        progress("методические объединения и лучшие практики")
        registers = load_registers(years)
        progress("пользователи")
        logins = _users(orgs)
        progress("описания работ и результаты ВПР")
        results_loaded = _results(world, seed=seed, progress=progress) if results else {}
        if results:
            progress("мониторинговые кампании и анкетирование")
            with suspended_recompute():
                results_loaded |= load_collection(
                    seed=seed, specialist=User.objects.get(username="specialist")
                )
            progress("показатели")
            recompute_now(school_year=None, reason="загрузка демо-данных")
            progress("управленческий цикл и дорожные карты")
            results_loaded |= load_cycle(specialist=User.objects.get(username="specialist"))
        counts = {
            "организаций": len(orgs),
            "классов": len(classes),
            "обучающихся": len(students),
            "педагогов (за 3 года)": world.teachers.height,
            **registers,
            **results_loaded,
        }
        record(
            actor=None,
            actor_name="msoko demo",
            action=AuditAction.DEMO_LOADED,
            summary=f"Загружен демо-муниципалитет (seed {seed})",
            details={"seed": seed, **counts},
        )
    return DemoResult(seed=seed, counts=counts, logins=logins)


def _remove_previous_demo() -> None:
    demo_orgs = Organization.objects.filter(municipality__is_demo=True)
    User.objects.filter(organization__in=demo_orgs).delete()
    User.objects.filter(username__in=[d.login for d in DEMO_LOGINS]).delete()
    Teacher.objects.filter(organization__in=demo_orgs).update(mentor=None)
    # the demo's РМО belong to no organisation: they go with the demo teachers who lead them
    Association.objects.filter(organization=None, leader__organization__in=demo_orgs).delete()
    # anonymous answers keep their organisation (protected): they go first, then what is left empty
    Response.objects.filter(organization__in=demo_orgs).delete()
    Participant.objects.filter(organization__in=demo_orgs).delete()
    Survey.objects.filter(participants__isnull=True).delete()
    Campaign.objects.filter(submissions__organization__in=demo_orgs).delete()
    Measure.objects.filter(organizations__in=demo_orgs).delete()
    demo_orgs.delete()
    Municipality.objects.filter(is_demo=True).delete()


def _organizations(world: DemoWorld) -> dict[str, int]:
    municipality = Municipality.objects.create(name=names.MUNICIPALITY, is_demo=True)
    fields = [
        "code",
        "name",
        "short_name",
        "kind",
        "locality",
        "students_count",
        "low_income_share",
        "higher_education_parents_share",
        "sen_share",
        "non_native_russian_share",
    ]
    created = Organization.objects.bulk_create(
        Organization(municipality=municipality, **{f: row[f] for f in fields})
        for row in world.organizations.iter_rows(named=True)
    )
    return {org.code: org.pk for org in created}


def _classes(world: DemoWorld, orgs: dict[str, int], years: dict[str, SchoolYear]) -> dict[tuple, int]:
    rows = list(world.classes.iter_rows())
    created = ClassGroup.objects.bulk_create(
        (
            ClassGroup(organization_id=orgs[org], school_year=years[year], grade=grade, letter=letter)
            for year, org, grade, letter in rows
        ),
        batch_size=1000,
    )
    return {key: c.pk for key, c in zip(rows, created, strict=True)}


def _students(world: DemoWorld, orgs: dict[str, int]) -> dict[str, int]:
    created = Student.objects.bulk_create(
        (
            Student(
                code=row["code"],
                organization_id=orgs[row["org_code"]],
                sex=row["sex"],
                has_sen=row["has_sen"],
            )
            for row in world.students.iter_rows(named=True)
        ),
        batch_size=2000,
    )
    return {s.code: s.pk for s in created}


def _teachers(world: DemoWorld, orgs: dict[str, int], years: dict[str, SchoolYear]) -> None:
    fields = ["position", "subjects", "age", "experience_years", "category"]
    rows = list(world.teachers.iter_rows(named=True))
    created = Teacher.objects.bulk_create(
        (
            Teacher(
                code=row["code"],
                school_year=years[row["school_year"]],
                organization_id=orgs[row["org_code"]],
                **{f: row[f] for f in fields},
            )
            for row in rows
        ),
        batch_size=1000,
    )
    by_key = {(row["school_year"], row["code"]): t for row, t in zip(rows, created, strict=True)}
    mentored = []
    for row, teacher in zip(rows, created, strict=True):
        if row["mentor_code"]:
            teacher.mentor_id = by_key[(row["school_year"], row["mentor_code"])].pk
            mentored.append(teacher)
    Teacher.objects.bulk_update(mentored, ["mentor"], batch_size=1000)


def _users(orgs: dict[str, int]) -> list[tuple[str, str, str]]:
    logins = []
    names_by_code = dict(Organization.objects.filter(pk__in=orgs.values()).values_list("code", "short_name"))
    for demo in DEMO_LOGINS:
        user = User(
            username=demo.login,
            role=demo.role,
            organization_id=orgs[demo.org_code] if demo.org_code else None,
            is_staff=demo.role == Role.ADMIN,
            is_superuser=demo.role == Role.ADMIN,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        org = f"{names_by_code[demo.org_code]} (код {demo.org_code})" if demo.org_code else ""
        logins.append((demo.login, demo.role.label, org))
    return logins


def _results(world: DemoWorld, *, seed: int, progress: Callable[[str], None]) -> dict[str, int]:
    """Schemes, then every generated file through the real importers, as a specialist would load it;
    the indicators are computed once at the end instead of after every file."""
    with suspended_recompute():
        return _load_results(world, seed=seed, progress=progress)


def _load_results(world: DemoWorld, *, seed: int, progress: Callable[[str], None]) -> dict[str, int]:
    from msoko.assessments.services import (
        ProcedureKey,
        import_gia,
        import_marks,
        import_olympiad,
        import_results,
        save_scheme,
    )
    from msoko.demo.results import WorkSpec, generate_results
    from msoko.demo.schemes import demo_schemes
    from msoko.registry.services import import_courses

    specs = demo_schemes()
    for spec in specs:
        save_scheme(spec, builtin=False)
    works = [
        WorkSpec(
            procedure=spec.procedure,
            subject=spec.subject,
            grade=spec.grade or 0,
            school_year=spec.year,
            task_labels=spec.labels,
            task_max=tuple(t.max_score for t in spec.tasks),
            task_levels=tuple(t.level for t in spec.tasks),
            scale=dict(spec.scale),
        )
        for spec in specs
    ]
    generated = generate_results(world, works, seed=seed)
    participants = 0
    for work, frame in generated.vpr.items():
        if frame.is_empty():
            continue
        key = ProcedureKey(work.procedure, work.subject, work.grade, work.school_year)
        import_results(
            content=_csv(frame), filename=f"demo-vpr-{work.subject}-{work.grade}.csv", key=key, actor=None
        )
        participants += frame.height
    progress("ГИА, журнал, олимпиада, курсы")
    counts = {
        "результатов ВПР": participants,
        "результатов ГИА": 0,
        "отметок журнала": 0,
        "участий в ВсОШ": 0,
    }
    for year_name in SCHOOL_YEARS:
        year = SchoolYear.get_by_name(year_name)
        for title, frames, load in (
            ("результатов ГИА", generated.gia, import_gia),
            ("отметок журнала", generated.marks, import_marks),
            ("участий в ВсОШ", generated.olympiad, import_olympiad),
        ):
            frame = frames.get(year_name)
            if frame is not None and not frame.is_empty():
                name = f"demo-{title.split()[-1]}-{year_name.replace('/', '-')}.csv"
                load(content=_csv(frame), filename=name, school_year=year, actor=None)
                counts[title] += frame.height
    if not generated.courses.is_empty():
        import_courses(content=_csv(generated.courses), filename="demo-courses.csv", actor=None)
        counts["курсов и диагностик педагогов"] = generated.courses.height
    return counts


def _csv(frame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(buffer, separator=";")
    return buffer.getvalue()


def data_present() -> str:
    """What the database already holds, in words («организаций: 35, загрузок: 12»); "" if empty."""
    counts = {
        "организаций": Organization.objects.count(),
        "загрузок": ImportRecord.objects.count(),
    }
    return ", ".join(f"{name}: {n}" for name, n in counts.items() if n)


def demo_allowed() -> bool:
    """The demo replaces demo users; production deployments must opt in explicitly."""
    return not settings.PRODUCTION
