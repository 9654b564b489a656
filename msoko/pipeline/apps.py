from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "msoko.pipeline"
    label = "pipeline"
    verbose_name = "Пересчёт показателей"

    def ready(self) -> None:
        from msoko.core.hooks import import_accepted
        from msoko.pipeline.receivers import recompute_after_import

        import_accepted.connect(recompute_after_import, dispatch_uid="pipeline.recompute_after_import")
