from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "msoko.collection.campaigns"
    label = "campaigns"
    verbose_name = "Мониторинговые кампании и чек-листы"
