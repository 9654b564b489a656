"""The import kinds of the registry, declared to the core's import pipeline (``apps.py``)."""

from __future__ import annotations

from msoko.core.imports.kinds import YEAR, ImportKind
from msoko.registry.services import (
    read_courses,
    read_organizations,
    read_teachers,
    store_courses,
    store_organizations,
    store_teachers,
)

KINDS = (
    ImportKind(
        code="organizations",
        title="реестр образовательных организаций",
        read=read_organizations,
        store=store_organizations,
        description=(
            "Код ОО, наименование, тип, муниципалитет, местность и показатели социального контекста; "
            "принимается и список школ ФИС ОКО (логин, имя, регион)."
        ),
        batch=False,
        affects=frozenset({"registry"}),
        order=1,
    ),
    ImportKind(
        code="teachers",
        title="педагогические работники",
        read=read_teachers,
        store=store_teachers,
        params=(YEAR,),
        description="Код педагога, код ОО, должность, предметы, возраст, стаж, категория, код наставника.",
        batch=False,
        affects=frozenset({"teachers"}),
        order=2,
    ),
    ImportKind(
        code="courses",
        title="повышение квалификации и диагностика педагогов",
        read=read_courses,
        store=store_courses,
        description="Код педагога, вид (курс или диагностика), название, дата, часы, результат, дефициты.",
        affects=frozenset({"courses"}),
        order=50,
    ),
)
