from django.apps import AppConfig


class MethodicalConfig(AppConfig):
    name = "msoko.directions.methodical"
    label = "methodical"
    verbose_name = "Направление 8 — организация методической работы"

    def ready(self) -> None:
        from msoko.directions.methodical.entry import ENTRY
        from msoko.directions.registry import register_direction

        register_direction(ENTRY)
