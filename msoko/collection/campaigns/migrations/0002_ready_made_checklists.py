"""The two ready-made checklists (web-site check, readiness for the school year), from the same
data ``services.ready_made_checklists()`` uses; an existing checklist is left as it is."""

from django.db import migrations


def create(apps, schema_editor):
    from msoko.collection.campaigns.checklists import READY_MADE

    Checklist = apps.get_model("campaigns", "Checklist")
    ChecklistItem = apps.get_model("campaigns", "ChecklistItem")
    for spec in READY_MADE:
        checklist, created = Checklist.objects.get_or_create(
            code=spec.code,
            defaults={
                "title": spec.title,
                "description": spec.description,
                "basis": spec.basis,
                "indicator_code": spec.indicator_code,
            },
        )
        if created:
            ChecklistItem.objects.bulk_create(
                ChecklistItem(
                    checklist=checklist,
                    number=number,
                    section=item.section,
                    text=item.text,
                    evidence_hint=item.evidence_hint,
                )
                for number, item in enumerate(spec.items, start=1)
            )


def remove(apps, schema_editor):
    from msoko.collection.campaigns.checklists import READY_MADE

    apps.get_model("campaigns", "Checklist").objects.filter(
        code__in=[spec.code for spec in READY_MADE], campaigns__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
