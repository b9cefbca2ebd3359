"""Browser fixtures: the built site served over HTTP and one shared headless Chromium.

Chromium is Debian's, launched by path (never `playwright install`: it downloads).
Helpers (axe_violations, ServedSite, viewports) live in browsing.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import (
    DESKTOP,
    PHONE,
    SUBPATH_SITE_URL,
    ServedSite,
    build_with_site_url,
    new_page,
    serve,
)
from playwright.sync_api import Browser, Page

from support import BuiltSite, shared_build


@pytest.fixture(scope="session")
def served_site(built_site: BuiltSite) -> Iterator[ServedSite]:
    """The session's built site, served at the root of a local origin."""
    server, origin = serve(built_site.root, built_site.root)
    yield ServedSite(built_site.root, origin)
    server.shutdown()


@pytest.fixture(scope="session")
def served_subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The site built for a GitHub project page (site_url .../clamtex/), served under /clamtex/."""
    def make(tmp: Path) -> BuiltSite:
        return BuiltSite(build_with_site_url(tmp, SUBPATH_SITE_URL, tmp / "docroot" / "clamtex"))

    site = shared_build(tmp_path_factory, "subpath", make).root
    server, origin = serve(site, site.parent)
    yield ServedSite(site, origin, "/clamtex/")
    server.shutdown()


@pytest.fixture(scope="session")
def browser(chromium: Browser) -> Browser:
    """The session's one headless Chromium (tests/conftest.py; a fresh temporary profile)."""
    return chromium


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context at desktop size (1280x900)."""
    yield from new_page(browser, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context at phone size (390x844, touch)."""
    yield from new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)




@pytest.fixture(scope="module")
def tabs(browser: Browser) -> Iterator[dict[str, Page]]:
    """One desktop and one phone page shared by a module's tests (faster than new ones)."""
    contexts = {"desktop": browser.new_context(viewport=DESKTOP),
                "phone": browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)}
    yield {width: context.new_page() for width, context in contexts.items()}
    for context in contexts.values():
        context.close()
