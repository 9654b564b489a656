"""Use cases of monitoring campaigns: one transaction and one audit row each, keyword-only.

``setup``: campaigns and the ready-made checklists; ``filling``: what the organisation does
with its form; ``review``: what the department does (accept, return, remind); ``workbook``:
the XLSX template and its upload. The web pages and the demo loader call the same functions.
"""

from msoko.collection.campaigns.services.filling import (
    fill_checklist,
    fill_submission,
    save_answer,
    save_value,
    submission_problems,
    submit_submission,
)
from msoko.collection.campaigns.services.review import (
    Reminders,
    accept_submission,
    checklist_indicator,
    collected_values,
    reminder_targets,
    return_submission,
    send_reminders,
)
from msoko.collection.campaigns.services.setup import (
    create_campaign,
    create_checklist_campaign,
    ready_made_checklists,
)
from msoko.collection.campaigns.services.workbook import Uploaded, template_workbook, upload_template

__all__ = [
    "Reminders",
    "Uploaded",
    "accept_submission",
    "checklist_indicator",
    "collected_values",
    "create_campaign",
    "create_checklist_campaign",
    "fill_checklist",
    "fill_submission",
    "ready_made_checklists",
    "reminder_targets",
    "return_submission",
    "save_answer",
    "save_value",
    "send_reminders",
    "submission_problems",
    "submit_submission",
    "template_workbook",
    "upload_template",
]
