"""Direction 3: support of gifted and motivated pupils (ВсОШ stages, the bank of gifted children)."""

from django.apps import AppConfig


class TalentsConfig(AppConfig):
    name = "msoko.directions.talents"
    label = "talents"
    verbose_name = "Направление 3 — поддержка способных и талантливых обучающихся"

    def ready(self) -> None:
        from msoko.core.retention import holds_student_data
        from msoko.directions.registry import register_direction
        from msoko.directions.talents.entry import ENTRY
        from msoko.directions.talents.services import remove_year_achievements

        register_direction(ENTRY)
        holds_student_data("достижения в банке одарённых детей", remove_year_achievements)
