"""The ready-made recommendation rules in the seeds' wording (services.rules.READY_MADE), so a
new installation drafts recommendations from its first recompute; loading them is idempotent."""

from django.db import migrations


def add_rules(apps, schema_editor):
    from msoko.cycle.services.rules import READY_MADE

    Rule = apps.get_model("cycle", "RecommendationRule")
    known = set(Rule.objects.exclude(key="").values_list("key", flat=True))
    Rule.objects.bulk_create(
        Rule(
            key=key,
            title=title,
            match_kind=kind,
            match_value=str(value),
            addressee=addressee,
            association=association,
            text=text,
            due_days=days,
        )
        for key, title, kind, value, addressee, association, text, days in READY_MADE
        if key not in known
    )


class Migration(migrations.Migration):
    dependencies = [("cycle", "0001_initial")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
