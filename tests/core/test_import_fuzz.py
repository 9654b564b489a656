"""Every import kind, thrown random bytes, random spreadsheets and plausible text of the wrong
shape: never a crash, never anything written but the record of the rejection, always a
Russian message."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msoko.core.imports import ImportRejected
from msoko.core.imports.kinds import import_kinds
from msoko.core.imports.run import run_import
from msoko.core.models import Batch, ImportRecord, ImportStatus
from msoko.indicators.models import MonitoringValue
from msoko.registry.models import Organization, Teacher

pytestmark = pytest.mark.django_db
PARAMS = {
    "procedure": "ВПР",
    "subject": "Математика",
    "grade": 4,
    "year": "2020/2021",
}
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
CELLS = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def hostile(draw) -> tuple[str, bytes]:
    shape = draw(st.sampled_from(["bytes", "text", "xlsx", "header_only"]))
    if shape == "bytes":
        return "file.csv", draw(st.binary(max_size=300))
    if shape == "text":
        lines = draw(
            st.lists(st.lists(st.text(alphabet="абв0123456789;,.\"' -", max_size=8), max_size=6), max_size=6)
        )
        return "file.csv", "\n".join(";".join(cells) for cells in lines).encode()
    if shape == "header_only":
        return "file.csv", "Код ОО;Показатель;Учебный год;Значение\n".encode()
    rows = draw(st.lists(st.lists(CELLS, max_size=5), max_size=5))
    cleaned = [[c if not isinstance(c, str) else c.replace("\x00", "") for c in r] for r in rows]
    try:
        return "file.xlsx", _xlsx(cleaned)
    except Exception:  # openpyxl refuses some control characters: then plain bytes
        return "file.xlsx", b"PK\x03\x04 not really a workbook"


@pytest.mark.parametrize("code", [k.code for k in import_kinds()])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=hostile())
def test_every_kind_refuses_hostile_input_in_russian_and_writes_nothing(code, case, school_a):
    filename, content = case
    if code == "scheme":
        filename = "file.yaml"
    accepted_before = ImportRecord.objects.filter(status=ImportStatus.ACCEPTED).count()
    batches, values, teachers = (
        Batch.objects.count(),
        MonitoringValue.objects.count(),
        Teacher.objects.count(),
    )
    organizations = Organization.objects.count()

    rejected = _attempt(code, filename, content)

    accepted = ImportRecord.objects.filter(status=ImportStatus.ACCEPTED).count()
    if rejected is None:  # a shape that happens to be valid was loaded whole, and recorded once
        assert accepted == accepted_before + 1
        return
    assert rejected.problems, code
    assert all(CYRILLIC.search(str(p)) for p in rejected.problems), [str(p) for p in rejected.problems]
    assert accepted == accepted_before
    assert (Batch.objects.count(), MonitoringValue.objects.count(), Teacher.objects.count()) == (
        batches,
        values,
        teachers,
    )
    assert Organization.objects.count() == organizations
    assert ImportRecord.objects.filter(status=ImportStatus.REJECTED).exists()  # the attempt is on record


def _attempt(code: str, filename: str, content: bytes) -> ImportRejected | None:
    """Run the import; any exception other than a rejection fails the test (a crash)."""
    try:
        run_import(code, content=content, filename=filename, params=dict(PARAMS), actor=None)
    except ImportRejected as error:
        return error
    return None
