"""`public_frame`: the year's published table, small groups suppressed, in the CSV's columns."""

from __future__ import annotations

import pytest

from msoko.core.exports import csv_bytes
from msoko.publication.models import Unpublished
from msoko.publication.selectors import Table, managed_tables, public_frame, public_years, published_tables
from msoko.publication.table import COLUMNS
from tests.publication.conftest import EXPECTED_CSV, YEAR

pytestmark = pytest.mark.django_db


def test_the_csv_is_the_hand_computed_table(public_data):
    frame = public_frame(school_year_name=YEAR)

    assert frame.columns == COLUMNS
    assert csv_bytes(frame).decode("utf-8") == EXPECTED_CSV


def test_one_table_is_the_same_rows_as_in_the_whole_year(public_data):
    whole = public_frame(school_year_name=YEAR)

    one = public_frame(school_year_name=YEAR, table=Table("ОГЭ", "Математика", None))

    assert one.to_dicts() == whole.filter(whole["Процедура"] == "ОГЭ").to_dicts()


def test_the_municipal_row_is_named_by_the_setting_or_called_municipality(public_data, settings, school_a):
    settings.MSOKO_MUNICIPALITY = "Александровский район"
    assert public_frame(school_year_name=YEAR)["Наименование"][0] == "Александровский район"

    settings.MSOKO_MUNICIPALITY = settings.MSOKO_MUNICIPALITY_DEFAULT
    from tests import factories

    factories.OrganizationFactory(municipality=factories.MunicipalityFactory(name="Другой район"))
    assert public_frame(school_year_name=YEAR)["Наименование"][0] == "Муниципалитет"


def test_the_threshold_is_the_setting(public_data, settings):
    settings.MSOKO_PUBLIC_MIN_GROUP = 5

    frame = public_frame(school_year_name=YEAR).filter(Процедура="ВПР")

    assert frame["Участников"].to_list() == [60, 30, 24, 6]


def test_an_unpublished_procedure_is_left_out(public_data):
    Unpublished.objects.create(procedure=public_data["procedures"][("ОГЭ", "Математика", None)])

    frame = public_frame(school_year_name=YEAR)

    assert sorted(set(frame["Процедура"])) == ["ВПР", "ЕГЭ"]
    assert [t.kind for t in published_tables(YEAR)] == ["ВПР", "ЕГЭ"]
    assert [(r.table.kind, r.unpublished is not None) for r in managed_tables(YEAR)] == [
        ("ВПР", False),
        ("ОГЭ", True),
        ("ЕГЭ", False),
    ]


def test_a_year_without_values_is_an_empty_table_with_its_columns(public_data):
    assert public_years() == [public_data["year"]]

    frame = public_frame(school_year_name="2023/2024")

    assert frame.columns == COLUMNS
    assert frame.is_empty()
