"""An upload over MSOKO_MAX_UPLOAD_MB is refused with a Russian message and nothing is kept."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from msoko.assessments.forms import (
    BatchCorrectionForm,
    ReferenceUploadForm,
    ResultsUploadForm,
    SchemeUploadForm,
)
from msoko.core.models import ImportRecord
from msoko.core.uploads import MB
from msoko.registry.forms import RegistryImportForm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_megabyte(settings):
    settings.MSOKO_MAX_UPLOAD_MB = 1


def _csv(size: int) -> SimpleUploadedFile:
    """A valid organisations file of exactly ``size`` bytes (blank lines at the end)."""
    lines, length = ["Код ОО;Наименование\n".encode()], 0
    while length < size - 100:
        lines.append(f"{len(lines):06d};Школа № {len(lines)}\n".encode())
        length += len(lines[-1])
    content = b"".join(lines)
    return SimpleUploadedFile("big.csv", content + b"\n" * (size - len(content)))


def test_a_request_body_over_the_limit_is_a_413_page_before_anything_reads_it(specialist):
    # CSRF checks are on and no token is sent: the 413 comes before the CSRF check reads the body
    client = Client(enforce_csrf_checks=True)
    client.force_login(specialist)

    response = client.post(reverse("registry:import"), {"kind": "organizations", "file": _csv(3 * MB)})

    html = response.content.decode()
    assert response.status_code == 413
    assert "Файл слишком большой" in html
    assert "Загружать можно файлы не больше 1 МБ, а отправлено 3,0 МБ" in html
    assert not ImportRecord.objects.exists()


def test_a_file_just_over_the_limit_is_a_form_error_and_is_not_kept(client, specialist):
    client.force_login(specialist)

    response = client.post(reverse("registry:import"), {"kind": "organizations", "file": _csv(MB + 100_000)})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Загружать можно файлы не больше 1 МБ, а этот занимает 1,1 МБ" in html
    assert not ImportRecord.objects.exists()


def test_a_file_at_the_limit_is_accepted(client, specialist):
    client.force_login(specialist)

    response = client.post(reverse("registry:import"), {"kind": "organizations", "file": _csv(MB)})

    assert "Файл «big.csv» загружен" in response.content.decode()


@pytest.mark.parametrize(
    ("_case", "make_form"),
    [
        ("results", lambda files: ResultsUploadForm({}, files)),
        ("registry", lambda files: RegistryImportForm({}, files)),
        ("scheme", lambda files: SchemeUploadForm({}, files)),
        ("reference", lambda files: ReferenceUploadForm({}, files)),
        ("batch_correction", lambda files: BatchCorrectionForm({}, files, procedure=None)),
    ],
)
def test_every_upload_form_refuses_a_file_over_the_limit(_case, make_form):
    form = make_form({"file": _csv(2 * MB)})

    form.is_valid()

    assert form.errors["file"] == [
        "Загружать можно файлы не больше 1 МБ, а этот занимает 2,0 МБ: разделите его на несколько файлов "
        "или уберите лишние листы и столбцы."
    ]
    assert f'data-max-bytes="{MB}"' in str(form["file"])
