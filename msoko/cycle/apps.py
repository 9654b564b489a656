"""The management cycle: findings from flags and missed targets, targeted recommendations,
measures and management decisions, and the measured effect of those measures.

It sits above the directions: it adds its panel to every direction's page through
``directions.registry.register_panel`` and syncs findings at the end of every recompute.
"""

from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "msoko.cycle"
    label = "cycle"
    verbose_name = "Управленческий цикл"

    def ready(self) -> None:
        from msoko.cycle.findings import COMPUTATION
        from msoko.cycle.selectors import panel_context
        from msoko.directions.registry import Panel, register_panel
        from msoko.pipeline.computations import register

        register(COMPUTATION)
        register_panel(
            Panel(title="Управленческий цикл", template="cycle/_panel.html", context=panel_context)
        )
