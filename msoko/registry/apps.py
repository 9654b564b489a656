from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "msoko.registry"
    verbose_name = "Реестр: организации, классы, обучающиеся, педагоги"

    def ready(self) -> None:
        from msoko.core.imports.kinds import register
        from msoko.registry.import_kinds import KINDS

        for kind in KINDS:
            register(kind)
