"""Every page type in every language, as a visitor's browser gets it: privacy, funding
notice, home hero, phone menu, and screenshots for a person to look at."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import EVERY_PAGE, ServedSite, foreign_requests, page_path, recorded_requests
from playwright.sync_api import Page

from support import LANGUAGES, ROOT, BuiltSite

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / "build" / "screenshots"
SCREENSHOT_TYPES = ("home", "news index", "article", "partners")
EXTERNAL_ATTRIBUTES = "//@src | //@srcset | //link[not(@rel='canonical' or @rel='alternate')]/@href"


def test_no_page_points_to_another_host_for_resources(built_site: BuiltSite) -> None:
    """Statically, over the whole site: no src or linked resource on another host."""
    foreign = []
    for file in built_site.html_files():
        tree = built_site.page(file.relative_to(built_site.root).as_posix())
        for value in tree.xpath(EXTERNAL_ATTRIBUTES):
            for url in str(value).split(","):
                if urlsplit(url.strip()).netloc:
                    foreign.append(f"{file.relative_to(built_site.root)}: {url.strip()}")
    assert not foreign, "\n".join(foreign)


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    """Whether two bounding boxes share any area."""
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


@EVERY_PAGE
def test_no_request_leaves_the_site_and_the_funding_notice_is_visible(
        served_site: ServedSite, tabs: dict[str, Page], width: str, lang: str,
        page_type: str) -> None:
    """Two checks on one visit of each page: the funding notice is visible, loaded and
    fits the screen, and every request the browser made until the network was idle went
    to the site's own origin (fonts, scripts, styles, images, the lazy ones the scroll to
    the footer loaded; the static check of every src above covers the rest)."""
    tab = tabs[width]
    with recorded_requests(tab) as requests:
        tab.goto(served_site.url(page_path(served_site.built, lang, page_type)))
        funding_notice_is_visible(tab, width)  # scrolled to the footer: lazy images load
        tab.wait_for_load_state("networkidle")  # what loads late is recorded too
    assert len(requests) > 3, "the browser loaded nothing: was the page served?"
    # Only the host the site is served from: not even the public site_url of the absolute
    # hreflang links (main.html keeps Material's sitemap look-ups on the site itself).
    foreign = foreign_requests(requests, served_site.origin)
    assert not foreign, f"requests to other hosts: {foreign}"


def funding_notice_is_visible(tab: Page, width: str) -> None:
    """The footer's notice on the loaded page: emblem (loaded), statement and disclaimer
    visible, within the screen's width, not overlapping; the emblem keeps its size."""
    notice = tab.locator(".clamtex-funding")
    notice.scroll_into_view_if_needed()
    emblem = notice.locator("img.clamtex-funding__emblem")
    statement = notice.locator(".clamtex-funding__statement")
    disclaimer = notice.locator(".clamtex-funding__disclaimer")
    assert notice.is_visible() and emblem.is_visible() and statement.is_visible()
    assert disclaimer.is_visible()
    assert emblem.evaluate("img => img.complete && img.naturalWidth > 0"), "emblem not loaded"
    assert len(statement.inner_text().strip()) > 20
    # Emblem, statement and disclaimer fit the screen's width and do not overlap.
    boxes = [emblem.bounding_box(), statement.bounding_box(), disclaimer.bounding_box()]
    viewport = tab.viewport_size
    assert viewport and all(boxes)
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (box, width)
    assert not overlap(boxes[0], boxes[1]) and not overlap(boxes[0], boxes[2])
    assert not overlap(boxes[1], boxes[2])
    assert boxes[0]["width"] >= 60  # the emblem keeps its size on a phone


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_home_emblem_is_visible_without_scrolling(served_site: ServedSite,
                                                  tabs: dict[str, Page],
                                                  width: str, lang: str) -> None:
    tab = tabs[width]
    tab.goto(served_site.url(page_path(served_site.built, lang, "home")))
    box = tab.locator(".clamtex-hero__emblem").bounding_box()
    viewport = tab.viewport_size
    assert box and viewport
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= viewport["width"], (box, viewport)
    assert box["y"] + box["height"] <= viewport["height"], (box, viewport)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_menu_opens_and_shows_the_navigation(served_site: ServedSite,
                                                   phone_page: Page, lang: str) -> None:
    phone_page.goto(served_site.url(page_path(served_site.built, lang, "news index")))
    links = phone_page.locator(".md-sidebar--primary .md-nav--primary > .md-nav__list "
                               "> .md-nav__item > a.md-nav__link")
    assert links.count() >= 4
    assert not links.first.is_visible() or not in_viewport(phone_page, links.first)
    phone_page.locator(".md-header label[for='__drawer']").click()
    phone_page.wait_for_function(
        "() => { const r = document.querySelector('.md-sidebar--primary')"
        ".getBoundingClientRect(); return r.left >= 0 && r.right > 0; }")
    for index in range(links.count()):
        assert links.nth(index).is_visible()
        assert in_viewport(phone_page, links.nth(index)), links.nth(index).inner_text()
    tab_hrefs = phone_page.locator(".md-tabs__link").evaluate_all(
        "links => links.map(a => a.href)")
    assert [*links.evaluate_all("links => links.map(a => a.href)")] == tab_hrefs
    links.nth(1).click()
    phone_page.wait_for_load_state()
    assert phone_page.url == tab_hrefs[1]


def in_viewport(page: Page, locator: object) -> bool:
    box = locator.bounding_box()  # type: ignore[attr-defined]
    size = page.viewport_size
    return bool(box and size and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
                and box["y"] >= 0 and box["y"] < size["height"])


@pytest.mark.parametrize("page_type", SCREENSHOT_TYPES)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshot(served_site: ServedSite, tabs: dict[str, Page], width: str, lang: str,
                    page_type: str) -> None:
    """Full-page screenshots for people to look at; the page must not scroll sideways."""
    tab = tabs[width]
    tab.goto(served_site.url(page_path(served_site.built, lang, page_type)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{lang}-{page_type.replace(' ', '-')}-{width}.png"
    tab.screenshot(path=str(target), full_page=True)
    assert Path(target).stat().st_size > 10_000
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the {width} viewport"
