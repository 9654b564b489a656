# A batch says what it is of in words and keeps the import's arguments, instead of a link to a
# procedure: batches move to the core's import pipeline, which knows no procedures.

from django.db import migrations, models


def describe_batches(apps, schema_editor):
    Batch = apps.get_model("assessments", "Batch")
    for batch in Batch.objects.exclude(procedure=None).select_related("procedure__school_year"):
        procedure = batch.procedure
        grade = f", {procedure.grade} класс" if procedure.grade else ""
        batch.title = f"{procedure.kind}, {procedure.subject}{grade}, {procedure.school_year.name}"[:200]
        batch.params = {
            "procedure": procedure.kind,
            "subject": procedure.subject,
            "grade": procedure.grade,
            "year": procedure.school_year.name,
        }
        batch.save(update_fields=["title", "params"])


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0002_reference_values'),
    ]

    operations = [
        migrations.AddField(
            model_name='batch',
            name='title',
            field=models.CharField(blank=True, max_length=200, verbose_name='данные'),
        ),
        migrations.AddField(
            model_name='batch',
            name='params',
            field=models.JSONField(blank=True, default=dict, verbose_name='параметры загрузки'),
        ),
        migrations.RunPython(describe_batches, migrations.RunPython.noop),
        migrations.RemoveField(model_name='batch', name='procedure'),
    ]
