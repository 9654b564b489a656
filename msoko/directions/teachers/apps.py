from django.apps import AppConfig


class TeachersConfig(AppConfig):
    name = "msoko.directions.teachers"
    label = "teacher_development"
    verbose_name = "Направление 7 — профессиональное развитие педагогов"

    def ready(self) -> None:
        from msoko.directions.registry import register_direction
        from msoko.directions.teachers.entry import ENTRY

        register_direction(ENTRY)
