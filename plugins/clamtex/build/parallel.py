"""The fast path: one process per language, merged into one site, whole-site steps once.

mkdocs-static-i18n builds the languages one after the other on one config object. Here
the content is read once, then forked workers (up to os.cpu_count()) each build ONE
language of the same i18n config into a folder of their own: i18n is told that the
language is current and that it is already `building`, so it starts no nested builds and
computes that language's output paths (the default language at the root, the others under
<lang>/) exactly as in a plain build. The folders are merged in i18n's language order
(later files replace earlier ones, as in a plain build), then the whole-site steps run
once (outputs/whole_site.finish_site). Each worker also makes its language's Pagefind
index (Pagefind indexes each language on its own; the bundles merge into the same files a
single run over the whole site writes). The result equals a plain `mkdocs build` byte for byte.

The workers are forked with the config as an argument (fork copies it: nothing is pickled)
and take their languages one at a time over a pipe each; no thread runs in this process
when it forks (tests/test_fork_safety.py).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from clamtex import cachefiles
from clamtex.build.render_cache import in_folder
from clamtex.build.safe import one_line
from clamtex.exceptions import BuildFailed, SearchIndexError
from clamtex.mkdocs_internals import build_one_language
from clamtex.outputs import search
from clamtex.outputs.whole_site import cms_setup, finish_site
from clamtex.plugin import ClamtexPlugin
from clamtex.structure.languages import Languages
from clamtex.structure.project import cache_folder

Result = tuple[str, str, list[str]]  # ('ok' | 'mkdocs' | 'error', message, cache warnings)

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
    langs = Languages.from_config(config).codes  # i18n's order: the default first
    plugin = config.plugins.get("clamtex")
    if len(langs) < 2 or not isinstance(plugin, ClamtexPlugin) or not can_fork():
        mkdocs_build(config)
        return
    plan = plugin.content.whole_site_plan(config)  # reads the content once, before forking
    target = Path(config.site_dir)
    parts = [Path(tempfile.mkdtemp(prefix=f".{target.name}-{lang}-", dir=target.parent))
             for lang in langs]
    try:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(langs)))
        results = run_workers(config, list(zip(langs, map(str, parts), strict=True)), workers)
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
        for part in parts:
            shutil.rmtree(part, ignore_errors=True)
    finish_site(target, plan, config.site_url or "", cache_folder(config),
                search_index=False, admin=cms_setup(config, plugin.content.kinds),
                reuse=plugin.run.reuse)


def run_workers(config: MkDocsConfig, tasks: list[tuple[str, str]], workers: int) -> list[Result]:
    """Build `tasks` (language, folder) in `workers` forked processes; their results in
    the tasks' order. A worker that dies (killed, out of memory) fails the build instead
    of hanging it."""
    context = multiprocessing.get_context("fork")
    pending = list(enumerate(tasks))
    results: dict[int, Result] = {}
    busy: dict[Connection, int] = {}
    processes = []
    try:
        for _ in range(min(workers, len(tasks))):
            ours, theirs = context.Pipe()
            process = context.Process(target=_worker, args=(config, theirs))
            process.start()
            theirs.close()  # so that the worker's end closing (it died) reads as EOF here
            processes.append(process)
            busy[ours], task = pending.pop(0)
            ours.send(task)
        while busy:
            for ready in wait(list(busy)):
                assert isinstance(ready, Connection)
                index = busy.pop(ready)
                try:
                    results[index] = ready.recv()
                except EOFError:
                    raise BuildFailed("a language's build process died (its exit code: "
                                      f"{_exit_codes(processes)})") from None
                if pending:
                    busy[ready], task = pending.pop(0)
                    ready.send(task)
                else:
                    ready.send(None)  # no more: the worker ends
    finally:
        for process in processes:
            if busy:  # failed: the others are not waited for
                process.kill()
            process.join()
    return [results[index] for index in range(len(tasks))]


def _exit_codes(processes: Sequence[multiprocessing.process.BaseProcess]) -> str:
    for process in processes:
        process.join(timeout=1)
    return ", ".join(str(process.exitcode) for process in processes)


def _worker(config: MkDocsConfig, tasks: Connection) -> None:
    """In a forked worker: build each language it is given, until told there is no more."""
    while (task := tasks.recv()) is not None:
        warnings = cachefiles.listen(cachefiles.CacheWarnings(keep=True))
        kind, message = _build_one(config, *task)
        tasks.send((kind, message, warnings.kept or []))


def _build_one(config: MkDocsConfig, lang: str, site_dir: str) -> tuple[str, str]:
    """Build one language of `config` into its folder."""
    build_one_language(config, lang)  # the paths a full build gives it; no nested builds
    config.site_dir = site_dir
    in_folder(config, Path(site_dir))  # its layout is the site's (see cachefiles.place)
    plugin = config.plugins["clamtex"]
    assert isinstance(plugin, ClamtexPlugin)
    try:
        mkdocs_build(config)
        if not plugin.run.preview:  # this language's search index, beside its pages
            search.index_site(Path(site_dir), cache_folder(config), slot=lang,
                              known=plugin.run.page_keys(), reuse=plugin.run.reuse)
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
