"""Schemes of the demo municipality's ВПР, for its three school years.

Grades 4 and 5 reuse the official ВПР 2021 works shipped with the package (their tasks and
scales, with the demo's years). No official description of the grade 6–8 works is in the
project, so the demo builds plainly labelled demonstration works for them; they are never
shipped as built-in schemes of real procedures (docs/methodology.md, «Демо-муниципалитет»).
"""

from __future__ import annotations

from dataclasses import replace

from msoko.assessments.scheme_files import SchemeSpec, TaskSpec, load_builtin_schemes
from msoko.demo.generator import SCHOOL_YEARS

SUBJECTS = ("Математика", "Русский язык")
GRADES = (4, 5, 6, 7, 8)
DEMO_SOURCE = "Демонстрационная работа для демо-муниципалитета: задания и шкала не являются официальными"


def demo_schemes() -> list[SchemeSpec]:
    official = {(s.subject, s.grade): s for s in load_builtin_schemes() if s.procedure == "ВПР"}
    schemes = []
    for year in SCHOOL_YEARS:
        for subject in SUBJECTS:
            for grade in GRADES:
                base = official.get((subject, grade))
                if base is not None:
                    source = f"Демо: задания и шкала официальной работы ВПР 2021 ({base.source})"
                    schemes.append(replace(base, year=year, source=source[:500]))
                else:
                    schemes.append(_demonstration_work(subject, grade, year))
    return schemes


def _demonstration_work(subject: str, grade: int, year: str) -> SchemeSpec:
    """A work shaped like the official ones: ~15 tasks, mostly basic, the last ones advanced."""
    count = 14 + grade % 3
    maxima = [1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 2, 2, 2, 3, 3, 3][:count]
    tasks = tuple(
        TaskSpec(
            position=i + 1,
            label=str(i + 1),
            max_score=maximum,
            level="П" if i >= count - 3 else "Б",
            skill=f"Демонстрационное умение {i + 1} ({subject.lower()}, {grade} класс)",
            kes="",
            kt="",
        )
        for i, maximum in enumerate(maxima)
    )
    total = sum(maxima)
    # cut scores at about 30 %, 55 % and 80 % of the maximum, as the official works roughly have
    scale = {3: round(total * 0.30), 4: round(total * 0.55), 5: round(total * 0.80)}
    return SchemeSpec("ВПР", subject, grade, year, tasks, scale, DEMO_SOURCE)
