"""What the assessment pages share: who may upload results."""

from __future__ import annotations

from msoko.core.permissions import role_required

#: specialists and admins load any file; a school loads only its own results
results_uploaders_only = role_required(lambda user: user.can_upload_results)
