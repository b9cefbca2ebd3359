"""The footer's legal links and the search box at phone width, in Chromium; no cookies.

axe, validity, links, privacy and phone width also run over the legal and contact pages
through PAGE_TYPES (browsing.py).
"""

from __future__ import annotations

import pytest
from browsing import PAGE_TYPES, ServedSite, page_path
from playwright.sync_api import Page

from support import LANGUAGES

pytestmark = pytest.mark.browser
LEGAL_TYPES = ("legal notice", "privacy", "accessibility", "contact")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_footer_links_are_visible_and_fit(served_site: ServedSite, tabs: dict[str, Page],
                                          width: str, lang: str) -> None:
    tab = tabs[width]
    tab.goto(served_site.url(page_path(served_site.built, lang, "article")))
    links = tab.locator(".clamtex-footer-links a")
    # The legal notice, privacy, accessibility, contact; the two feeds; the events calendar.
    assert links.count() == 7
    assert links.nth(6).get_attribute("type") == "text/calendar"
    viewport = tab.viewport_size
    assert viewport
    for index in range(links.count()):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert link.is_visible() and box, link.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (box, width)
        assert box["height"] >= 16, "a link too small to tap"
    # The first one leads to the legal notice in the page's language.
    links.first.click()
    tab.wait_for_load_state()
    assert tab.locator("html").get_attribute("lang") == lang
    assert tab.url.rstrip("/").endswith("legal-notice")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_placeholder_fits_on_a_phone(served_site: ServedSite, tabs: dict[str, Page],
                                            lang: str) -> None:
    """At 390 px the placeholder is shown whole ("Search the sit" was cut off)."""
    tab = tabs["phone"]
    tab.goto(served_site.url(page_path(served_site.built, lang, "home")))
    box = tab.locator(".clamtex-search__input")
    assert box.is_visible()
    # The placeholder's own overflow is not measurable, so its text is typed in (the same
    # font and box) and the input's scroll width read; a canvas measure double-checks.
    fit = box.evaluate("""input => {
        const style = getComputedStyle(input);
        const canvas = document.createElement('canvas').getContext('2d');
        canvas.font = [style.fontStyle, style.fontWeight, style.fontSize,
                       style.fontFamily].join(' ');
        const room = input.clientWidth - parseFloat(style.paddingLeft)
                     - parseFloat(style.paddingRight);
        input.value = input.placeholder;
        const scroll = input.scrollWidth, client = input.clientWidth;
        input.value = '';
        return {text: input.placeholder, needed: canvas.measureText(input.placeholder).width,
                room, scroll, client};
    }""")
    assert fit["text"], "no placeholder"
    assert fit["scroll"] <= fit["client"], fit
    assert fit["needed"] <= fit["room"], fit


@pytest.mark.parametrize("page_type", [*LEGAL_TYPES, "home", "article"])
def test_no_cookies_and_nothing_stored(served_site: ServedSite, tabs: dict[str, Page],
                                       page_type: str) -> None:
    """What the privacy policy says: the site sets no cookies."""
    tab = tabs["desktop"]
    tab.goto(served_site.url(page_path(served_site.built, "en", page_type)),
             wait_until="networkidle")
    assert tab.evaluate("() => document.cookie") == ""
    assert tab.context.cookies() == []


def test_every_legal_type_is_in_the_page_grid() -> None:
    assert set(LEGAL_TYPES) <= set(PAGE_TYPES)
