"""`msoko export public` writes exactly the public page's table."""

from __future__ import annotations

import pytest

from msoko.cli import main
from msoko.core.exports import csv_bytes
from msoko.core.models import AuditAction, AuditEvent
from msoko.publication.selectors import public_frame
from tests.publication.conftest import EXPECTED_CSV, YEAR

pytestmark = pytest.mark.django_db


def test_export_public_writes_the_public_csv(public_data, tmp_path):
    path = tmp_path / "public.csv"

    assert main(["export", "public", "--year", YEAR, "--format", "csv", "-o", str(path)]) == 0

    assert path.read_bytes() == csv_bytes(public_frame(school_year_name=YEAR))
    assert path.read_bytes().decode("utf-8") == EXPECTED_CSV
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, summary__contains="открытые данные").exists()


def test_export_public_to_xlsx(public_data, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "public.xlsx"

    assert main(["export", "public", "--year", YEAR, "--format", "xlsx", "-o", str(path)]) == 0

    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "Код ОО"
    assert rows[3][:6] == ("0002", "МБОУ «Гимназия № 2»", "ВПР", "Математика", 5, None)


def test_export_public_of_an_unknown_year_exits_1(capsys):
    assert main(["export", "public", "--year", "2031/2032"]) == 1
    assert "учебный год 2031/2032 не найден" in capsys.readouterr().err
