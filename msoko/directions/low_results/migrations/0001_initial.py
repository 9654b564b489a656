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
                    name='ContextValue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('context_index', models.FloatField(null=True, verbose_name='индекс социального контекста')),
                        ('pupils', models.PositiveIntegerField(default=0, verbose_name='работ учащихся')),
                        ('result', models.FloatField(null=True, verbose_name='результат')),
                        ('expected', models.FloatField(null=True, verbose_name='ожидаемый результат')),
                        ('value_added', models.FloatField(null=True, verbose_name='относительно ожидаемого')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.organization')),
                        ('school_year', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.schoolyear')),
                    ],
                    options={
                        'db_table': 'flags_contextvalue',
                        'verbose_name': 'контекст и результат школы',
                        'verbose_name_plural': 'контекст и результаты школ',
                        'constraints': [models.UniqueConstraint(fields=('school_year', 'organization'), name='unique_context_value')],
                    },
                ),
                migrations.CreateModel(
                    name='SupportEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('order_number', models.CharField(max_length=60, verbose_name='номер приказа')),
                        ('order_date', models.DateField(blank=True, null=True, verbose_name='дата приказа')),
                        ('programme', models.TextField(blank=True, verbose_name='программа перехода в эффективный режим')),
                        ('confirmed_at', models.DateTimeField(auto_now_add=True, verbose_name='подтверждено')),
                        ('confirmed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('mentor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.organization', verbose_name='школа-наставник')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.organization')),
                        ('school_year', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.schoolyear')),
                    ],
                    options={
                        'db_table': 'flags_supportentry',
                        'verbose_name': 'школа в перечне ШНОР',
                        'verbose_name_plural': 'перечень ШНОР',
                        'constraints': [models.UniqueConstraint(fields=('school_year', 'organization'), name='unique_support_entry')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
