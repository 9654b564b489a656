"""Generate a realistic municipality from a seed, with no database.

The world is a set of Polars frames (organisations, classes, students, enrolments over
three school years, teachers per year). Students carry a latent ability and schools a
latent social status, so later generators (procedure results, olympiads, planted
phenomena) draw from the same world: the same seed always gives the same frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from msoko.demo import names

SCHOOL_YEARS = ("2022/2023", "2023/2024", "2024/2025")


@dataclass(frozen=True)
class SchoolProfile:
    """How a kind of school looks: classes per grade, class size, top grade, social status."""

    label: str
    count: int
    classes_per_grade: tuple[int, int]
    class_size: tuple[int, int]
    top_grade: int
    ses_mean: float
    rural: bool


PROFILES = (
    SchoolProfile("gymnasium", 1, (3, 4), (25, 29), 11, 1.3, False),
    SchoolProfile("lyceum", 1, (2, 3), (24, 28), 11, 1.0, False),
    SchoolProfile("urban_sosh", 8, (2, 3), (20, 28), 11, 0.1, False),
    SchoolProfile("rural_sosh", 7, (1, 1), (7, 18), 11, -0.7, True),
    SchoolProfile("rural_oosh", 7, (1, 1), (2, 7), 9, -1.1, True),
    SchoolProfile("primary", 1, (1, 1), (3, 8), 4, -1.0, True),
)
PRESCHOOLS, ADDITIONAL = 8, 2


@dataclass
class DemoWorld:
    seed: int
    organizations: (
        pl.DataFrame
    )  # code, name, short_name, kind, locality, students_count, context shares, profile, ses
    classes: pl.DataFrame  # school_year, org_code, grade, letter
    students: pl.DataFrame  # code, org_code, sex, has_sen, ability
    enrollments: pl.DataFrame  # student_code, school_year, org_code, grade, letter
    teachers: (
        pl.DataFrame
    )  # school_year, code, org_code, position, subjects, age, experience_years, category, mentor_code


def generate_world(seed: int = 2025) -> DemoWorld:
    rng = np.random.default_rng(seed)
    schools = _schools(rng)
    organizations = pl.concat([schools, _other_organizations(rng)], how="diagonal_relaxed")
    students, enrollments = _students(rng, schools)
    counts = (
        enrollments.filter(pl.col("school_year") == SCHOOL_YEARS[-1])
        .group_by("org_code")
        .agg(pl.len().alias("enrolled"))
    )
    organizations = (
        organizations.join(counts, left_on="code", right_on="org_code", how="left")
        .with_columns(pl.coalesce("enrolled", "students_count").alias("students_count"))
        .drop("enrolled")
        .sort("code")
    )
    classes = (
        enrollments.select("school_year", "org_code", "grade", "letter")
        .unique()
        .sort("school_year", "org_code", "grade", "letter")
    )
    teachers = _teachers(rng, organizations)
    return DemoWorld(seed, organizations, classes, students, enrollments, teachers)


def _schools(rng: np.random.Generator) -> pl.DataFrame:
    rows = []
    number, villages = 1, sorted(names.VILLAGES)
    rng.shuffle(villages)
    for profile in PROFILES:
        for _ in range(profile.count):
            ses = float(rng.normal(profile.ses_mean, 0.35))
            if profile.rural:
                village = villages.pop()
                kind_word = {"rural_oosh": "ООШ", "primary": "НОШ"}.get(profile.label, "СОШ")
                short = f"{names.VILLAGES[village]} {kind_word}"
                full = f"МКОУ «{short}» ({village})"
            else:
                word = {"gymnasium": "Гимназия", "lyceum": "Лицей"}.get(profile.label, "СОШ")
                short = f"{word} № {number}"
                full = f"МБОУ «{'Средняя общеобразовательная школа' if word == 'СОШ' else word} № {number}»"
                number += 1
            non_native = rng.choice([rng.uniform(0, 4), rng.uniform(15, 35)], p=[0.85, 0.15])
            rows.append(
                {
                    "code": f"01{len(rows) + 1:02d}",
                    "name": full,
                    "short_name": short,
                    "kind": "school",
                    "locality": "rural" if profile.rural else "urban",
                    "profile": profile.label,
                    "ses": ses,
                    "low_income_share": _share(22 - 11 * ses + rng.normal(0, 4)),
                    "higher_education_parents_share": _share(33 + 16 * ses + rng.normal(0, 5)),
                    "sen_share": _share(rng.uniform(1.5, 9.0) + (2 if profile.rural else 0)),
                    "non_native_russian_share": _share(float(non_native)),
                    "students_count": None,
                }
            )
    return pl.DataFrame(rows)


def _share(value: float) -> float:
    return round(float(min(max(value, 0.0), 100.0)), 1)


def _other_organizations(rng: np.random.Generator) -> pl.DataFrame:
    rows = []
    for i in range(PRESCHOOLS):
        title = names.KINDERGARTEN_NAMES[i]
        rural = i >= 5
        rows.append(
            {
                "code": f"02{i + 1:02d}",
                "name": f"МБДОУ «Детский сад № {i + 1} «{title}»»",
                "short_name": f"Детский сад № {i + 1} «{title}»",
                "kind": "preschool",
                "locality": "rural" if rural else "urban",
                "students_count": int(rng.integers(35, 80) if rural else rng.integers(120, 280)),
            }
        )
    for i, (full, short) in enumerate(
        [
            ("МБУ ДО «Дом детского творчества»", "Дом детского творчества"),
            ("МБУ ДО «Детско-юношеская спортивная школа»", "ДЮСШ"),
        ]
    ):
        rows.append(
            {
                "code": f"03{i + 1:02d}",
                "name": full,
                "short_name": short,
                "kind": "additional",
                "locality": "urban",
                "students_count": int(rng.integers(600, 1400)),
            }
        )
    return pl.DataFrame(rows)


def _students(rng: np.random.Generator, schools: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Students of every school over three years: each year they move up a grade, the 11th
    (or the 9th in a basic school) leaves, a new first grade arrives and a few pupils move away."""
    profiles = {p.label: p for p in PROFILES}
    students: list[dict] = []
    enrollments: list[dict] = []
    serial = 0

    def new_student(org: dict) -> dict:
        nonlocal serial
        serial += 1
        student = {
            "code": f"У{serial:06d}",
            "org_code": org["code"],
            "sex": "М" if rng.random() < 0.51 else "Ж",
            "has_sen": bool(rng.random() < org["sen_share"] / 100),
            "ability": float(rng.normal(0.45 * org["ses"], 1.0)),
        }
        students.append(student)
        return student

    for org in schools.iter_rows(named=True):
        profile = profiles[org["profile"]]
        # one number of parallel classes per school; the senior grades (10–11) have one class fewer
        per_grade = int(rng.integers(profile.classes_per_grade[0], profile.classes_per_grade[1] + 1))
        letters = {
            g: "АБВГ"[: max(1, per_grade - 1) if g >= 10 else per_grade]
            for g in range(1, profile.top_grade + 1)
        }
        if profile.classes_per_grade == (1, 1):
            letters = dict.fromkeys(letters, "")
        # start of the first year: every class filled
        roster: dict[tuple[int, str], list[str]] = {}
        for grade, class_letters in letters.items():
            for letter in class_letters or [""]:
                size = int(rng.integers(profile.class_size[0], profile.class_size[1] + 1))
                roster[(grade, letter)] = [new_student(org)["code"] for _ in range(size)]
        for year_index, year in enumerate(SCHOOL_YEARS):
            if year_index > 0:
                moved: dict[tuple[int, str], list[str]] = {}
                for grade in range(1, profile.top_grade):
                    # after the 9th grade about half of the pupils leave for colleges
                    leave = 0.45 if grade == 9 else 0.03
                    pool = [
                        c
                        for letter in sorted(letters[grade] or [""])
                        for c in roster.get((grade, letter), [])
                        if rng.random() > leave
                    ]
                    # the next grade's classes share the pool in order, so classmates stay together
                    next_letters = sorted(letters[grade + 1] or [""])
                    for i, letter in enumerate(next_letters):
                        chunk = len(pool) * i // len(next_letters), len(pool) * (i + 1) // len(next_letters)
                        moved[(grade + 1, letter)] = pool[chunk[0] : chunk[1]]
                for letter in letters[1] or [""]:
                    size = int(rng.integers(profile.class_size[0], profile.class_size[1] + 1))
                    moved[(1, letter)] = [new_student(org)["code"] for _ in range(size)]
                roster = moved
            for (grade, letter), codes in roster.items():
                enrollments.extend(
                    {
                        "student_code": c,
                        "school_year": year,
                        "org_code": org["code"],
                        "grade": grade,
                        "letter": letter,
                    }
                    for c in codes
                )
    return pl.DataFrame(students), pl.DataFrame(enrollments)


