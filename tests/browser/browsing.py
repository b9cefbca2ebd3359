"""Helpers for the browser tests: serving a built site, running axe-core, Chromium's path."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page, Request

from support import DEFAULT, LANGUAGES, ROOT, BuiltSite, copy_project, run_clamtex

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
CHROMIUM_MISSING = ("Chromium not found: run `sudo apt-get install chromium` (Debian) "
                    "or set CLAMTEX_CHROMIUM=/path/to/chrome")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SUBPATH_SITE_URL = "https://example.github.io/clamtex/"


class _Handler(SimpleHTTPRequestHandler):
    """Static files like GitHub Pages: a missing path gets /404.html with status 404."""

    site_root: Path

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = self.site_root / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class ServedSite:
    """A built site served on 127.0.0.1: `url("es/news/")` is an absolute URL."""

    root: Path      # the built site folder
    origin: str     # http://127.0.0.1:PORT
    base: str = "/"  # the path the site is served under

    def url(self, path: str = "") -> str:
        return f"{self.origin}{self.base}{path.lstrip('/')}"

    @property
    def built(self) -> BuiltSite:
        return BuiltSite(self.root)


def serve(site_root: Path, docroot: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve docroot on a free port of 127.0.0.1 in a daemon thread; return (server, origin)."""
    handler = type("Handler", (_Handler,), {"site_root": site_root})
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(docroot)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build_with_site_url(tmp: Path, site_url: str, out: Path) -> Path:
    """Build a copy of the project with another site_url into `out`."""
    project = copy_project(tmp / "project")
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url:.*$", f"site_url: {site_url}", config.read_text("utf-8"))
    config.write_text(text, "utf-8")
    result = run_clamtex("build", "-d", str(out), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def chromium_path() -> str:
    """The Chromium to drive: $CLAMTEX_CHROMIUM or Debian's /usr/bin/chromium."""
    path = os.environ.get("CLAMTEX_CHROMIUM") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.fail(CHROMIUM_MISSING, pytrace=False)
    return path


def new_page(browser: Browser, **context_args: Any) -> Iterator[Page]:
    context = browser.new_context(**context_args)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as loaded."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations", AXE_TAGS)


@contextlib.contextmanager
def recorded_requests(tab: Page) -> Iterator[list[str]]:
    """Every URL the tab requests inside the `with` block."""
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    tab.on("request", record)
    try:
        yield requests
    finally:
        tab.remove_listener("request", record)


def foreign_requests(requests: list[str], origin: str) -> list[str]:
    """The requests that left the site served from `origin` (data: URLs stay)."""
    return [url for url in requests if not url.startswith(origin + "/")
            and not url.startswith("data:")]


def assert_page_checks(tab: Page, served: ServedSite, path: str, width: str) -> None:
    """The browser checks of a page outside the main grid: axe's WCAG 2.1 AA rules, nothing
    wider than the screen, no request to another host until the network is idle."""
    with recorded_requests(tab) as requests:
        tab.goto(served.url(path), wait_until="networkidle")
    violations = axe_violations(tab)
    assert not violations, f"/{path} at {width} width:\n{describe_violations(violations)}"
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/{path} is {overflow}px wider than the {width} screen"
    foreign = foreign_requests(requests, served.origin)
    assert not foreign, foreign


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per violation and node, for assertion messages."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} "
                         f"{node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


# Page types a site may have none of (no document yet): in the grid when the real
# site's content has them, and always checked on a fixture that has them
# (test_documents_browser.py).
OPTIONAL_TYPES = {"results": "documents", "document": "documents"}
PAGE_TYPES = tuple(
    page_type for page_type in (
        "home", "news index", "article", "year", "tag", "partners", "partner", "events",
        "event", "results", "document", "legal notice", "privacy", "accessibility",
        "contact", "404")
    if page_type not in OPTIONAL_TYPES
    or (ROOT / "content" / DEFAULT / OPTIONAL_TYPES[page_type]).is_dir())
WIDTHS = ("desktop", "phone")
# The grid the page checks run over: every page type in every language at desktop width,
# and every page type at phone width in one language each, taking the languages in turn
# (so every language is seen at phone width too, on three or four page types). A type's
# template and CSS are the same in every language; what a language changes is its text,
# whose wrapping at phone width the screenshots' no-sideways-scroll check also sees on the
# main types in every language. (The full grid, both widths everywhere, was twice the
# visits for the same templates: issue 16, point 6.)
PHONE_PAGES = [(LANGUAGES[n % len(LANGUAGES)], page_type)
               for n, page_type in enumerate(PAGE_TYPES)]
EVERY_PAGE = pytest.mark.parametrize(
    ("width", "lang", "page_type"),
    [*(("desktop", lang, page_type) for lang in LANGUAGES for page_type in PAGE_TYPES),
     *(("phone", lang, page_type) for lang, page_type in PHONE_PAGES)])


def page_path(site: BuiltSite, lang: str, page_type: str) -> str:
    """Site-root-relative path of one page of a type in a language, found in the built site.

    Articles, years, tags and profiles are the first ones the language's listings link to,
    so the checks follow the content instead of hard-coding it.
    """
    base = "" if lang == DEFAULT else f"{lang}/"
    fixed = {"home": base, "news index": f"{base}news/", "partners": f"{base}partners/",
             "events": f"{base}events/", "results": f"{base}documents/",
             "legal notice": f"{base}legal-notice/", "privacy": f"{base}privacy/",
             "accessibility": f"{base}accessibility/", "contact": f"{base}contact/"}
    if page_type in fixed:
        return fixed[page_type]
    if page_type == "404":
        own = f"{base}404.html"
        return own if site.path(own).is_file() else "404.html"
    source, selector = {
        "article": (f"{base}news/", ".clamtex-card__title a"),
        "year": (f"{base}news/", ".clamtex-archive a:not([rel]):not([type])"),
        "tag": (f"{base}news/", ".clamtex-archive a[rel~='tag']"),
        "partner": (f"{base}partners/", ".clamtex-partner-card__name a"),
        "event": (f"{base}events/", ".clamtex-event-card .clamtex-card__title a"),
        "document": (f"{base}documents/", ".clamtex-document-card .clamtex-card__title a"),
    }[page_type]
    links = site.page(source).cssselect(selector)
    assert links, f"{source}: no link for a {page_type} page ({selector})"
    return resolve(source, links[0].get("href"))


def resolve(page: str, href: str) -> str:
    """A relative href on a site-root-relative page, as a site-root-relative path."""
    return urljoin(f"http://site/{page}", href).removeprefix("http://site/")
