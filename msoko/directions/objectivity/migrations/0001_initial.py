# State-only move: the tables were created by the flags app and keep their names.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_initial'),
        ('flags', '0002_context_and_register'),
        ('registry', '0002_teachercourse'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='FlagDispute',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('low_results', 'Низкие результаты (ШНОР)'), ('adverse_conditions', 'Неблагоприятные условия (ШФНСУ)'), ('unobjective', 'Признаки необъективности'), ('resilient', 'Резильентная школа'), ('official_markers', 'Маркеры необъективности (методика 2019)')], max_length=30, verbose_name='флаг')),
                        ('level', models.PositiveSmallIntegerField(verbose_name='уровень флага при записи')),
                        ('reasons', models.TextField(verbose_name='основания флага при записи')),
                        ('explanation', models.TextField(verbose_name='объяснение школы')),
                        ('excluded_class', models.CharField(blank=True, max_length=20, verbose_name='исключённый класс')),
                        ('what_if_level', models.PositiveSmallIntegerField(default=0, verbose_name='уровень без класса')),
                        ('what_if_reasons', models.TextField(blank=True, verbose_name='основания без класса')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='записано')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.organization')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('school_year', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.schoolyear')),
                    ],
                    options={
                        'db_table': 'flags_flagdispute',
                        'verbose_name': 'объяснение школы по флагу',
                        'verbose_name_plural': 'объяснения школ по флагам',
                        'ordering': ['-recorded_at'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
