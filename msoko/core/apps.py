from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "msoko.core"
    verbose_name = "Ядро: пользователи, учебные годы, журнал действий"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from msoko.core import signals  # noqa: F401  (connects login auditing)

        post_migrate.connect(_create_cache_table, sender=self)


def _create_cache_table(sender, using: str = "default", **kwargs) -> None:
    """The shared page cache lives in the database (settings.CACHES): made with the schema."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
