"""What the build layer tells the plugin about a run, and what the plugin keeps of it.

The build layer (build/) sits above the plugin: it fills in a `BuildRun` (its render
cache, whether it is a preview, the site it replaces) and the plugin calls the render
cache through the `PageCache` protocol, never importing that layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from clamtex.cachefiles import Reuse
from clamtex.structure.languages import Languages


class PageCache(Protocol):
    """The render cache's MkDocs wiring (build/render_cache.py), called from the events."""

    keys: dict[str, str]  # dest_uri -> entry key, every language of the run

    def new_run(self) -> None: ...
    def open(self, config: MkDocsConfig, files: Files, languages: Languages) -> None: ...
    def bytecode_cache(self) -> Any: ...
    def look_up(self, page: Page, files: Files, *inputs: str | bytes,
                in_nav: bool = True) -> None: ...
    def placed(self, pages: Iterable[Page], files: Files,
               config: MkDocsConfig) -> list[Page]: ...
    def store(self, page: Page, output: str) -> None: ...
    def finish(self, *, success: bool) -> None: ...


@dataclass(frozen=True)
class BuildRun:
    """What the build layer says about this run (build/render_cache.attach); a plain
    `mkdocs build` gets the defaults: no render cache, a search index, nothing reused."""

    page_cache: PageCache | None = None
    preview: bool = False  # `clamtex serve`: no search index
    reuse: Reuse | None = None  # the site this build replaces (cachefiles.place)

    def page_keys(self) -> dict[str, str]:
        """The render-cache keys of this run's pages, by dest_uri (for the search index)."""
        return self.page_cache.keys if self.page_cache is not None else {}


@dataclass
class LastBuild:
    """The files, navigation and Jinja environment of the plugin's last build."""

    files: Files
    nav: Any
    env: Any
