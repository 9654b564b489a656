"""Task completion, task status and skill deficits on frames whose answers are worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from msoko.analytics.columns import C
from msoko.analytics.tasks import level_completion, skill_deficits, task_completion, task_status
from msoko.assessments.encoding import task_scores_long

LABELS = ["1", "2", "3"]
# task 1: basic, max 1; task 2: basic, max 2; task 3: advanced, max 1. Tasks 1 and 2 check skill A.
TASKS = pl.DataFrame(
    {
        C.TASK: LABELS,
        C.TASK_MAX: [1, 2, 1],
        C.LEVEL: ["Б", "Б", "П"],
        "skill": ["A", "A", "B"],
        "position": [1, 2, 3],
    }
)
KEEP = [C.ORG_CODE, C.CLASS_NAME, C.PARTICIPANT]


def _long(rows: list[tuple[str, str, str, str]]) -> pl.DataFrame:
    """(org, class, participant, encoded scores) → one row per participant and task."""
    wide = pl.DataFrame(rows, schema=[C.ORG_CODE, C.CLASS_NAME, C.PARTICIPANT, C.SCORES], orient="row")
    return task_scores_long(wide, labels=LABELS, keep=KEEP).select(*KEEP, C.TASK, C.TASK_SCORE)


def _completion(levels: list[str], values: list[float | None]) -> pl.DataFrame:
    return pl.DataFrame({C.LEVEL: levels, "completion": values}, schema_overrides={"completion": pl.Float64})


# --- task_completion -------------------------------------------------------------------------


def test_task_completion_divides_points_by_participants_times_maximum():
    scores = _long(
        [("0001", "5А", "p1", "1,2,1"), ("0001", "5А", "p2", "0,1,0"), ("0001", "5А", "p3", "1,1,0")]
    )

    got = task_completion(scores, TASKS, by=[C.CLASS_NAME])

    # task 1: 1+0+1 = 2 of 3·1 → 66.67; task 2: 2+1+1 = 4 of 3·2 → 66.67; task 3: 1 of 3·1 → 33.33
    expected = pl.DataFrame(
        {
            C.CLASS_NAME: ["5А", "5А", "5А"],
            C.TASK: ["1", "2", "3"],
            "position": [1, 2, 3],
            C.LEVEL: ["Б", "Б", "П"],
            "skill": ["A", "A", "B"],
            C.TASK_MAX: [1, 2, 1],
            "participants": [3, 3, 3],
            "score_sum": [2, 4, 1],
            "completion": [200 / 3, 400 / 6, 100 / 3],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_task_completion_counts_a_not_attempted_task_as_zero():
    scores = _long([("0001", "5А", "p1", "1,2,1"), ("0001", "5А", "p2", "1,X,1")])

    got = task_completion(scores, TASKS, by=[]).filter(pl.col(C.TASK) == "2")

    # task 2 (max 2): p1 scored 2, p2's X counts 0 → 2 of 2·2 = 50 %
    assert got.select("participants", "score_sum", "completion").row(0) == (2, 2, 50.0)


def test_task_completion_leaves_a_not_taught_task_out_of_the_denominator():
    scores = _long([("0001", "5А", "p1", "1,1,1"), ("0001", "5А", "p2", "1,N,1")])

    got = task_completion(scores, TASKS, by=[]).filter(pl.col(C.TASK) == "2")

    # task 2 (max 2): only p1 counts → 1 of 1·2 = 50 % (not 1 of 2·2 = 25 %)
    assert got.select("participants", "score_sum", "completion").row(0) == (1, 1, 50.0)


def test_task_completion_has_no_row_for_a_task_nobody_was_taught():
    scores = _long([("0001", "5А", "p1", "1,N,1"), ("0001", "5А", "p2", "0,N,1")])

    got = task_completion(scores, TASKS, by=[])

    # task 2 is N for everyone: no denominator, so no row
    assert got[C.TASK].to_list() == ["1", "3"]


def test_task_completion_of_a_one_student_class_is_that_student_s_result():
    scores = _long(
        [("0001", "5А", "p1", "1,2,1"), ("0001", "5А", "p2", "1,2,1"), ("0001", "5Б", "p3", "0,1,1")]
    )

    got = task_completion(scores, TASKS, by=[C.CLASS_NAME]).filter(pl.col(C.CLASS_NAME) == "5Б")

    # 5Б has p3 only: 0 of 1, 1 of 2, 1 of 1
    expected = pl.DataFrame(
        {C.TASK: ["1", "2", "3"], "participants": [1, 1, 1], "completion": [0.0, 50.0, 100.0]}
    )
    assert_frame_equal(got.select(C.TASK, "participants", "completion"), expected, check_dtypes=False)


def test_task_completion_is_sorted_by_group_then_task_position():
    scores = _long(
        [("0002", "5А", "p3", "1,1,1"), ("0001", "5Б", "p2", "1,1,1"), ("0001", "5А", "p1", "1,1,1")]
    )

    got = task_completion(scores.reverse(), TASKS, by=[C.ORG_CODE, C.CLASS_NAME])

    expected = pl.DataFrame(
        {
            C.ORG_CODE: ["0001"] * 3 + ["0001"] * 3 + ["0002"] * 3,
            C.CLASS_NAME: ["5А"] * 3 + ["5Б"] * 3 + ["5А"] * 3,
            C.TASK: LABELS * 3,
        }
    )
    assert_frame_equal(got.select(C.ORG_CODE, C.CLASS_NAME, C.TASK), expected)


def test_task_completion_is_exact_at_a_threshold_ratio():
    # 57 of 100 pupils solve task 1 (max 1): 57 % exactly; 0.57 · 100 in floats is 56.99999999999999
    rows = [("0001", "5А", f"p{i:03}", "1,0,0" if i < 57 else "0,0,0") for i in range(100)]

    got = task_completion(_long(rows), TASKS, by=[])

    assert got.filter(pl.col(C.TASK) == "1")["completion"].item() == 57.0


def test_task_completion_refuses_a_task_missing_from_the_scheme():
    scores = pl.DataFrame({C.TASK: ["1", "9"], C.TASK_SCORE: [1, 0]})

    with pytest.raises(ValueError, match=r"missing from `tasks`: \['9'\]"):
        task_completion(scores, TASKS, by=[])


def test_task_completion_refuses_a_task_listed_twice():
    tasks = pl.concat([TASKS, TASKS.head(1)])
    scores = pl.DataFrame({C.TASK: ["1"], C.TASK_SCORE: [1]})

    with pytest.raises(ValueError, match=r"repeated: \['1'\]"):
        task_completion(scores, tasks, by=[])


# --- level_completion ------------------------------------------------------------------------


def test_level_completion_pools_points_of_basic_and_of_advanced_tasks():
    scores = _long(
        [("0001", "5А", "p1", "1,2,1"), ("0001", "5А", "p2", "0,X,0"), ("0001", "5А", "p3", "1,N,0")]
    )

    got = level_completion(scores, TASKS, by=[C.CLASS_NAME])

    # Б (tasks 1, 2): points 1+2 + 0+0 + 1 = 4; maxima 1+2 + 1+2 + 1 (p3's task 2 is N) = 7 → 57.14 %
    # П+В (task 3): points 1+0+0 = 1 of 3 → 33.33 %
    expected = pl.DataFrame(
        {
            C.CLASS_NAME: ["5А", "5А"],
            C.LEVEL: ["Б", "П+В"],
            "participants": [3, 3],
            "score_sum": [4, 1],
            "max_sum": [7, 3],
            "completion": [400 / 7, 100 / 3],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_level_completion_counts_high_tasks_with_advanced_ones():
    tasks = TASKS.with_columns(
        pl.when(pl.col(C.TASK) == "2").then(pl.lit("В")).otherwise(C.LEVEL).alias(C.LEVEL)
    )
    scores = _long([("0001", "5А", "p1", "1,2,0")])

    got = level_completion(scores, tasks, by=[])

    # Б: task 1 → 1 of 1; П+В: task 2 (В, 2 of 2) + task 3 (П, 0 of 1) → 2 of 3
    expected = pl.DataFrame(
        {
            C.LEVEL: ["Б", "П+В"],
            "participants": [1, 1],
            "score_sum": [1, 2],
            "max_sum": [1, 3],
            "completion": [100.0, 200 / 3],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


# --- task_status -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "level", "completion", "status"),
    [
        ("basic at 60 is mastered", "Б", 60.0, "mastered"),
        ("basic at 59.9 is in the zone", "Б", 59.9, "zone"),
        ("basic at 57 is in the zone", "Б", 57.0, "zone"),
        ("basic at 56.9 is not mastered", "Б", 56.9, "not_mastered"),
        ("advanced at 30 is mastered", "П", 30.0, "mastered"),
        ("advanced at 29.9 is in the zone", "П", 29.9, "zone"),
        ("advanced at 28.5 is in the zone", "П", 28.5, "zone"),
        ("advanced at 28.4 is not mastered", "П", 28.4, "not_mastered"),
        ("high at 30 is mastered", "В", 30.0, "mastered"),
        ("high at 28.4 is not mastered", "В", 28.4, "not_mastered"),
        ("advanced at 45 is mastered though a basic task would not be", "П", 45.0, "mastered"),
    ],
)
def test_task_status_applies_the_fioko_thresholds_of_the_task_level(_case, level, completion, status):
    frame = _completion([level], [completion])

    got = task_status(frame)

    expected = frame.with_columns(status=pl.lit(status), deficit=pl.lit(status == "not_mastered"))
    assert_frame_equal(got, expected)


def test_task_status_takes_thresholds_as_parameters():
    frame = _completion(["Б", "Б", "П"], [70.0, 65.0, 40.0])

    got = task_status(frame, basic_mastered=75.0, basic_not_mastered=70.0, advanced_mastered=50.0)

    # 70 is in [70, 75) → zone; 65 < 70 → not mastered; П at 40: below 50, not below 28.5 → zone
    assert got["status"].to_list() == ["zone", "not_mastered", "zone"]


def test_task_status_leaves_a_missing_completion_without_status():
    frame = _completion(["Б"], [None])

    got = task_status(frame)

    assert got.select("status", "deficit").row(0) == (None, None)


def test_task_status_refuses_an_unknown_level():
    frame = _completion(["Б", "Z", None], [50.0, 50.0, 50.0])

    with pytest.raises(ValueError, match=r"received: \[None, 'Z'\]"):
        task_status(frame)


# --- skill_deficits --------------------------------------------------------------------------


def _statuses(skills: list[str | None], statuses: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            C.CLASS_NAME: ["5А"] * len(skills),
            "skill": skills,
            "status": statuses,
            "deficit": [s == "not_mastered" for s in statuses],
        }
    )


def test_skill_deficits_marks_a_skill_systemic_when_most_of_its_tasks_are_not_mastered():
    statuses = _statuses(["A", "A", "A"], ["not_mastered", "not_mastered", "mastered"])

    got = skill_deficits(statuses, by=[C.CLASS_NAME])

    # 2 of 3 red → share 0.667 > 0.5 → systemic
    expected = pl.DataFrame(
        {
            C.CLASS_NAME: ["5А"],
            "skill": ["A"],
            "tasks": [3],
            "not_mastered": [2],
            "share": [2 / 3],
            "systemic": [True],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_skill_deficits_does_not_call_exactly_half_systemic():
    statuses = _statuses(["A", "A"], ["not_mastered", "mastered"])

    got = skill_deficits(statuses, by=[C.CLASS_NAME])

    # 1 of 2 is half, not «most»
    assert got.select("share", "systemic").row(0) == (0.5, False)


def test_skill_deficits_does_not_count_the_uncertainty_zone_as_red():
    statuses = _statuses(["A", "A", "A"], ["not_mastered", "zone", "zone"])

    got = skill_deficits(statuses, by=[C.CLASS_NAME])

    # only 1 of 3 is red
    assert got.select("not_mastered", "systemic").row(0) == (1, False)


def test_skill_deficits_is_one_row_per_group_and_skill_sorted():
    statuses = pl.concat(
        [
            _statuses(["B", "A"], ["mastered", "not_mastered"]).with_columns(
                pl.lit("5Б").alias(C.CLASS_NAME)
            ),
            _statuses(["B", "A", None], ["not_mastered", "mastered", "not_mastered"]),
        ]
    )

    got = skill_deficits(statuses, by=[C.CLASS_NAME])

    # the task without a skill is left out
    expected = pl.DataFrame(
        {
            C.CLASS_NAME: ["5А", "5А", "5Б", "5Б"],
            "skill": ["A", "B", "A", "B"],
            "tasks": [1, 1, 1, 1],
            "not_mastered": [0, 1, 1, 0],
            "share": [0.0, 1.0, 1.0, 0.0],
            "systemic": [False, True, True, False],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_skill_deficits_takes_the_systemic_share_as_a_parameter():
    statuses = _statuses(["A", "A"], ["not_mastered", "mastered"])

    got = skill_deficits(statuses, by=[C.CLASS_NAME], systemic_share=0.4)

    assert got["systemic"].to_list() == [True]


# --- properties ------------------------------------------------------------------------------

TOKENS = {1: ["0", "1", "X", "N"], 2: ["0", "1", "2", "X", "N"]}


@st.composite
def encoded_rows(draw) -> list[tuple[str, str, str, str]]:
    size = draw(st.integers(1, 8))
    rows = []
    for i in range(size):
        tokens = [draw(st.sampled_from(TOKENS[m])) for m in TASKS[C.TASK_MAX]]
        rows.append(("0001", draw(st.sampled_from(["5А", "5Б"])), f"p{i}", ",".join(tokens)))
    return rows


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=encoded_rows(), seed=st.integers(0, 2**32 - 1))
def test_completion_stays_in_range_and_ignores_row_order(rows, seed):
    scores = _long(rows)
    shuffled = scores.sample(fraction=1.0, shuffle=True, seed=seed)

    by = [C.CLASS_NAME]
    per_task = task_completion(scores, TASKS, by=by)
    per_level = level_completion(scores, TASKS, by=by)

    assert per_task["completion"].is_between(0, 100).all()
    assert per_level["completion"].is_between(0, 100).all()
    assert_frame_equal(task_completion(shuffled, TASKS, by=by), per_task)
    assert_frame_equal(level_completion(shuffled, TASKS, by=by), per_level)
    statuses = task_status(per_task)
    assert_frame_equal(
        skill_deficits(statuses.sample(fraction=1.0, shuffle=True, seed=seed), by=by),
        skill_deficits(statuses, by=by),
    )


def test_wide_completion_equals_the_long_one():
    from msoko.analytics.tasks import task_completion_wide
    from msoko.assessments.encoding import task_scores, task_scores_long

    # three pupils in two classes; «X» counts 0 and «N» (not taught) leaves the denominator
    pupils = pl.DataFrame(
        {
            "class_name": ["5А", "5А", "5Б"],
            "participant_code": ["1", "2", "3"],
            "scores": ["1,2,0", "0,N,1", "X,1,1"],
        }
    )
    tasks = pl.DataFrame(
        {
            "task": ["1", "2", "3"],
            "task_max": [1, 2, 1],
            "level": ["Б", "Б", "П"],
            "skill": ["s", "s", "t"],
            "position": [1, 2, 3],
        }
    )
    labels = ["1", "2", "3"]
    long = task_scores_long(pupils, labels=labels, keep=["class_name", "participant_code"]).rename(
        {"task_score": "task_score"}
    )

    wide = task_completion_wide(task_scores(pupils, labels=labels), tasks, by=["class_name"])

    expected = task_completion(long, tasks, by=["class_name"])
    # 5А task 2: only pupil 1 was taught it → 2 of 2 = 100 %; 5А task 1: 1 of 2 = 50 %
    assert wide.filter(pl.col("class_name") == "5А", pl.col("task") == "2")["completion"].item() == 100.0
    assert_frame_equal(wide, expected, check_dtypes=False)
