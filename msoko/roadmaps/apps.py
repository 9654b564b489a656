"""Road maps (дорожные карты): municipal and school plans of activities, imported from the
documents departments already have (plain-text, Markdown and DOCX tables) and kept on schedule."""

from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "msoko.roadmaps"
    label = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self) -> None:
        from msoko.core.imports.kinds import register
        from msoko.roadmaps.import_kinds import KINDS

        for kind in KINDS:
            register(kind)
