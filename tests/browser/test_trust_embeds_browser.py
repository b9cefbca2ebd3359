"""Issue 15, point 4, in Chromium (named apart from tests/test_trust_embeds.py: pytest cannot
collect two test modules with one name): a page with a YouTube video makes no request to another
host until the visitor presses "Play video"; then only the privacy-enhanced player's host
is asked (the test aborts that request: there is no network here)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import ServedSite, axe_violations, describe_violations, serve
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from support import build_site, fixture_site

pytestmark = pytest.mark.browser

VIDEO = "\n[Kick-off meeting](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\nhttps://vimeo.com/76979871\n"
PLAYER = re.compile(r"^https://www\.youtube-nocookie\.com/embed/dQw4w9WgXcQ\?")


@pytest.fixture(scope="module")
def video_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The minimal fixture with two videos on its About page, served on 127.0.0.1."""
    project = fixture_site("minimal", tmp_path_factory.mktemp("video-site"))
    about = project / "content/en/about.md"
    about.write_text(about.read_text(encoding="utf-8") + VIDEO, encoding="utf-8")
    site = build_site(project).root
    server, origin = serve(site, site)
    yield ServedSite(site, origin)
    server.shutdown()


class Recorder:
    """Every request the page makes; any to another host is aborted (no network here)."""

    def __init__(self, context: BrowserContext, own: str) -> None:
        self.own = own
        self.urls: list[str] = []
        context.route("**/*", self.route)

    def route(self, route: Route) -> None:
        if route.request.url.startswith(self.own):
            route.continue_()
        else:
            route.abort()

    def record(self, request: object) -> None:
        self.urls.append(request.url)  # type: ignore[attr-defined]

    @property
    def foreign(self) -> list[str]:
        return [url for url in self.urls
                if not url.startswith(self.own) and not url.startswith("data:")]


def _open(browser: Browser, site: ServedSite, **context_args: object) -> tuple[Page, Recorder]:
    context = browser.new_context(**context_args)
    recorder = Recorder(context, site.origin + "/")
    page = context.new_page()
    page.on("request", recorder.record)
    page.goto(site.url("about/"), wait_until="networkidle")
    return page, recorder


def test_nothing_leaves_the_site_before_the_click_and_only_the_player_after(
        browser: Browser, video_site: ServedSite) -> None:
    page, recorder = _open(browser, video_site)
    try:
        assert len(recorder.urls) > 3, "the browser loaded nothing: was the page served?"
        assert any(url.endswith("/assets/clamtex/video.js") for url in recorder.urls)
        assert recorder.foreign == [], "requests to other hosts before any click"
        assert page.locator("iframe").count() == 0
        # A real button, reached and pressed with the keyboard, named after the video.
        button = page.get_by_role("button", name="Play video (Kick-off meeting)")
        expect(button).to_be_visible()
        button.focus()
        page.keyboard.press("Enter")
        frame = page.locator("figure.clamtex-video iframe")
        expect(frame).to_have_count(1)
        expect(frame).to_have_attribute("src", PLAYER)
        expect(frame).to_have_attribute("title", "Kick-off meeting")
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        page.wait_for_timeout(500)  # the iframe's navigation is asked for (and aborted)
        foreign = recorder.foreign
        assert foreign, "pressing Play video did not ask for the player"
        assert {urlsplit(url).hostname for url in foreign} == {"www.youtube-nocookie.com"}, \
            foreign
        assert all(PLAYER.match(url) for url in foreign), foreign
        # The other video is still a poster: one click loads one player.
        expect(page.get_by_role("button", name="Play video (Vimeo video)")).to_be_visible()
    finally:
        page.context.close()


def test_the_player_passes_axe_before_and_after_the_click(browser: Browser,
                                                         video_site: ServedSite) -> None:
    page, _ = _open(browser, video_site)
    try:
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        page.get_by_role("button", name="Play video (Kick-off meeting)").click()
        expect(page.locator("figure.clamtex-video iframe")).to_have_count(1)
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
    finally:
        page.context.close()


def test_without_javascript_the_link_still_leads_to_the_video(browser: Browser,
                                                              video_site: ServedSite) -> None:
    page, recorder = _open(browser, video_site, java_script_enabled=False)
    try:
        assert recorder.foreign == []
        expect(page.get_by_role("button", name=re.compile("Play video"))).to_have_count(0)
        link = page.get_by_role("link", name="Watch on YouTube (Kick-off meeting)")
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        expect(page.get_by_text("Playing this video loads it from YouTube "
                                "(youtube-nocookie.com), which may set cookies.")).to_be_visible()
    finally:
        page.context.close()


def test_the_poster_is_shown(browser: Browser, video_site: ServedSite, tmp_path: Path) -> None:
    """The poster (the site's own SVG) is loaded and painted behind the button."""
    page, recorder = _open(browser, video_site)
    try:
        assert any(url.endswith("/assets/clamtex/video-poster.svg") for url in recorder.urls)
        box = page.locator(".clamtex-video__screen").first.bounding_box()
        assert box is not None and box["width"] > 300
        assert abs(box["width"] / box["height"] - 16 / 9) < 0.05
    finally:
        page.context.close()
