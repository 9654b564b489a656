# Finding is renamed for what it is (a criterion result); the direction-specific models moved to
# their direction apps (state only: their tables keep the flags_ names).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('flags', '0002_context_and_register'),
        ('objectivity', '0001_initial'),
        ('low_results', '0001_initial'),
    ]

    operations = [
        migrations.RenameModel('Finding', 'CriterionResult'),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel('FlagDispute'),
                migrations.DeleteModel('ContextValue'),
                migrations.DeleteModel('SupportEntry'),
            ],
            database_operations=[],
        ),
    ]
