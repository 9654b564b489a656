from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "msoko.assessments"
    verbose_name = "Оценочные процедуры и их результаты"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from msoko.assessments.import_kinds import KINDS
        from msoko.core.imports.kinds import register

        for kind in KINDS:
            register(kind)
        post_migrate.connect(_store_builtin_schemes, sender=self)


def _store_builtin_schemes(sender, **kwargs) -> None:
    from msoko.assessments.services.schemes import ensure_builtin_schemes

    ensure_builtin_schemes()
