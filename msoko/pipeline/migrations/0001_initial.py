# State-only move of ComputeRun from the indicators app: the table keeps its name.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_initial'),
        ('indicators', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ComputeRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='создан')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='начат')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='завершён')),
                        ('status', models.CharField(choices=[('queued', 'в очереди'), ('running', 'выполняется'), ('done', 'готово'), ('failed', 'ошибка')], default='queued', max_length=10, verbose_name='состояние')),
                        ('reason', models.CharField(max_length=200, verbose_name='причина')),
                        ('progress', models.CharField(blank=True, max_length=200, verbose_name='ход работы')),
                        ('values', models.PositiveIntegerField(default=0, verbose_name='значений')),
                        ('error', models.TextField(blank=True, verbose_name='ошибка')),
                        ('school_year', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.schoolyear')),
                    ],
                    options={
                        'db_table': 'indicators_computerun',
                        'verbose_name': 'пересчёт показателей',
                        'verbose_name_plural': 'пересчёты показателей',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
