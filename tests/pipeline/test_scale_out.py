"""Two web processes and two workers on one database take concurrent uploads of two school
years: every upload is accepted, every run is done or merged into one that was done, every
queued task ran exactly once, and the stored values are exactly the uploaded pupils.

Runs on the database the suite runs on (CI: SQLite, then PostgreSQL, where the run gets a
database of its own beside the test database)."""

from __future__ import annotations

import os

from bench.scaleout import YEARS, run_scaleout


def test_two_web_processes_and_two_workers_lose_no_run_and_do_none_twice():
    outcome = run_scaleout(
        schools=20, rows_per_school=20, chunks=4, database_url=os.environ.get("MSOKO_DATABASE_URL")
    )

    assert outcome.uploads == 8  # four chunks of five schools, two school years, all at once
    assert set(outcome.runs) <= {"done", "merged"}, outcome.runs  # none failed, none left waiting
    assert outcome.runs.get("done", 0) >= len(YEARS)  # each year was computed at least once
    # one queued task per run, each ran once (a merged run's task finds its run taken and returns)
    assert outcome.tasks == {"SUCCESSFUL": sum(outcome.runs.values())}
    assert outcome.participants == outcome.expected == {YEARS[0]: 400, YEARS[1]: 400}
    assert outcome.schools_with_values == {YEARS[0]: 20, YEARS[1]: 20}
