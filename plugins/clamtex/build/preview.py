"""`clamtex serve`: a one-language preview that, after an edit, rebuilds only what changed.

`mkdocs serve` rebuilds the whole language on every change: every page goes through
MkDocs and i18n again even when the render cache spares its rendering (about 1 ms a page
here). A PreviewSession keeps its last build's configuration, files, navigation and Jinja
environment, and on a change:

- builds anew, as `mkdocs serve` would, when it previews every language (i18n builds them
  in turn), when mkdocs.yml changed, a file was added or removed, a file other than
  Markdown changed, a page of the navigation changed, or the edit changes which pages the
  language has (a draft published, an item dated in the future, a translation turned
  into a stub...);
- otherwise reads the content again (the model, as a build does: errors stop it), remakes
  the plan and every page's view, and renders and writes only the pages that were edited
  or whose view changed (the item, its neighbours, the listings and partner pages that
  show it), then the 404 page, the feeds and the sitemap; links to anchors are checked
  again on every page, and a warning fails the rebuild in strict mode as it fails a build.

Either way the site is the one a plain build makes (tests/test_preview.py compares them).
This drives MkDocs' own per-page steps (`_populate_page`, `_build_page`, through
mkdocs_internals.py): they are private, so the pinned MkDocs version matters
(constraints.txt) and the test says when an upgrade breaks them. A session keeps its
render cache's verified pages in memory between rebuilds (`RenderCacheWiring(memory=True)`)
and tells the plugin it is a preview (no search index).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from clamtex import mkdocs_internals as internals
from clamtex.build.render_cache import RenderCacheWiring, attach
from clamtex.plugin import ClamtexPlugin

log = logging.getLogger("mkdocs.plugins.clamtex.preview")

FileStats = dict[str, tuple[int, int]]  # path under docs_dir -> (mtime_ns, size)


def content_stats(docs_dir: str) -> FileStats:
    """Modification time and size of every file MkDocs would read (no dot files)."""
    stats: FileStats = {}
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        relative = os.path.relpath(folder, docs_dir)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in names:
            if not name.startswith("."):
                stat = os.stat(os.path.join(folder, name))
                stats[prefix + name] = (stat.st_mtime_ns, stat.st_size)
    return stats


@dataclass
class Inputs:
    """What a preview build read: mkdocs.yml and the content folder, as file stats."""

    config_file: tuple[int, int]
    content: FileStats

    @classmethod
    def read(cls, config_file: Path, docs_dir: str) -> Inputs:
        stat = config_file.stat()
        return cls((stat.st_mtime_ns, stat.st_size), content_stats(docs_dir))

    def edited(self, now: Inputs) -> set[str] | None:
        """The content files edited since, or None if mkdocs.yml or the file list changed."""
        if now.config_file != self.config_file or now.content.keys() != self.content.keys():
            return None
        return {path for path, stat in now.content.items() if self.content[path] != stat}


@dataclass
class Built:
    """A finished preview build: what the next one can start from."""

    config: MkDocsConfig
    inputs: Inputs
    fingerprints: dict[str, bytes] = field(default_factory=dict)  # src_uri -> view's


class PreviewSession:
    """One language's preview site in `site_dir`, brought up to date by `build()`."""

    def __init__(self, config_file: str | Path, site_dir: str | Path, *,
                 serve_url: str | None = None, drafts: bool = False,
                 **overrides: Any) -> None:
        self.config_file = Path(config_file)
        self.site_dir = str(site_dir)
        self.serve_url = serve_url
        self.drafts = drafts  # drafts and scheduled items too, with banners (--drafts)
        self.overrides = overrides
        self.last: Built | None = None
        self.cache = RenderCacheWiring(memory=True)  # every build's of this session

    def close(self) -> None:
        """Forget the last build (and let the garbage collector see its objects again)."""
        self.last = None
        self.cache = RenderCacheWiring(memory=True)  # its pages too
        gc.unfreeze()

    def load_config(self) -> MkDocsConfig:
        config = load_config(str(self.config_file), site_dir=self.site_dir, **self.overrides)
        if self.serve_url:
            config.site_url = self.serve_url
        clamtex_plugin(config).content.drafts = self.drafts
        attach(config, self.cache, preview=True)
        return config

    def build(self) -> str:
        """Bring the site up to date; say what was done: 'full', 'N pages' or 'nothing'."""
        last, self.last = self.last, None  # a failed build leaves nothing to build on
        if last is not None:
            now = Inputs.read(self.config_file, last.config.docs_dir)
            edited = last.inputs.edited(now)
            if edited is not None:
                pages = self._update(last, edited)
                if pages is not None:
                    last.inputs = now
                    self.last = last
                    return f"{pages} pages" if pages else "nothing"
        config = self.load_config()
        inputs = Inputs.read(self.config_file, config.docs_dir)
        gc.unfreeze()  # the last build's objects may be garbage now
        mkdocs_build.build(config, serve_url=self.serve_url)
        plugin = clamtex_plugin(config)
        assert plugin.last_build is not None
        self.last = Built(config, inputs, {
            file.src_uri: plugin.content.view_of(file.page).fingerprint
            for file in plugin.last_build.files.documentation_pages() if file.page})
        # The build's objects live until the next full build: keep them out of the cyclic
        # garbage collector's sweeps, which otherwise walk them all during each update.
        gc.collect()
        gc.freeze()
        return "full"

    def _update(self, last: Built, edited: set[str]) -> int | None:
        """Rebuild the pages an edit changed; None when it needs a full build instead."""
        config = last.config
        plugin = clamtex_plugin(config)
        state = plugin.last_build
        if state is None or any(not path.endswith(".md") for path in edited):
            return None
        languages = plugin.content.languages
        assert languages is not None
        if len(languages.codes) > 1:  # i18n built them all in turn: only the last
            return None                     # one's files and pages are at hand
        if edited & {page.file.src_uri for page in state.nav.pages}:
            return None
        counter = utils.CountHandler()
        counter.setLevel(logging.WARNING)
        if config.strict:
            logging.getLogger("mkdocs").addHandler(counter)
        try:
            if not plugin.content.reload(config):  # the language's set of pages changed
                return None
            stale = self._stale_pages(plugin, last, edited)
            self._rebuild(config, plugin, stale)
            if counts := counter.get_counts():
                summary = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
                raise Abort(f"Aborted with {summary} in strict mode!")
        except Exception as error:
            config.plugins.on_build_error(error=error)
            if isinstance(error, BuildError):
                log.error(str(error))
                raise Abort("Aborted with a BuildError!") from None
            raise
        finally:
            logging.getLogger("mkdocs").removeHandler(counter)
        return len(stale)

    @staticmethod
    def _stale_pages(plugin: ClamtexPlugin, last: Built, edited: set[str]) -> list[Page]:
        """The pages edited, and those whose view (what their templates show) changed."""
        assert plugin.last_build is not None
        stale = []
        for file in plugin.last_build.files.documentation_pages():
            page = file.page
            if page is None:
                continue
            page.__dict__.pop("_clamtex_view", None)
            fingerprint = plugin.content.view_of(page).fingerprint
            if file.src_uri in edited or fingerprint != last.fingerprints.get(file.src_uri):
                stale.append(page)
                last.fingerprints[file.src_uri] = fingerprint
        return stale

    def _rebuild(self, config: MkDocsConfig, plugin: ClamtexPlugin, stale: list[Page]) -> None:
        """MkDocs' build steps for `stale` pages only, then the whole-site outputs."""
        state = plugin.last_build
        assert state is not None
        files, nav, env = state.files, state.nav, state.env
        inclusion = (InclusionLevel.is_in_serve if self.serve_url
                     else InclusionLevel.is_included)
        doc_files = files.documentation_pages(inclusion=inclusion)
        assert plugin.content.languages is not None
        self.cache.open(config, files, plugin.content.languages)
        stale_set = set(map(id, stale))  # the unchanged pages' entries are still in use
        self.cache.keep(file.page for file in doc_files
                        if file.page is not None and id(file.page) not in stale_set)
        for page in stale:
            internals.render_normally(page)  # undo what the last look-up in the cache set
            self.cache.forget(page)
            internals.populate_page(page, config, files)
        placed = set(map(id, self.cache.placed(stale, files, config)))
        for template in config.theme.static_templates:
            internals.build_theme_template(template, env, files, config, nav)
        for page in stale:
            if id(page) not in placed:
                internals.build_page(page, config, doc_files, nav, env,
                                     excluded=page.file.inclusion.is_excluded())
        for file in doc_files:  # the placed pages' were checked by place_cached
            assert file.page is not None
            if id(file.page) not in placed:
                file.page.validate_anchor_links(files=files,
                                                log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)


