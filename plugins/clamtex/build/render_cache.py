"""The render cache in MkDocs' build: one object the build layer hands to the plugin.

The plugin calls it through its small `PageCache` protocol (plugin.py) and never imports
this layer: `attach` sets it on the plugin of a loaded configuration (build/safe.py for
`clamtex build`, build/preview.py for `clamtex serve`). A plain `mkdocs build` has none,
and renders every page. The entries themselves are build/cache.py's.

Per language: `open` (early on_files) picks the cache folder of this configuration; every
page is looked up before MkDocs reads it (`look_up`, on_pre_page): on a hit its file is
written into the site at once and MkDocs neither renders it nor, outside the navigation,
reads it; `placed` (on_env) checks the hits' links to anchors as MkDocs checks the pages
it builds; `store` (last on_post_page) stages a fresh page; `finish` keeps the staged
entries only after a build without warning.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from clamtex.build.cache import CachedPage, RenderCache
from clamtex.cachefiles import Reuse
from clamtex.fingerprint import code_fingerprint, digest
from clamtex.mkdocs_internals import skip_rendering
from clamtex.plugin import BuildRun, ClamtexPlugin
from clamtex.structure.languages import Languages
from clamtex.structure.project import cache_folder


class RenderCacheWiring:
    """The plugin's render cache for one run (a preview server's: every rebuild's).

    `memory`: keep verified entries in memory between builds (`clamtex serve`);
    `reuse`: the site this build replaces (cachefiles.place).
    """

    def __init__(self, *, memory: bool = False, reuse: Reuse | None = None) -> None:
        self.memory: dict[str, CachedPage] | None = {} if memory else None
        self.reuse = reuse
        self.cache: RenderCache | None = None  # the current language's
        self.keys: dict[str, str] = {}  # dest_uri -> key, every language of the run
        self.nav_pages: set[int] = set()  # ids of the navigation's pages: always read

    def in_folder(self, site_dir: Path) -> RenderCacheWiring:
        """The same cache for a build into `site_dir` (a parallel worker's own folder)."""
        reuse = self.reuse and dataclasses.replace(self.reuse, build_root=site_dir)
        return RenderCacheWiring(memory=self.memory is not None, reuse=reuse)

    def new_run(self) -> None:
        """The content was read again: page keys start afresh."""
        self.keys = {}

    def open(self, config: MkDocsConfig, files: Files, languages: Languages) -> None:
        """This language's entries (a folder per configuration), unless caching is off."""
        root = cache_folder(config)
        if root is None:
            self.cache = None
            return
        config_file = Path(config.config_file_path or "mkdocs.yml")
        fingerprint = digest([
            code_fingerprint(), config_file.read_text(encoding="utf-8"),
            config.site_url or "", repr((languages.codes, languages.default, languages.names)),
            *sorted(file.src_uri for file in files)])
        self.cache = RenderCache(root, languages.current, fingerprint, memory=self.memory,
                                 reuse=self.reuse)

    def bytecode_cache(self) -> Any:
        """Compiled templates, shared by every language (None: not cached)."""
        return self.cache.bytecode_cache() if self.cache is not None else None

    def look_up(self, page: Page, files: Files, *inputs: str | bytes,
                in_nav: bool = True) -> None:
        """Before MkDocs reads `page`: on a hit, write its file and skip its rendering.

        The key hashes the page's source file as it is on disk and `inputs` (its view's
        fingerprint, its body images): with the site fingerprint (code, templates,
        mkdocs.yml, the list of files) they decide the page's HTML. A page outside the
        navigation is not even read (`in_nav`): its title and metadata show nowhere else
        (the navigation's titles come from mkdocs.yml; other pages show it by their views).
        """
        if self.cache is None:
            return
        source = hashlib.sha256(page.file.content_bytes).hexdigest()
        key = self.cache.key(page.file.src_uri, page.file.dest_uri, source, *inputs)
        page._clamtex_key = key  # type: ignore[attr-defined]
        self.keys[page.file.dest_uri] = key
        hit = self.cache.get(key)
        if hit is None:
            return
        targets = {link[0]: files.src_uris.get(link[0]) for link in hit.links}
        if None in targets.values():  # a link's target is gone: render it
            self.cache.discard(key)
            return
        links: dict[File, dict[str, str]] = {}
        for src_uri, anchor, original in hit.links:
            target = targets[src_uri]
            assert target is not None  # checked above
            links.setdefault(target, {})[anchor] = original
        # The site's directory was cleaned before pages are read: write the file now, and
        # keep no page's bytes in memory until the pages are written (5,000 pages: 160 MB).
        self.cache.write_page(hit, page.file.abs_dest_path)
        page._clamtex_hit = True  # type: ignore[attr-defined]
        skip_rendering(page, hit.anchors, links, skip_reading=not in_nav)

    def placed(self, pages: Iterable[Page], files: Files, config: MkDocsConfig) -> list[Page]:
        """The pages found in the cache (already in the site), their links to anchors
        checked here as MkDocs checks the pages it builds."""
        if self.cache is None:
            return []
        placed = []
        for page in pages:
            if getattr(page, "_clamtex_hit", False):
                page.validate_anchor_links(files=files,
                                           log_level=config.validation.links.anchors)
                placed.append(page)
        return placed

    def store(self, page: Page, output: str) -> None:
        """After every other post_page handler: stage a fresh page's file."""
        key = getattr(page, "_clamtex_key", None)
        if self.cache is None or not key:
            return
        links = tuple((target.src_uri, anchor, original)
                      for target, anchors in (page.links_to_anchors or {}).items()
                      for anchor, original in anchors.items())
        self.cache.put(key, CachedPage(tuple(sorted(page.present_anchor_ids or ())), links,
                                       output.encode("utf-8", errors="xmlcharrefreplace")))

    def keep(self, pages: Iterable[Page]) -> None:
        """A preview's unchanged pages: their entries are still in use."""
        if self.cache is not None:
            self.cache.keep(getattr(page, "_clamtex_key", "") for page in pages)

    def forget(self, page: Page) -> None:
        """What the last look-up set on `page` (a preview renders it again)."""
        for name in ("_clamtex_hit", "_clamtex_key"):
            page.__dict__.pop(name, None)

    def finish(self, *, success: bool) -> None:
        """The language's build ended: keep its entries if it was clean."""
        if self.cache is not None:
            self.cache.finish(success=success)
            self.cache = None


def attach(config: MkDocsConfig, wiring: RenderCacheWiring | None, *,
           preview: bool = False) -> None:
    """Tell the clamtex plugin of `config` about this run: its render cache (`wiring`, or
    None), whether it is a preview (`clamtex serve`), the site it replaces (the wiring's
    `reuse`). Nothing to do when the site has no clamtex plugin."""
    plugin = config.plugins.get("clamtex")
    if isinstance(plugin, ClamtexPlugin):
        plugin.run = BuildRun(page_cache=wiring, preview=preview,
                              reuse=wiring.reuse if wiring is not None else None)


def in_folder(config: MkDocsConfig, site_dir: Path) -> None:
    """The run of `config`, built into `site_dir` (a parallel worker's own folder, laid out
    as the site): its files are placed, and compared with the replaced site's, there."""
    plugin = config.plugins.get("clamtex")
    if not isinstance(plugin, ClamtexPlugin):
        return
    run = plugin.run
    wiring = run.page_cache
    if isinstance(wiring, RenderCacheWiring):
        wiring = wiring.in_folder(site_dir)
    reuse = run.reuse and dataclasses.replace(run.reuse, build_root=site_dir)
    plugin.run = BuildRun(page_cache=wiring, preview=run.preview, reuse=reuse)
