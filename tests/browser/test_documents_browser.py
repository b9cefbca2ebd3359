"""The results page and a document page, in Chromium, on a fixture that has documents
(the real site has none yet: the page grid skips them there): axe's WCAG 2.1 AA rules
at desktop and phone width, nothing wider than a phone, no request to another host, and
the download link leads to the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import ServedSite, assert_page_checks, page_path, serve
from playwright.sync_api import Page

from support import LANGUAGES, BuiltSite, build_site
from test_documents import with_documents

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    built = build_site(with_documents(tmp_path_factory.mktemp("documents") / "project"))
    server, origin = serve(built.root, built.root)
    yield ServedSite(built.root, origin)
    server.shutdown()


@pytest.mark.parametrize("page_type", ["results", "document"])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_document_pages_pass_axe_and_fit(served: ServedSite, tabs: dict[str, Page],
                                         width: str, lang: str, page_type: str) -> None:
    assert_page_checks(tabs[width], served, page_path(served.built, lang, page_type), width)


def test_the_download_link_serves_the_file(served: ServedSite, page: Page) -> None:
    page.goto(served.url("es/documents/2024-02-01-baseline/"))
    link = page.locator("article .clamtex-document__download a")
    href = link.get_attribute("href")
    assert href
    response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
    assert response.status == 200
    assert response.body()[:5] == b"%PDF-"
    assert len(response.body()) == (BuiltSite(served.root).path(
        "assets/documents/d2-1-baseline.pdf").stat().st_size)
    assert Path(href).name == "d2-1-baseline.pdf"
