"""Campaign pages. A form outside the user's scope is a 404 (selectors start from
``visible_to``); an action the role may not take is a 403. Views check, validate, call one
service and render."""

from msoko.collection.campaigns.views.department import (
    accept,
    campaign,
    campaign_create,
    campaigns,
    remind,
    send_back,
)
from msoko.collection.campaigns.views.filling import (
    evidence,
    save_answer,
    save_form,
    save_value,
    submission,
    submit,
    template,
    upload,
)

__all__ = [
    "accept",
    "campaign",
    "campaign_create",
    "campaigns",
    "evidence",
    "remind",
    "save_answer",
    "save_form",
    "save_value",
    "send_back",
    "submission",
    "submit",
    "template",
    "upload",
]
