from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "msoko.collection.surveys"
    label = "surveys"
    verbose_name = "Анкетирование участников образовательных отношений"

    def ready(self) -> None:
        from msoko.collection.surveys.services import close_due_surveys_job
        from msoko.core.tasks import register_daily

        register_daily(close_due_surveys_job)
