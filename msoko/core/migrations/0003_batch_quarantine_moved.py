# State-only move of Batch and QuarantineRow from the assessments app: the tables keep their names.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_initial'),
        ('assessments', '0003_batch_params'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Batch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=30, verbose_name='вид данных')),
                        ('title', models.CharField(blank=True, max_length=200, verbose_name='данные')),
                        ('params', models.JSONField(blank=True, default=dict, verbose_name='параметры загрузки')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='загружено')),
                        ('rows', models.PositiveIntegerField(default=0, verbose_name='строк загружено')),
                        ('organizations', models.PositiveIntegerField(default=0, verbose_name='организаций')),
                        ('quarantined', models.PositiveIntegerField(default=0, verbose_name='строк в карантине')),
                        ('import_record', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='batches', to='core.importrecord')),
                        ('school_year', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='core.schoolyear')),
                    ],
                    options={
                        'db_table': 'assessments_batch',
                        'verbose_name': 'пакет загрузки',
                        'verbose_name_plural': 'пакеты загрузки',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='QuarantineRow',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('row', models.PositiveIntegerField(verbose_name='строка файла')),
                        ('values', models.JSONField(verbose_name='значения')),
                        ('headers', models.JSONField(default=list, verbose_name='заголовки')),
                        ('org_code', models.CharField(blank=True, max_length=40, verbose_name='код ОО')),
                        ('participant_code', models.CharField(blank=True, max_length=40, verbose_name='код участника')),
                        ('errors', models.JSONField(verbose_name='ошибки')),
                        ('resolved', models.BooleanField(default=False, verbose_name='исправлена')),
                        ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quarantine', to='core.batch')),
                    ],
                    options={
                        'db_table': 'assessments_quarantinerow',
                        'verbose_name': 'строка в карантине',
                        'verbose_name_plural': 'карантин',
                        'ordering': ['batch', 'row'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
