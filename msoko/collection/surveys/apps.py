from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "msoko.collection.surveys"
    label = "surveys"
    verbose_name = "Анкетирование участников образовательных отношений"
