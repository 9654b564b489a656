"""The stored task-score text decodes to the scores the importer wrote (X → 0, N → null)."""

from __future__ import annotations

import polars as pl

from msoko.assessments.encoding import SEPARATOR, TOKEN_VALUES, task_scores, task_scores_long


def test_every_token_the_importer_writes_decodes_as_the_table_says():
    tokens = [*map(str, range(100)), "X", "N"]
    frame = pl.DataFrame({"scores": [SEPARATOR.join([t, "1"]) for t in tokens]})

    wide = task_scores(frame, labels=["a", "b"])

    assert wide["a"].to_list() == [TOKEN_VALUES.get(t) for t in tokens]
    assert wide["b"].to_list() == [1] * len(tokens)


def test_absent_short_and_long_rows():
    frame = pl.DataFrame({"scores": [None, "2", "1,X,N,0"]})

    wide = task_scores(frame, labels=["1", "2", "3"])

    # absent: nothing; fewer tokens than tasks: the rest null; more: the extra ignored
    assert wide.select("1", "2", "3").rows() == [(None, None, None), (2, None, None), (1, 0, None)]


def test_wide_and_long_decodes_agree():
    frame = pl.DataFrame({"participant": ["P1", "P2"], "scores": ["1,X,2", "N,0,1"]})

    wide = task_scores(frame, labels=["1", "2", "3"])
    long = task_scores_long(frame, labels=["1", "2", "3"], keep=["participant"])

    pivoted = long.pivot(on="task", index="participant", values="task_score").select(
        "participant", "1", "2", "3"
    )
    assert pivoted.rows() == wide.select("participant", "1", "2", "3").rows()
