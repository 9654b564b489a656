"""The demo's direction 8 registers, entered through the registers' own services as the
department and the schools would: РМО of the main subjects and ШМО of the larger schools in
every demo year, each with its leader, members and yearly plan (the past months done), and a
few best practices, most of them approved.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from msoko.core.models import SchoolYear
from msoko.directions.methodical import services
from msoko.directions.methodical.models import Level, PracticeStatus
from msoko.registry.models import Organization, Teacher

RMO_SUBJECTS = ("Начальные классы", "Русский язык", "Математика", "Физика", "История", "Английский язык")
SHMO_SCHOOLS = 4  # the largest schools keep ШМО of their own
SHMO_SUBJECTS = ("Начальные классы", "Математика", "Русский язык")
PLAN = (  # month, topic, form
    (9, "Анализ результатов ГИА и ВПР прошлого учебного года, утверждение плана работы", "meeting"),
    (11, "Формирующее оценивание на уроке: приёмы и инструменты", "seminar"),
    (1, "Открытый урок: задания на функциональную грамотность", "open_lesson"),
    (3, "Подготовка к ВПР: типичные ошибки и их профилактика", "round_table"),
    (5, "Итоги года: что изменилось в результатах обучающихся", "meeting"),
)
PRACTICES = (  # title, theme, subject, status
    (
        "Система подготовки к ВПР по математике в 5–6 классах",
        "подготовка к оценочным процедурам",
        "Математика",
        "approved",
    ),
    ("Читательская грамотность на уроках истории", "функциональная грамотность", "История", "approved"),
    ("Наставничество «учитель — учитель» в малокомплектной школе", "наставничество", "", "approved"),
    (
        "Формирующее оценивание в начальной школе: листы самооценки",
        "оценивание",
        "Начальные классы",
        "approved",
    ),
    ("Проектная неделя по физике с местным предприятием", "профориентация", "Физика", "pending"),
    ("Единый день открытых уроков для молодых педагогов", "методическая работа", "", "rejected"),
)
_PDF = b"%PDF-1.4\n% demo practice\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def load_registers(years: dict[str, SchoolYear]) -> dict[str, int]:
    """Associations of every year and practices of the latest; the counts for the demo summary."""
    associations = 0
    for year in years.values():
        teachers = list(
            Teacher.objects.filter(school_year=year).select_related("organization").order_by("code")
        )
        for subject in RMO_SUBJECTS:
            members = [t for t in teachers if subject in t.subject_list][:25]
            associations += _association(year, subject, members, organization=None)
        for school in _largest_schools():
            own = [t for t in teachers if t.organization_id == school.pk]
            for subject in SHMO_SUBJECTS:
                members = [t for t in own if subject in t.subject_list]
                if len(members) >= 2:
                    associations += _association(year, subject, members, organization=school)
    latest = max(years.values(), key=lambda y: y.start_year)
    return {"методических объединений": associations, "лучших практик": _practices(latest)}


def _largest_schools() -> list[Organization]:
    schools = Organization.objects.filter(kind="school", municipality__is_demo=True)
    return list(schools.order_by("-students_count", "code")[:SHMO_SCHOOLS])


def _association(year: SchoolYear, subject: str, members: list[Teacher], *, organization) -> int:
    if not members:
        return 0
    leader = max(
        members, key=lambda t: ({"highest": 2, "first": 1}.get(t.category, 0), t.experience_years or 0)
    )
    today = timezone.localdate()
    plan = []
    for month, topic, form in PLAN:
        held = dt.date(year.start_year + (month < 9), month, 15)
        plan.append(services.PlanEntry(topic=topic, form=form, date=held, done=held < today))
    level = Level.SCHOOL if organization else Level.MUNICIPAL
    where = f" {organization.short_name or organization.name}" if organization else " района"
    services.create_association(
        actor=None,
        level=level,
        name=f"{'ШМО' if organization else 'РМО'} учителей ({subject.lower()}){where}",
        subject=subject,
        school_year=year,
        organization=organization,
        leader=leader,
        members=members,
        plan=plan,
    )
    return 1


def _practices(year: SchoolYear) -> int:
    schools = _largest_schools()
    for number, (title, theme, subject, status) in enumerate(PRACTICES):
        school = schools[number % len(schools)]
        author = (
            Teacher.objects.filter(school_year=year, organization=school, category="highest")
            .order_by("code")
            .first()
        )
        practice = services.create_practice(
            actor=None,
            title=title,
            school_year=year,
            organization=school,
            author_code=author.code if author else "",
            subject=subject,
            theme=theme,
            description=f"Опыт {school.short_name or school.name}: {theme}. Материалы и результаты.",
            file=ContentFile(_PDF, name=f"practice-{number + 1}.pdf") if number % 2 == 0 else None,
            link="" if number % 2 == 0 else f"https://example.org/practices/{number + 1}",
        )
        if status != PracticeStatus.PENDING:
            comment = (
                ""
                if status == PracticeStatus.APPROVED
                else "Нет описания результатов: дополните и подайте снова."
            )
            services.review_practice(actor=None, practice=practice, status=status, comment=comment)
    return len(PRACTICES)
