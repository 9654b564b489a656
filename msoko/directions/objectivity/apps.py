from django.apps import AppConfig


class ObjectivityConfig(AppConfig):
    name = "msoko.directions.objectivity"
    label = "objectivity"
    verbose_name = "Направление 5 — объективность результатов"

    def ready(self) -> None:
        from msoko.directions.objectivity.entry import ENTRY
        from msoko.directions.registry import register_direction

        register_direction(ENTRY)
