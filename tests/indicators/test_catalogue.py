"""The catalogue keeps its promises: fixed codes exist, codes are unique, every anchor is documented."""

import re
from pathlib import Path

import pytest

from msoko.indicators.catalogue import CATALOGUE, Catalogue, Indicator

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
FIXED = [
    "results.participants",
    "results.success_rate",
    "results.quality_rate",
    "results.mean_percent",
    "results.marks_lowered",
    "results.marks_confirmed",
    "results.marks_raised",
    "gia.participants",
    "gia.fail_rate",
    "gia.quality_rate",
    "gia.mean_test_score",
    "gia.high_score_rate",
    "gia.annual_confirmed",
    "gia.medal_unconfirmed",
]


def test_the_fixed_codes_of_the_cli_contract_exist():
    assert set(FIXED) <= {i.code for i in CATALOGUE}


def test_every_methodology_anchor_is_in_the_docs():
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', DOCS))

    missing = {i.methodology for i in CATALOGUE} - anchors

    assert not missing


def test_a_code_cannot_be_registered_twice():
    catalogue = Catalogue()
    indicator = next(iter(CATALOGUE))
    catalogue.register(indicator)

    with pytest.raises(ValueError, match=re.escape(indicator.code)):
        catalogue.register(Indicator(**indicator.__dict__))
