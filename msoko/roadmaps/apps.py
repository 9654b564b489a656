from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "msoko.roadmaps"
    label = "roadmaps"
    verbose_name = "Дорожные карты"
