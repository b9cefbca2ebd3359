"""The fast path: one process per language, merged into one site, whole-site steps once.

mkdocs-static-i18n builds the languages one after the other on one config object. Here
the content is read once, then forked workers (up to os.cpu_count()) each build ONE
language of the same i18n config into a folder of their own: i18n is told that the
language is current and that it is already `building`, so it starts no nested builds and
computes that language's output paths (the default language at the root, the others under
<lang>/) exactly as in a plain build. The folders are merged in i18n's language order
(later files replace earlier ones, as in a plain build), then the whole-site steps run
once (plugin.finish_site). Each worker also makes its language's Pagefind index (Pagefind
indexes each language on its own; the bundles merge into the same files a single run over
the whole site writes). The result equals a plain `mkdocs build` byte for byte.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from clamtex import cachefiles
from clamtex.build.safe import one_line
from clamtex.exceptions import BuildFailed, SearchIndexError
from clamtex.outputs import search
from clamtex.plugin import ClamtexPlugin, cms_setup, finish_site, preview_mode
from clamtex.structure.languages import Languages
from clamtex.structure.project import cache_folder

_CONFIG: MkDocsConfig | None = None  # inherited by the forked workers


# From this many Markdown files on, one process per language is faster than MkDocs' own
# one-after-the-other build on the 2-core machines we measure on (docs/performance.md:
# below it, starting the workers and merging their folders costs more than it saves).
PARALLEL_FROM = 30


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def pays(config: MkDocsConfig) -> bool:
    """Whether the parallel build is the faster one for this site on this machine."""
    if (os.cpu_count() or 1) < 2 or not can_fork():
        return False
    pages = 0
    for _folder, dirs, names in os.walk(config.docs_dir):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        pages += sum(1 for name in names if name.endswith(".md"))
        if pages >= PARALLEL_FROM:
            return True
    return False


def build(config: MkDocsConfig, jobs: int | None = None) -> None:
    """Build the site of `config` into config.site_dir, languages in parallel.

    Falls back to a plain build when there is one language, no clamtex plugin or no fork.
    """
    global _CONFIG
    langs = Languages.from_config(config).codes  # i18n's order: the default first
    plugin = config.plugins.get("clamtex")
    if len(langs) < 2 or not isinstance(plugin, ClamtexPlugin) or not can_fork():
        mkdocs_build(config)
        return
    plan = plugin.whole_site_plan(config)  # reads the content once, before forking
    target = Path(config.site_dir)
    parts = [Path(tempfile.mkdtemp(prefix=f".{target.name}-{lang}-", dir=target.parent))
             for lang in langs]
    try:
        _CONFIG = config
        workers = max(1, min(jobs or os.cpu_count() or 1, len(langs)))
        context = multiprocessing.get_context("fork")
        tasks = list(zip(langs, map(str, parts), strict=True))
        try:  # a worker that dies (killed, out of memory) fails the build instead of hanging
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                results = list(pool.map(_build_language, tasks))
        except BrokenProcessPool as exc:
            raise BuildFailed(f"a language's build process died ({exc})") from None
        for _, _, warnings in results:
            for warning in warnings:  # a cache a worker could not write: said once
                cachefiles.warn(warning)
        for kind, message, _ in results:
            if kind == "mkdocs":
                raise Abort(message)
            if kind == "error":
                raise BuildFailed(message)
        target.mkdir(parents=True, exist_ok=True)
        entries = [entry for part in parts if (entry := search.read_entry(part))]
        for part in parts:
            merge_into(part, target)
        search.write_merged_entry(target, entries)
    finally:
        _CONFIG = None
        for part in parts:
            shutil.rmtree(part, ignore_errors=True)
    finish_site(target, plan, config.site_url or "", cache_folder(config), indexed=True,
                admin=cms_setup(config))


def _build_language(task: tuple[str, str]) -> tuple[str, str, list[str]]:
    """In a worker: build one language into its folder; ('ok' | 'mkdocs' | 'error', message,
    the cache's warnings)."""
    kind, message = _build_one(task)
    return kind, message, cachefiles.deferred or []


def _build_one(task: tuple[str, str]) -> tuple[str, str]:
    lang, site_dir = task
    cachefiles.deferred = []
    config = _CONFIG
    assert config is not None
    i18n: Any = config.plugins["i18n"]
    i18n.current_language = lang
    i18n.building = True  # i18n's on_post_build then starts no other language's build
    config.site_dir = site_dir
    cachefiles.build_root = Path(site_dir)  # its layout is the site's (see cachefiles.place)
    try:
        mkdocs_build(config)
        if not preview_mode():  # this language's search index, beside its pages
            plugin: Any = config.plugins["clamtex"]
            search.index_site(Path(site_dir), cache_folder(config), slot=lang,
                              known=plugin.page_keys)
    except SearchIndexError as exc:
        return "error", str(exc)
    except MkDocsException as exc:
        return "mkdocs", str(exc)
    except Exception as exc:  # a template or plugin bug, a full disk: one line for the editor
        return "error", one_line(exc)
    return "ok", ""


def merge_into(part: Path, target: Path) -> None:
    """Move every file of `part` into `target`, replacing files already there.

    Folders absent from `target` (a language's whole <lang>/ tree) move in one rename.
    """
    for root, dirs, files in os.walk(part):
        here = target / Path(root).relative_to(part)
        for name in list(dirs):
            if not (here / name).exists():
                os.replace(Path(root) / name, here / name)
                dirs.remove(name)
        for name in files:
            os.replace(Path(root) / name, here / name)
