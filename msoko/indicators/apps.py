from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "msoko.indicators"
    verbose_name = "Показатели"
