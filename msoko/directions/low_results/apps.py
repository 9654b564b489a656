from django.apps import AppConfig


class LowResultsConfig(AppConfig):
    name = "msoko.directions.low_results"
    label = "low_results"
    verbose_name = "Направление 2 — ШНОР, ШФНСУ и резильентные школы"

    def ready(self) -> None:
        from msoko.directions.low_results.entry import ENTRY
        from msoko.directions.low_results.pages import warm_support_pages
        from msoko.directions.registry import register_direction
        from msoko.pipeline.runs import register_after_run

        register_direction(ENTRY)
        register_after_run(warm_support_pages)