def clamtex_plugin(config: MkDocsConfig) -> ClamtexPlugin:
    plugin = config.plugins.get("clamtex")
    if not isinstance(plugin, ClamtexPlugin):
        raise Abort("clamtex serve needs the clamtex plugin in mkdocs.yml")
    return plugin


def serve(config_file: Path, dev_addr: str | None = None, drafts: bool = False) -> None:
    """Serve a preview with live reload until interrupted; rebuild what each edit changes.

    The preview is built in a temporary folder, never in site/: with `drafts`, it has the
    drafts and scheduled items too, each with its banner.
    """
    site_dir = tempfile.mkdtemp(prefix="clamtex-preview-")
    try:
        config = load_config(str(config_file), site_dir=site_dir, dev_addr=dev_addr)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        session = PreviewSession(config_file, site_dir, dev_addr=dev_addr,
                                 serve_url=internals.serve_url(host, port, mount_path),
                                 drafts=drafts)

        def rebuild() -> None:
            start = time.perf_counter()
            try:
                done = session.build()
            except Abort:
                raise
            except MkDocsException as error:  # mkdocs.yml: one line, not a traceback
                raise Abort(f"error: {error}") from None
            log.info(f"Preview updated ({done}) in {time.perf_counter() - start:.2f} s")

        server = LiveReloadServer(builder=rebuild, host=host, port=port, root=site_dir,
                                  mount_path=mount_path)
        server.error_handler = lambda code: _error_page(site_dir, code)
        rebuild()
        server.watch(config.docs_dir)
        server.watch(str(config_file))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
            session.close()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _error_page(site_dir: str, code: int) -> bytes | None:
    page = Path(site_dir, f"{code}.html")
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
