"""Direction 1 — achievement of pupils: the analysis of one procedure, the seven ФИС ОКО
reports for the municipality, a school and a class
(docs/methodology.md#results-indicators, ФИОКО 2026 §1.3 and §1.5).

One read of the results per request, ``results_frame(procedure, viewer=user)``, the one scoped
read; the organisations come from ``Organization.objects.visible_to`` and stored indicator
values from ``IndicatorValue.objects.visible_to`` (``selectors.py``). Everything after that is
Polars over the frame with the pure functions of ``msoko.analytics``: no query per school or
per task (``frames.py``, then ``sections.py`` and ``ranking.py`` for the tables and charts).

A school user's frame holds only that school, so the municipality line they see is the
stored municipal value (``msoko compute``), not a recomputation.
"""
