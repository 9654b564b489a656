from django.apps import AppConfig


class PrincipalsConfig(AppConfig):
    name = "msoko.directions.principals"
    label = "principals"
    verbose_name = "Направление 6 — эффективность руководителей ОО"

    def ready(self) -> None:
        from msoko.directions.principals.entry import ENTRY
        from msoko.directions.registry import register_direction

        register_direction(ENTRY)
