from django.apps import AppConfig


class ObjectivityConfig(AppConfig):
    name = "msoko.directions.objectivity"
    label = "objectivity"
    verbose_name = "Направление 5 — объективность результатов"

    def ready(self) -> None:
        from msoko.directions.objectivity import compute
        from msoko.pipeline.computations import register

        register(compute.COMPUTATION)