CATEGORY_BY_EXPERIENCE = (  # (max experience, probabilities of none / conformity / first / highest)
    (2, (0.85, 0.15, 0.0, 0.0)),
    (9, (0.25, 0.35, 0.35, 0.05)),
    (19, (0.08, 0.22, 0.42, 0.28)),
    (99, (0.05, 0.15, 0.35, 0.45)),
)
CATEGORIES = ("none", "conformity", "first", "highest")


def _category(rng: np.random.Generator, experience: int) -> str:
    for limit, probabilities in CATEGORY_BY_EXPERIENCE:
        if experience <= limit:
            return str(rng.choice(CATEGORIES, p=probabilities))
    raise AssertionError("unreachable: the last band covers every experience")


def _teachers(rng: np.random.Generator, organizations: pl.DataFrame) -> pl.DataFrame:
    """Teachers of the last year, then aged back for earlier years; young ones get a mentor."""
    staff: list[dict] = []
    serial = 0
    for org in organizations.iter_rows(named=True):
        pupils = org["students_count"] or 0
        if org["kind"] == "school":
            size = max(6, round(pupils / 11))
        elif org["kind"] == "preschool":
            size = max(4, round(pupils / 10))
        else:
            size = max(8, round(pupils / 60))
        people = []
        for i in range(size):
            serial += 1
            age = int(np.clip(rng.normal(46, 11), 22, 72))
            experience = int(np.clip(age - 22 - rng.integers(0, 8), 0, 50))
            if i >= size - max(1, size // 9):  # a share of young teachers in every organisation
                age, experience = int(rng.integers(22, 27)), int(rng.integers(0, 3))
            if org["kind"] == "school":
                position = (
                    "руководитель"
                    if i == 0
                    else "заместитель руководителя"
                    if i <= max(1, size // 25)
                    else "учитель"
                )
                level = "primary" if position == "учитель" and rng.random() < 0.25 else "core"
                subjects = str(rng.choice(names.SUBJECTS_BY_LEVEL[level]))
            elif org["kind"] == "preschool":
                position = "руководитель" if i == 0 else "воспитатель"
                subjects = ""
            else:
                position = "руководитель" if i == 0 else "педагог дополнительного образования"
                subjects = ""
            people.append(
                {
                    "code": f"П{serial:05d}",
                    "org_code": org["code"],
                    "position": position,
                    "subjects": subjects,
                    "age": age,
                    "experience_years": experience,
                    "category": _category(rng, experience),
                }
            )
        mentors = [
            p["code"] for p in people if p["experience_years"] >= 10 and p["category"] in ("first", "highest")
        ]
        for p in people:
            p["mentor_code"] = str(rng.choice(mentors)) if p["experience_years"] < 3 and mentors else None
        staff.extend(people)
    last = pl.DataFrame(staff)
    years = []
    for back, year in enumerate(reversed(SCHOOL_YEARS)):
        frame = last.with_columns(
            pl.lit(year).alias("school_year"),
            (pl.col("age") - back).alias("age"),
            (pl.col("experience_years") - back).alias("experience_years"),
        )
        # teachers with no experience yet in an earlier year had not started then
        frame = frame.filter(pl.col("experience_years") >= 0)
        present = set(frame["code"].to_list())
        frame = frame.with_columns(
            pl.when(pl.col("mentor_code").is_in(list(present)) & (pl.col("experience_years") < 3))
            .then(pl.col("mentor_code"))
            .alias("mentor_code")
        )
        years.append(frame)
    columns = [
        "school_year",
        "code",
        "org_code",
        "position",
        "subjects",
        "age",
        "experience_years",
        "category",
        "mentor_code",
    ]
    return pl.concat(years).select(columns).sort("school_year", "code")
