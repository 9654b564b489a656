from django.apps import AppConfig


class CareerConfig(AppConfig):
    name = "msoko.directions.career"
    label = "career"
    verbose_name = "Направление 4 — самоопределение и профессиональная ориентация"

    def ready(self) -> None:
        from msoko.directions.career.entry import ENTRY
        from msoko.directions.registry import register_direction

        register_direction(ENTRY)
