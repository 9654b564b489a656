"""The recommendation workflow through its pages, and who sees what: the department drafts,
approves and sends; a school sees only what was sent to it, acknowledges and reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from msoko.core.models import AuditAction, AuditEvent, SchoolYear
from msoko.cycle import services
from msoko.cycle.models import Addressee, Finding, Recommendation, Source, Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_b_user(school_b):
    return factories.UserFactory(username="school2", role="school", organization=school_b)


def _recommendation(
    org, *, status=Status.SENT, due_on=None, addressee=Addressee.ORGANIZATION
) -> Recommendation:
    year = SchoolYear.get_by_name("2024/2025")
    finding, _ = Finding.objects.get_or_create(
        school_year=year,
        org_code=org.code,
        code="low_results",
        defaults={
            "organization": org,
            "source": Source.FLAG,
            "direction": 2,
            "opened_on": dt.date(2025, 6, 1),
        },
    )
    return Recommendation.objects.create(
        school_year=year,
        direction=2,
        finding=finding,
        addressee=addressee,
        organization=org,
        addressee_name=org.name,
        text=f"Разработать программу перехода {org.code}",
        due_on=due_on or timezone.localdate() + dt.timedelta(days=30),
        status=status,
    )


def _post(client, user, r, action):
    client.force_login(user)
    return client.post(reverse("cycle:recommendation_action", args=[r.pk, action]))


def test_the_department_approves_and_sends_and_each_step_is_audited(client, specialist, school_a):
    r = _recommendation(school_a, status=Status.DRAFT)

    _post(client, specialist, r, "approve")
    _post(client, specialist, r, "send")

    r.refresh_from_db()
    assert r.status == Status.SENT
    assert r.approved_at is not None
    assert r.sent_at is not None
    summaries = list(
        AuditEvent.objects.filter(object_id=str(r.pk), action=AuditAction.UPDATE, actor=specialist)
        .order_by("at", "id")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        f"Управленческий цикл: рекомендация № {r.pk} (МБОУ «Средняя школа № 1») утверждена",
        f"Управленческий цикл: рекомендация № {r.pk} (МБОУ «Средняя школа № 1») направлена адресату",
    ]


def test_sending_a_draft_before_approval_is_refused(client, specialist, school_a):
    r = _recommendation(school_a, status=Status.DRAFT)

    response = _post(client, specialist, r, "send")

    r.refresh_from_db()
    assert r.status == Status.DRAFT
    assert response.status_code == 302
    page = client.get(reverse("cycle:recommendation", args=[r.pk])).content.decode()
    assert "только в состоянии «утверждена»" in page


def test_a_school_sees_only_what_was_sent_to_it(client, school_user, school_a, school_b):
    own = _recommendation(school_a)
    own_draft = _recommendation(school_a, status=Status.DRAFT)
    to_association = _recommendation(school_a, addressee=Addressee.ASSOCIATION)
    other = _recommendation(school_b)
    client.force_login(school_user)

    listed = client.get(reverse("cycle:recommendations")).context["rows"]

    assert [r.pk for r in listed] == [own.pk]
    for hidden in (own_draft, to_association, other):
        assert client.get(reverse("cycle:recommendation", args=[hidden.pk])).status_code == 404


def test_a_school_cannot_approve_or_act_on_another_schools_recommendation(
    client, school_user, school_a, school_b
):
    own = _recommendation(school_a)
    other = _recommendation(school_b)

    assert _post(client, school_user, own, "approve").status_code == 403
    assert _post(client, school_user, other, "acknowledge").status_code == 404
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, other.status) == (Status.SENT, Status.SENT)


def test_a_methodologist_reads_but_does_not_approve(client, methodologist, school_a):
    r = _recommendation(school_a, status=Status.DRAFT)
    client.force_login(methodologist)

    assert client.get(reverse("cycle:recommendation", args=[r.pk])).status_code == 200
    assert _post(client, methodologist, r, "approve").status_code == 403
    assert client.get(reverse("cycle:rule_create")).status_code == 403


def test_the_school_acknowledges_and_reports_with_a_file_only_it_and_the_department_download(
    client, school_user, school_b_user, specialist, school_a
):
    r = _recommendation(school_a)
    _post(client, school_user, r, "acknowledge")
    r.refresh_from_db()
    assert r.status == Status.ACKNOWLEDGED

    upload = SimpleUploadedFile("prikaz.pdf", b"%PDF-1.4 programme", content_type="application/pdf")
    response = client.post(
        reverse("cycle:recommendation", args=[r.pk]),
        {"form": "report", "text": "Программа утверждена приказом № 12", "file": upload},
    )

    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.DONE
    assert r.report_text == "Программа утверждена приказом № 12"
    assert r.report_file.name.startswith("cycle/reports/2024/")
    assert r.reported_by == school_user
    download = client.get(reverse("cycle:recommendation_file", args=[r.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 programme"
    client.force_login(school_b_user)
    assert client.get(reverse("cycle:recommendation_file", args=[r.pk])).status_code == 404
    client.force_login(specialist)
    again = client.get(reverse("cycle:recommendation_file", args=[r.pk]))
    again.close()
    assert again.status_code == 200


def test_a_report_without_evidence_is_refused(client, school_user, school_a):
    r = _recommendation(school_a)
    client.force_login(school_user)

    response = client.post(
        reverse("cycle:recommendation", args=[r.pk]), {"form": "report", "text": "сделали"}
    )

    assert response.status_code == 400
    assert "Приложите подтверждение: файл или ссылку." in response.content.decode()
    r.refresh_from_db()
    assert r.status == Status.SENT


def test_the_department_cannot_report_for_the_school(client, specialist, school_a):
    r = _recommendation(school_a)
    client.force_login(specialist)

    response = client.post(
        reverse("cycle:recommendation", args=[r.pk]), {"form": "report", "text": "x", "link": "https://a.ru"}
    )

    assert response.status_code == 403


def test_a_sent_recommendation_past_its_due_date_is_overdue(client, specialist, school_a, school_b):
    late = _recommendation(school_a, due_on=timezone.localdate() - dt.timedelta(days=1))
    _recommendation(school_b)
    client.force_login(specialist)

    rows = client.get(reverse("cycle:recommendations"), {"state": "overdue"}).context["rows"]

    assert [r.pk for r in rows] == [late.pk]
    assert late.state() == "overdue"
    assert late.state_title == "просрочена"


def test_the_department_edits_a_draft_but_not_a_sent_recommendation(client, specialist, school_a):
    draft = _recommendation(school_a, status=Status.DRAFT)
    sent = _recommendation(school_a)
    client.force_login(specialist)
    data = {"form": "edit", "addressee_name": "Директору", "text": "Новый текст", "due_on": "2026-12-31"}

    client.post(reverse("cycle:recommendation", args=[draft.pk]), data)
    client.post(reverse("cycle:recommendation", args=[sent.pk]), data)

    draft.refresh_from_db()
    sent.refresh_from_db()
    assert (draft.text, draft.addressee_name, draft.due_on) == (
        "Новый текст",
        "Директору",
        dt.date(2026, 12, 31),
    )
    assert sent.text == "Разработать программу перехода 0001"


def test_issue_recommendations_drafts_approves_and_sends_for_the_demo(school_a):
    year = SchoolYear.get_by_name("2024/2025")
    Finding.objects.create(
        school_year=year,
        organization=school_a,
        org_code="0001",
        source=Source.FLAG,
        code="adverse_conditions",
        direction=2,
        opened_on=dt.date(2025, 6, 1),
    )
    services.ready_made_rules()

    issued = services.issue_recommendations(school_year=year)

    assert [r.status for r in issued] == [Status.SENT]
    assert Recommendation.objects.get().sent_at is not None
