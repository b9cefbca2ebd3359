"""The drafts preview's banners in Chromium: visible, a note in the page's language, and
no axe (WCAG 2.1 AA: contrast, landmarks) nor vnu error, at desktop and phone width."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from browsing import DESKTOP, PHONE, ServedSite, axe_violations, describe_violations, serve
from playwright.sync_api import Browser

from clamtex.build.preview import PreviewSession
from support import BuiltSite, fixture_site, write_news

pytestmark = pytest.mark.browser

PAGES = {  # path in the preview: the banner it shows
    "news/2027-03-10-spring-conference/": "Scheduled for 10 March 2027",
    "fr/news/2027-03-10-spring-conference/": "Publication prévue le 10 mars 2027",
    "news/2024-04-01-unfinished-report/": "Draft: not published",
    "ca/news/2024-04-01-unfinished-report/": "Esborrany: no publicat",
}


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """`clamtex serve --drafts` of the five-language fixture, on the eve of an item."""
    tmp = tmp_path_factory.mktemp("banner")
    project = fixture_site("multilingual", tmp / "project")
    write_news(project, "en", "2027-03-10-spring-conference",
               "title: Spring conference\ndate: 2027-03-10\nsummary: Coming in March.\n")
    write_news(project, "en", "2024-04-01-unfinished-report",
               "title: Unfinished report\ndate: 2024-04-01\nsummary: Not ready.\n"
               "draft: true\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAMTEX_TODAY", "2027-03-09")
        session = PreviewSession(project / "mkdocs.yml", tmp / "preview", drafts=True)
        session.build()
        session.close()
    server, origin = serve(tmp / "preview", tmp / "preview")
    yield ServedSite(tmp / "preview", origin)
    server.shutdown()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", sorted(PAGES))
def test_banner_is_visible_and_accessible(preview: ServedSite, browser: Browser,
                                          path: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    try:
        tab = context.new_page()
        tab.goto(preview.url(path))
        banner = tab.locator("aside.md-banner [role=note]")
        assert banner.is_visible()
        assert banner.inner_text().strip() == PAGES[path]
        lang = path.split("/")[0] if not path.startswith("news/") else "en"
        assert banner.get_attribute("lang") == lang
        box = banner.bounding_box()
        assert box is not None and box["y"] < 200, "at the top of the page"
        violations = axe_violations(tab)
        assert not violations, f"/{path}:\n{describe_violations(violations)}"
    finally:
        context.close()


def test_banner_pages_are_valid_html(preview: ServedSite) -> None:
    """vnu on the banner pages, with the filters (and reasons) of test_html_validity.py."""
    from test_html_validity import VNU_JAR, read_filters

    if shutil.which("java") is None or not VNU_JAR.is_file():
        pytest.fail("vnu needs Java and `npm ci`", pytrace=False)
    files = [BuiltSite(preview.root).path(path) for path in PAGES]
    assert all(f.read_text(encoding="utf-8").count("clamtex-schedule-banner") == 1
               for f in files)
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json",
                             *map(str, files)],
                            capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(result.stderr)["messages"]
    filters = [pattern for _, pattern in read_filters()]
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")
              and not any(p.search(str(m["message"])) for p in filters)]
    assert not errors, errors
