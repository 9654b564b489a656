"""Column names of the analytics frames, in one place (STYLE.md: never scattered literals)."""

from __future__ import annotations


class C:
    ORG_ID = "org_id"
    ORG_CODE = "org_code"
    CLASS_NAME = "class_name"
    GRADE = "grade"
    PARTICIPANT = "participant_code"
    VARIANT = "variant"
    SCORES = "scores"  # the encoded task scores of one participant (see msoko/assessments/encoding.py)
    TOTAL = "total"  # primary score
    MARK = "mark"  # 2..5 from the scheme's scale
    JOURNAL_MARK = "journal_mark"
    SEX = "sex"
    ABSENT = "absent"
    PROCEDURE_ID = "procedure_id"
    SUBJECT = "subject"
    SCHOOL_YEAR = "school_year"
    TASK = "task"  # task label
    TASK_SCORE = "task_score"
    TASK_MAX = "task_max"
    LEVEL = "level"
    TEST_SCORE = "test_score"
    ANNUAL_MARK = "annual_mark"
    MEDAL_CANDIDATE = "medal_candidate"
