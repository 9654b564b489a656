# Batch and QuarantineRow moved to the core app (state only: tables and columns are unchanged).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0003_batch_params'),
        ('core', '0003_batch_quarantine_moved'),
        ('registry', '0003_batch_in_core'),
        ('indicators', '0003_batch_in_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='resultdata', name='batch', field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='result_data', to='core.batch')),
                migrations.AlterField(model_name='resultcoverage', name='batch', field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coverage', to='core.batch')),
                migrations.AlterField(model_name='giaresult', name='batch', field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.batch')),
                migrations.AlterField(model_name='journalmark', name='batch', field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.batch')),
                migrations.AlterField(model_name='olympiadresult', name='batch', field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.batch')),
                migrations.DeleteModel(name='QuarantineRow'),
                migrations.DeleteModel(name='Batch'),
            ],
            database_operations=[],
        ),
    ]
