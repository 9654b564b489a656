"""The survey pages: the department's management, the links and codes, the aggregates, and the
respondent's public questionnaire."""

from msoko.collection.surveys.views.answer import answer, thanks
from msoko.collection.surveys.views.links import qr, qr_sheet, token_sheet, tokens
from msoko.collection.surveys.views.manage import (
    close,
    compute,
    expected,
    index,
    mapping_add,
    mapping_delete,
    open_survey,
    questionnaire,
    questionnaire_copy,
    questionnaire_create,
    questionnaire_delete,
    questionnaire_edit,
    questionnaires,
    ready_made,
    survey,
)
from msoko.collection.surveys.views.results import export, results

__all__ = [
    "answer",
    "close",
    "compute",
    "expected",
    "export",
    "index",
    "mapping_add",
    "mapping_delete",
    "open_survey",
    "qr",
    "qr_sheet",
    "questionnaire",
    "questionnaire_copy",
    "questionnaire_create",
    "questionnaire_delete",
    "questionnaire_edit",
    "questionnaires",
    "ready_made",
    "results",
    "survey",
    "thanks",
    "token_sheet",
    "tokens",
]
