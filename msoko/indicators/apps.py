from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "msoko.indicators"
    verbose_name = "Показатели"

    def ready(self) -> None:
        from msoko.core.imports.kinds import register
        from msoko.indicators.import_kinds import KINDS

        for kind in KINDS:
            register(kind)
