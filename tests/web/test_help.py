"""The help pages render the repository's Russian documents; pages link there, never to a
repository path or a command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from msoko.web import help as help_documents

pytestmark = pytest.mark.django_db
TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "msoko").rglob("*.html"))


def test_the_methodology_is_a_public_page_with_its_contents(client):
    response = client.get("/help/methodology/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Справка</h1>" in html
    # the anchors the code and the pages link to are there, and in the contents
    for anchor in ("success-rate", "objectivity", "direction-2", "regional-export"):
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html
    assert "<table>" in html  # markdown tables are rendered, not left as pipes


def test_links_between_help_documents_go_to_their_pages(settings, tmp_path):
    (tmp_path / "methodology.md").write_text(
        '## <a id="a"></a>Раздел\nСм. [форматы](formats.md#results) и [код](../msoko/x.py).\n',
        encoding="utf-8",
    )
    settings.MSOKO_DOCS_DIR = tmp_path

    page = help_documents.rendered(help_documents.BY_SLUG["methodology"])

    assert page is not None
    assert 'href="/help/formats/#results"' in page.html
    assert "../msoko/x.py" not in page.html
    assert page.toc == ((2, "a", "Раздел"),)


def test_an_unknown_help_page_is_404(client):
    assert client.get("/help/nothing/").status_code == 404


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_no_page_names_a_repository_path_or_a_command(path):
    text = path.read_text(encoding="utf-8")

    assert not re.search(r"\bmsoko (compute|import|export|demo|worker|serve)\b", text)
    assert not re.search(r"(docs|shared)/[\w/.-]+\.(md|py|pdf)", text)


def test_every_heading_is_in_the_contents_and_the_catalogue_is_a_help_page(client):
    page = help_documents.rendered(help_documents.BY_SLUG["methodology"])

    assert page is not None
    titles = [text for _, _, text in page.toc]
    assert "Реестр" in titles  # a heading without its own anchor gets one
    assert any("results.*" in text for text in titles)
    assert client.get("/help/indicators/").status_code == 200
