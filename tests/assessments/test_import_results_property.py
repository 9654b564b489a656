"""Random corruptions of a valid file never crash the importer and never leave partial data."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msoko.assessments.models import ResultCoverage, ResultData
from msoko.assessments.services import import_results
from msoko.core.imports import ImportRejected
from msoko.core.models import Batch, QuarantineRow
from tests.assessments.conftest import GOOD, MIDDLE, WEAK, csv_bytes, row

pytestmark = pytest.mark.django_db
VALID = csv_bytes([row("0001", "1", GOOD), row("0001", "2", MIDDLE), row("0002", "1", WEAK)]).decode()
CELL_TEXT = st.text(alphabet="0123456789,.;=-+@XХН нетабв\"'", max_size=6)


@st.composite
def corrupted(draw) -> bytes:
    lines = VALID.splitlines()
    action = draw(
        st.sampled_from(["cell", "drop_line", "truncate", "insert_bytes", "header_cell", "encoding"])
    )
    if action in ("cell", "header_cell"):
        index = 0 if action == "header_cell" else draw(st.integers(1, len(lines) - 1))
        cells = lines[index].split(";")
        cells[draw(st.integers(0, len(cells) - 1))] = draw(CELL_TEXT)
        lines[index] = ";".join(cells)
        return ("\n".join(lines) + "\n").encode()
    if action == "drop_line":
        del lines[draw(st.integers(0, len(lines) - 1))]
        return ("\n".join(lines) + "\n").encode()
    data = VALID.encode()
    if action == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if action == "insert_bytes":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return VALID.encode("cp1251")[: draw(st.integers(0, len(VALID)))]


def _state():
    return (
        Batch.objects.count(),
        ResultData.objects.count(),
        QuarantineRow.objects.count(),
        sorted(ResultCoverage.objects.filter(active=True).values_list("organization_id", "batch_id")),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=corrupted(), quarantine=st.booleans())
def test_corrupted_file_is_either_loaded_whole_or_rejected_whole(
    school_a, school_b, key, content, quarantine
):
    before = _state()

    try:
        report = import_results(
            content=content, filename="vpr.csv", key=key, actor=None, quarantine=quarantine
        )
    except ImportRejected as error:
        assert error.problems, "a rejection always says why"  # noqa: PT017 (either outcome is checked)
        assert _state() == before
        return

    after = _state()
    assert after[0] == before[0] + 1  # exactly one new batch
    active = ResultCoverage.objects.filter(active=True, batch_id=report.details["batch_id"])
    assert sum(active.values_list("participants", flat=True)) + sum(
        active.values_list("absent", flat=True)
    ) == (report.rows - report.details["quarantined"])
