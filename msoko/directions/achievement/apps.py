from django.apps import AppConfig


class AchievementConfig(AppConfig):
    name = "msoko.directions.achievement"
    label = "achievement"
    verbose_name = "Направление 1 — достижения обучающихся"

    def ready(self) -> None:
        from msoko.directions.achievement.entry import ENTRY
        from msoko.directions.achievement.warm import warm_analysis_pages
        from msoko.directions.registry import register_direction
        from msoko.pipeline.runs import register_after_run

        register_direction(ENTRY)
        register_after_run(warm_analysis_pages)
