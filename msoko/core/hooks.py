"""Hooks the core offers to the layers above it, so that it never imports them.

``import_accepted`` is sent inside the transaction of every accepted import (by
``core.imports.record_acceptance``) with ``kind``, ``record_id``, ``school_year`` (or None)
and ``affects`` (the kinds of data it changed). The recompute pipeline subscribes to it.
"""

from __future__ import annotations

from django.dispatch import Signal

import_accepted = Signal()

#: sent inside the restore transaction, after the copy's rows are loaded (``core.backup``)
backup_restored = Signal()
