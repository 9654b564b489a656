# Batch moved to the core app (state only: the column and its table are unchanged).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0002_teachercourse'),
        ('core', '0003_batch_quarantine_moved'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='teachercourse', name='batch', field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.batch')),
            ],
            database_operations=[],
        ),
    ]
