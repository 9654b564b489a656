"""The `monitoring` import kind, declared to the core's import pipeline (``apps.py``)."""

from __future__ import annotations

from msoko.core.imports.kinds import ImportKind
from msoko.indicators.services import read_monitoring, store_monitoring

KINDS = (
    ImportKind(
        code="monitoring",
        title="значения показателей из мониторинговых форм",
        read=read_monitoring,
        store=store_monitoring,
        description="Код ОО, код показателя (msoko indicators list), учебный год, значение.",
        affects=frozenset({"monitoring"}),
        school_upload=True,
        order=70,
    ),
)
