"""Use cases that write procedures, schemes and results, one module per kind of data."""

from msoko.assessments.keys import ProcedureKey
from msoko.assessments.services.common import procedure_for
from msoko.assessments.services.gia import import_gia
from msoko.assessments.services.marks import import_marks
from msoko.assessments.services.olympiad import import_olympiad
from msoko.assessments.services.results import import_results
from msoko.assessments.services.schemes import import_scheme, save_scheme, scheme_for

__all__ = [
    "ProcedureKey",
    "import_gia",
    "import_marks",
    "import_olympiad",
    "import_results",
    "import_scheme",
    "procedure_for",
    "save_scheme",
    "scheme_for",
]
