from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "msoko.flags"
    verbose_name = "Флаги и группы риска"
