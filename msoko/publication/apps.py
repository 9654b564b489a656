"""The public page: the year's procedure results by municipality and school, with small groups
suppressed, open without login, and the same table as `msoko export public`."""

from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "msoko.publication"
    label = "publication"
    verbose_name = "Открытые данные"
