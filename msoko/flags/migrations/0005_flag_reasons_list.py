# A flag's reasons become a list of sentences (worded together only when shown or exported).

from django.db import migrations, models


def split_reasons(apps, schema_editor):
    Flag = apps.get_model("flags", "Flag")
    for flag in Flag.objects.all().only("pk", "reasons_text"):
        flag.reasons_list = [r for r in flag.reasons_text.split("; ") if r]
        flag.save(update_fields=["reasons_list"])


class Migration(migrations.Migration):

    dependencies = [
        ('flags', '0004_criterionresult_index'),
    ]

    operations = [
        migrations.RenameField(model_name='flag', old_name='reasons', new_name='reasons_text'),
        migrations.AddField(
            model_name='flag',
            name='reasons_list',
            field=models.JSONField(default=list, verbose_name='основания'),
        ),
        migrations.RunPython(split_reasons, migrations.RunPython.noop),
        migrations.RemoveField(model_name='flag', name='reasons_text'),
        migrations.RenameField(model_name='flag', old_name='reasons_list', new_name='reasons'),
    ]
