"""Road map pages: the upload preview writes nothing until confirmed; evidence is access-checked."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from msoko.roadmaps import services
from msoko.roadmaps.models import Activity, RoadMap, Status
from tests import factories
from tests.roadmaps.test_cli import PLAN

pytestmark = pytest.mark.django_db


def test_upload_previews_then_saves_on_confirmation(client, specialist):
    client.force_login(specialist)

    preview = client.post(reverse("roadmaps:upload"), {"file": SimpleUploadedFile("plan.txt", PLAN.encode())})

    assert preview.status_code == 200
    assert "Педсовет" in preview.content.decode()
    assert not RoadMap.objects.exists()
    confirm = preview.context["confirm"].initial
    saved = client.post(reverse("roadmaps:upload_confirm"), confirm)
    roadmap = RoadMap.objects.get()
    assert saved.status_code == 302
    assert saved.url == reverse("roadmaps:detail", args=[roadmap.pk])
    assert roadmap.activities.count() == 2


def test_pages_open_and_another_school_gets_404(client, specialist, school_a, school_b):
    roadmap = services.import_roadmap_text(PLAN, title="Школа 1", organization=school_a, actor=specialist)
    activity = roadmap.activities.first()
    services.record_execution(
        activity=activity,
        execution=services.Execution(
            status=Status.DONE, evidence_file=SimpleUploadedFile("акт.pdf", b"%PDF")
        ),
        actor=specialist,
    )
    other = factories.UserFactory(username="b", role="school", organization=school_b)
    own = factories.UserFactory(username="a", role="school", organization=school_a)

    client.force_login(own)
    assert client.get(reverse("roadmaps:dashboard")).status_code == 200
    assert client.get(reverse("roadmaps:detail", args=[roadmap.pk])).status_code == 200
    download = client.get(reverse("roadmaps:evidence", args=[activity.pk]))
    assert (download.status_code, b"".join(download.streaming_content)) == (200, b"%PDF")
    response = client.post(
        reverse("roadmaps:activity", args=[activity.pk]), {"form": "execution", "status": "in_progress"}
    )
    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).status == Status.IN_PROGRESS
    client.force_login(other)
    assert client.get(reverse("roadmaps:detail", args=[roadmap.pk])).status_code == 404
    assert client.get(reverse("roadmaps:activity", args=[activity.pk])).status_code == 404
    assert client.get(reverse("roadmaps:evidence", args=[activity.pk])).status_code == 404


def test_export_download_of_what_the_user_sees(client, specialist):
    services.import_roadmap_text(PLAN, title=None, organization=None, actor=specialist)
    client.force_login(specialist)

    response = client.get(reverse("roadmaps:export"))

    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("Дорожная карта;Раздел;№;")
