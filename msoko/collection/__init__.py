"""Data the department collects from organisations and people: monitoring campaigns with web
forms, templates and checklists (``campaigns``) and anonymous surveys (``surveys``).

What they accept is stored as the organisations' reported values (``indicators.MonitoringValue``),
the same store the `monitoring` file import writes, and becomes indicator values in the recompute.
"""
