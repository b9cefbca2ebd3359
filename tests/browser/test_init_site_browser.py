"""The browser checks on a site another project started with `clamtex init` (Horizon
Europe, en/de/it/pl, eight partners: tests/test_init_programmes.py): axe's WCAG 2.1 AA
rules at desktop and phone width, nothing wider than a phone, no request to another host,
on every page type it has, in German and Polish.

CLAMTEX_INIT_SITE=/path/to/site checks a site built elsewhere from the same flags instead
(scripts/try_init_project.sh: the one a fresh clone of the project built with the engine's
wheel and the packages PyPI serves).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import ServedSite, assert_page_checks, page_path, serve
from playwright.sync_api import Page

from support import BuiltSite, run_clamtex
from test_init_programmes import HORIZON

pytestmark = pytest.mark.browser

PAGE_TYPES = ("home", "news index", "article", "partners", "partner", "events", "event",
              "legal notice", "privacy", "accessibility", "contact", "404")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    given = os.environ.get("CLAMTEX_INIT_SITE")
    if given:
        site = Path(given).resolve()
        assert BuiltSite(site).page("de/").get("lang") == "de", f"{site}: not a built site"
        server, origin = serve(site, site)
        yield ServedSite(site, origin)
        server.shutdown()
        return
    tmp: Path = tmp_path_factory.mktemp("init-browser")
    project = tmp / "circtex"
    made = run_clamtex("init", str(project), *HORIZON, cwd=tmp)
    assert made.returncode == 0, made.stderr
    built = run_clamtex("build", "-d", "out", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    server, origin = serve(project / "out", project / "out")
    yield ServedSite(project / "out", origin)
    server.shutdown()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
@pytest.mark.parametrize("lang", ["de", "pl"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_an_init_site_passes_the_page_checks(served: ServedSite, tabs: dict[str, Page],
                                             width: str, lang: str, page_type: str) -> None:
    tab = tabs[width]
    assert_page_checks(tab, served, page_path(served.built, lang, page_type), width)
    assert tab.evaluate("() => document.documentElement.lang") == lang
