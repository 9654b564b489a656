from django.apps import AppConfig


class AchievementConfig(AppConfig):
    name = "msoko.directions.achievement"
    label = "achievement"
    verbose_name = "Направление 1 — достижения обучающихся"

    def ready(self) -> None:
        from msoko.directions.achievement.entry import ENTRY
        from msoko.directions.registry import register_direction

        register_direction(ENTRY)
