"""From a results file to `msoko export flags`: the stored flag, its findings and the CSV.

ВПР МА4 2020/2021, four schools of 20 pupils who all hand in the same work (12 points, «4»),
so no criterion but the journal one can see anything. School 0001: 12 of 20 pupils have «3»
in the journal (raised); 0002–0004: 1 of 20 each. For 0001 the others' share is 3/60 = 5 %,
and P(X ≥ 12 | 20, 0.05) ≈ 3·10⁻¹¹ < 10⁻⁶: a strong finding, level 2.
"""

from __future__ import annotations

import pytest

from msoko.cli import main
from msoko.flags.models import CriterionResult, Flag
from msoko.pipeline.runs import recompute_now

pytestmark = pytest.mark.django_db


def test_compute_flags_the_school_with_the_evidence(loaded):
    recompute_now(school_year=None, reason="тест")

    flag = Flag.objects.get(kind="unobjective")
    assert (flag.organization.code, flag.level) == ("0001", 2)
    assert flag.reasons[0].startswith(  # stored as a list of sentences, worded when shown
        "ВПР МА4 2020/2021: повысили отметку по журналу 60 % (12 из 20) при ожидаемых 5 %"
    )
    fired = CriterionResult.objects.filter(fired=True, kind="unobjective")
    assert [(f.organization.code, f.criterion, f.strong) for f in fired] == [("0001", "journal", True)]
    assert CriterionResult.objects.filter(kind="unobjective", criterion="journal").count() == 4


def test_export_flags_prints_the_spec_columns(loaded, capsys):
    assert main(["compute"]) == 0
    capsys.readouterr()

    assert main(["export", "flags", "--year", "2020/2021"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "\ufeffКод ОО;Флаг;Вид флага;Уровень;Основания"
    assert lines[1].startswith(
        "0001;unobjective;Признаки необъективности;2;ВПР МА4 2020/2021: повысили отметку по журналу 60 %"
    )
    assert len(lines) == 2  # no official marker: equal works give no interval above and no correlation


def test_a_recompute_replaces_the_years_flags(loaded):
    recompute_now(school_year=None, reason="тест")
    recompute_now(school_year=None, reason="тест")

    assert Flag.objects.count() == 1
