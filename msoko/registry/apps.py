from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "msoko.registry"
    verbose_name = "Реестр: организации, классы, обучающиеся, педагоги"

    def ready(self) -> None:
        from msoko.core.imports.kinds import register
        from msoko.core.retention import holds_student_data
        from msoko.registry.import_kinds import KINDS
        from msoko.registry.retention import remove_enrollments

        for kind in KINDS:
            register(kind)
        holds_student_data("зачисления в классы", remove_enrollments)
