from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "msoko.core"
    verbose_name = "Ядро: пользователи, учебные годы, журнал действий"

    def ready(self) -> None:
        from msoko.core import signals  # noqa: F401  (connects login auditing)
