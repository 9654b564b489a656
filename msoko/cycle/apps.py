from django.apps import AppConfig


class CycleConfig(AppConfig):
    name = "msoko.cycle"
    label = "cycle"
    verbose_name = "Управленческий цикл"
