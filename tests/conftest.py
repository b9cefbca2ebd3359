"""Shared fixtures: the fixture sites and the real site, each built once per test session."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from support import ROOT, TODAY, BuiltSite, run_clamtex, shared_build

# Every build, check and preview of the tests, in-process or not, has the same today
# (content/schedule.py): none depends on the clock. Tests of today itself unset it.
os.environ["CLAMTEX_TODAY"] = TODAY.isoformat()
# The tests start the CLI hundreds of times. Where PYTHONDONTWRITEBYTECODE is set (as on
# the development machines), each start compiles the whole package again: about a fifth of
# a `clamtex check`. Their compiled modules go to the project's cache folder instead
# (`make clean` empties it), not next to the sources.
if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(ROOT / ".cache" / "pycache"))


def build_real_site(folder: Path) -> BuiltSite:
    """The repository's site, built by the CLI as `make site` does, into folder/site."""
    out = folder / "site"
    result = run_clamtex("build", "-d", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, result.stdout + result.stderr)


def build_fixture(name: str) -> Callable[[Path], BuiltSite]:
    """A builder of the fixture site tests/sites/<name> (a copy in the folder, built there)."""
    def make(folder: Path) -> BuiltSite:
        from support import build_site, fixture_site

        return build_site(fixture_site(name, folder))
    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's site, built by the CLI as `make site` does, into a temp folder
    (once per run: its render cache is the repository's .cache, never written by two
    builds at once)."""
    return shared_build(tmp_path_factory, "real-site", build_real_site)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throw-away copy of the real project (mkdocs.yml and content/).

    Only for checks that hold whatever the content says: engine tests break a fixture site
    (`edge_project`, `multilingual_project`), so that content edits break no test.
    """
    from support import copy_project

    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The one-language fixture site (tests/sites/minimal), built once per session."""
    return shared_build(tmp_path_factory, "minimal", build_fixture("minimal"))


@pytest.fixture(scope="session")
def multilingual_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The five-language fixture site (tests/sites/multilingual), built once per session."""
    return shared_build(tmp_path_factory, "multilingual", build_fixture("multilingual"))


@pytest.fixture(scope="session")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The edge-case fixture site (tests/sites/edge-cases, en es fr), built once per session."""
    return shared_build(tmp_path_factory, "edge-cases", build_fixture("edge-cases"))


@pytest.fixture
def edge_project(tmp_path: Path) -> Path:
    """A throw-away copy of the edge-case fixture site, to break on purpose."""
    from support import fixture_site

    return fixture_site("edge-cases", tmp_path / "project")


@pytest.fixture
def multilingual_project(tmp_path: Path) -> Path:
    """A throw-away copy of the five-language fixture site, to break on purpose."""
    from support import fixture_site

    return fixture_site("multilingual", tmp_path / "project")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium (Debian's) for the whole session, shared by every test that
    drives a browser: Playwright's sync API allows one running instance per thread."""
    from playwright.sync_api import sync_playwright

    from browser.browsing import CHROMIUM_FLAGS, chromium_path

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(),
                                              args=CHROMIUM_FLAGS)
        yield launched
        launched.close()

