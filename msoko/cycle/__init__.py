"""The management cycle: findings from flags and missed targets, targeted recommendations,
measures and management decisions, and the measured effect of those measures.

It sits above the directions: it adds its panel to every direction's page through
``directions.registry.register_panel`` and syncs findings at the end of every recompute.
"""
