"""The one import pipeline: every kind of file goes through :func:`run_import`.

``records``: the report of an import, its rejection and how both are recorded; ``kinds``:
the registry the apps declare their kinds in (code, title, parameters, read, store …);
``run``: the function that owns rejection recording, the transaction, the batch, quarantine,
the acceptance record and the hand-off to the recompute pipeline.
"""

from msoko.core.imports.records import (
    ImportRejected,
    ImportReport,
    read_checked,
    record_acceptance,
    record_rejection,
    rejection_recorded,
)

__all__ = [
    "ImportRejected",
    "ImportReport",
    "read_checked",
    "record_acceptance",
    "record_rejection",
    "rejection_recorded",
]
