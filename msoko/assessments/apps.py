from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "msoko.assessments"
    verbose_name = "Оценочные процедуры и их результаты"
