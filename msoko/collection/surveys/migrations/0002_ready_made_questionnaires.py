"""Install the ready-made questionnaires (ready_made.py); the same function as
services.ready_made_questionnaires, so running both leaves one copy of each."""

from django.db import migrations


def install(apps, schema_editor):
    from msoko.collection.surveys.ready_made import install as install_ready_made

    install_ready_made(apps.get_model("surveys", "Questionnaire"), apps.get_model("surveys", "Question"))


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
