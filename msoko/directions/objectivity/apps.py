from django.apps import AppConfig


class ObjectivityConfig(AppConfig):
    name = "msoko.directions.objectivity"
    label = "objectivity"
    verbose_name = "Направление 5 — объективность результатов"

    def ready(self) -> None:
        from msoko.directions.objectivity.entry import ENTRY
        from msoko.directions.objectivity.pages import warm_evidence_pages
        from msoko.directions.registry import register_direction
        from msoko.pipeline.runs import register_after_run

        register_direction(ENTRY)
        register_after_run(warm_evidence_pages)
