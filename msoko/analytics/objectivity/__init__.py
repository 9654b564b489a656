"""Signs of unobjective results (direction 5): the official 2019 markers and our criteria.

Pure Polars and SciPy, no Django. Every criterion returns findings in one shape
(:data:`findings.FINDING_SCHEMA`): one row per school (or class) and scope, with the observed
and expected values, a p-value, whether it was evaluated at all (the small-sample guard) and
whether it fired, and the reason in plain Russian. ``flags.py`` turns the fired findings
into the `unobjective` flag with a level 1–3; ``official.py`` is the Rosobrnadzor/FIOKO 2019
algorithm, exported as its own flag `official_markers`. docs/methodology.md#objectivity.
"""
