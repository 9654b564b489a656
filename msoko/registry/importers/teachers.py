"""The `teachers` format (spec/data-formats.md): pseudonymous teachers of one school year."""

from __future__ import annotations

from msoko.tabular import columns as c

CATEGORIES = {
    "без категории": "none",
    "нет": "none",
    "соответствие": "conformity",
    "соответствие занимаемой должности": "conformity",
    "СЗД": "conformity",
    "первая": "first",
    "высшая": "highest",
}

COLUMNS = [
    c.Column("Код педагога", "code", c.code(), required=True),
    c.Column("Код ОО", "org_code", c.code(), required=True, aliases=("логин", "логин ОО")),
    c.Column("Должность", "position", c.text(max_length=100), required=True),
    c.Column("Предметы", "subjects", c.text()),
    c.Column("Возраст", "age", c.integer(low=16, high=100, expected="возраст в годах от 16 до 100")),
    c.Column(
        "Педагогический стаж",
        "experience_years",
        c.integer(low=0, high=80, expected="стаж в годах от 0 до 80"),
        aliases=("стаж",),
    ),
    c.Column("Квалификационная категория", "category", c.choice(CATEGORIES), aliases=("категория",)),
    c.Column("Код наставника", "mentor_code", c.code(), aliases=("наставник",)),
]
REQUIRED = [col.spellings for col in COLUMNS if col.required]
SHEET_NAMES = ("teachers", "Педагоги")
