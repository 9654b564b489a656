from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "msoko.assessments"
    verbose_name = "Оценочные процедуры и их результаты"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from msoko.assessments.import_kinds import KINDS
        from msoko.assessments.services import retention
        from msoko.core.imports.kinds import register
        from msoko.core.retention import holds_student_data

        for kind in KINDS:
            register(kind)
        holds_student_data("результаты работ (участников)", retention.remove_results)
        holds_student_data("результаты ГИА", retention.remove_gia)
        holds_student_data("отметки журнала", retention.remove_marks)
        holds_student_data("участники олимпиад", retention.remove_olympiads)
        post_migrate.connect(_store_builtin_schemes, sender=self)


def _store_builtin_schemes(sender, **kwargs) -> None:
    from msoko.assessments.services.schemes import ensure_builtin_schemes

    ensure_builtin_schemes()
