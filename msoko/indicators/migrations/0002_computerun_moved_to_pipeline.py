# ComputeRun moved to the pipeline app (state only: the table keeps its name).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0001_initial'),
        ('pipeline', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel('ComputeRun')],
            database_operations=[],
        ),
    ]
