from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "msoko.documents"
    label = "documents"
    verbose_name = "Документы"
