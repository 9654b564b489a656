from django.apps import AppConfig


class TalentsConfig(AppConfig):
    name = "msoko.directions.talents"
    label = "talents"
    verbose_name = "Направление 3 — поддержка способных и талантливых обучающихся"

    def ready(self) -> None:
        from msoko.directions.registry import register_direction
        from msoko.directions.talents.entry import ENTRY

        register_direction(ENTRY)
