from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "msoko.pipeline"
    label = "pipeline"
    verbose_name = "Пересчёт показателей"

    def ready(self) -> None:
        from msoko.core.hooks import backup_restored, import_accepted
        from msoko.pipeline.collected import register_collected
        from msoko.pipeline.receivers import fail_runs_without_task, recompute_after_import

        import_accepted.connect(recompute_after_import, dispatch_uid="pipeline.recompute_after_import")
        backup_restored.connect(fail_runs_without_task, dispatch_uid="pipeline.fail_runs_without_task")
        register_collected()
