"""Assessment pages, one module per concern: results upload, batches, procedures, schemes.

Views stay thin: a permission decorator, a form, one selector or service call, a template.
Rows that belong to an organisation are read through :mod:`msoko.assessments.selectors`,
whose queries start from ``visible_to(request.user)``; a batch or a coverage row outside the
user's scope is a 404.
"""

from msoko.assessments.views.batches import batch_correct, batch_detail, batch_quarantine
from msoko.assessments.views.procedures import procedure_detail, procedures
from msoko.assessments.views.reference import procedure_reference, procedure_reference_xlsx
from msoko.assessments.views.schemes import scheme_detail, scheme_edit, scheme_upload, scheme_yaml, schemes
from msoko.assessments.views.upload import upload, upload_errors

__all__ = [
    "batch_correct",
    "batch_detail",
    "batch_quarantine",
    "procedure_detail",
    "procedure_reference",
    "procedure_reference_xlsx",
    "procedures",
    "scheme_detail",
    "scheme_edit",
    "scheme_upload",
    "scheme_yaml",
    "schemes",
    "upload",
    "upload_errors",
]
