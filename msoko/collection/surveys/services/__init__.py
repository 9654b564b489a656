"""The surveys' use cases (HackSoft services): questionnaires, surveys, answers."""

from msoko.collection.surveys.services.answers import (
    record_response,
    record_synthetic_responses,
    spend_token,
)
from msoko.collection.surveys.services.questionnaires import (
    copy_questionnaire,
    create_questionnaire,
    delete_questionnaire,
    edit_refusal,
    ready_made_questionnaires,
    update_questionnaire,
)
from msoko.collection.surveys.services.surveys import (
    Computed,
    add_mapping,
    close_due_surveys,
    close_due_surveys_job,
    close_survey,
    compute_survey_indicators,
    default_mappings,
    delete_mapping,
    issue_tokens,
    open_survey,
    set_expected,
)

__all__ = [
    "Computed",
    "add_mapping",
    "close_due_surveys",
    "close_due_surveys_job",
    "close_survey",
    "compute_survey_indicators",
    "copy_questionnaire",
    "create_questionnaire",
    "default_mappings",
    "delete_mapping",
    "delete_questionnaire",
    "edit_refusal",
    "issue_tokens",
    "open_survey",
    "ready_made_questionnaires",
    "record_response",
    "record_synthetic_responses",
    "set_expected",
    "spend_token",
    "update_questionnaire",
]
