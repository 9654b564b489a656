from django.apps import AppConfig


class AchievementConfig(AppConfig):
    name = "msoko.directions.achievement"
    label = "achievement"
    verbose_name = "Направление 1 — достижения обучающихся"

    def ready(self) -> None:
        from msoko.directions.achievement import compute
        from msoko.pipeline.computations import register

        register(compute.COMPUTATION)
