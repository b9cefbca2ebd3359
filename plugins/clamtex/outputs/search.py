"""Per-language search with Pagefind: mark what to index, index the finished site once.

Pagefind makes one index per <html lang> (Catalan included) and writes its files, UI
scripts among them, into <site>/pagefind/. Only the content of real translations of
articles, pages and partner profiles is indexed (the element marked data-pagefind-body);
listings, the home page, the partner directory, 404 pages, untranslated fallbacks,
menus and footers are not.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

from clamtex.cachefiles import Reuse
from clamtex.exceptions import SearchIndexError
from clamtex.structure.views import PageView

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
MARK = b"data-pagefind-body"
CONTENT_ELEMENT = '<article class="md-content__inner md-typeset"'
# The result's image is named explicitly: Pagefind's automatic one keeps the alt text's
# character references (`l&#39;Union`), an explicit one is read as text.
IMAGE_META = 'data-pagefind-meta="image[src], image_alt[alt]"'
# Inside the indexed element but not its own content: previous/next links, the funding
# line, notices, and news cards (a partner profile lists its news: they have their pages).
EXCLUDE = (".clamtex-prevnext", ".clamtex-article__funding", ".clamtex-notice",
           ".headerlink", ".clamtex-partner__news", ".clamtex-cards")


def searchable(view: PageView, kinds: Collection[str]) -> bool:
    """Whether a page's content belongs in its language's index (`kinds`: the page kinds
    searched, as the content kinds say)."""
    return view.kind in kinds and not view.fallback_notice


def mark_searchable(html: str, view: PageView, kinds: Collection[str]) -> str:
    """Add data-pagefind-body to the page's main content element if it is searchable.

    The first image of the content (an article's picture, a partner's logo, else the
    funding emblem) is named as the result's image: otherwise Pagefind takes the first
    image after the title (on a profile, a news card's) and keeps its alt text's
    character references.
    """
    if not searchable(view, kinds):
        return html
    start = html.find(CONTENT_ELEMENT)
    if start < 0:
        return html
    html = html.replace(CONTENT_ELEMENT, f"{CONTENT_ELEMENT} data-pagefind-body", 1)
    image = html.find("<img ", start)
    if image >= 0:
        html = f"{html[:image]}<img {IMAGE_META} {html[image + len('<img '):]}"
    return html


def index_site(site_dir: Path, cache_dir: Path | None = None, *, slot: str = "site",
               known: Mapping[str, str] | None = None,
               reuse: Reuse | None = None) -> dict[str, int]:
    """Index the pages of `site_dir` into site_dir/pagefind; return pages per language.

    A plain function of a folder: the whole finished site (one index per language), or a
    parallel worker's folder holding one language (`slot` names it in the cache). With a
    `cache_dir`, an index made earlier from exactly the same pages is reused. A folder with
    no searchable page gets no index (Pagefind would index whole pages instead). `known`
    gives the render-cache keys of pages (see `_pages_key`); `reuse`: the site this build
    replaces (cachefiles.place).
    """
    site_dir = Path(site_dir)
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    key, any_searchable = _pages_key(site_dir, known or {})
    if not any_searchable:
        return {}
    cached = cache_dir / BUNDLE / slot / key if cache_dir is not None else None
    if cached is not None and _restore(cached, key, site_dir / BUNDLE, reuse):
        return languages(site_dir)
    _run_pagefind(site_dir)
    if cached is not None:
        _store(site_dir / BUNDLE, cached, key)
    return languages(site_dir)


def read_entry(site_dir: Path) -> dict | None:
    """The pagefind-entry.json of a folder's index, if it has one."""
    try:
        return json.loads((Path(site_dir) / BUNDLE / ENTRY).read_text("utf-8"))
    except FileNotFoundError:
        return None


def write_merged_entry(site_dir: Path, entries: list[dict]) -> None:
    """One pagefind-entry.json for indexes made language by language in one site.

    Pagefind names every other file of a language's index after the language and a hash
    of its content, so the bundles merge by copying; only this list of languages is
    shared. The result equals the entry of one Pagefind run over the whole site.
    """
    if not entries:
        return
    merged = dict(entries[0])
    merged["languages"] = {lang: data for entry in entries
                           for lang, data in entry.get("languages", {}).items()}
    _write_entry(Path(site_dir) / BUNDLE / ENTRY, merged)


MANIFEST = ".clamtex-manifest.json"  # in a cached index: the SHA-256 of every file


def _restore(cached: Path, key: str, bundle: Path, reuse: Reuse | None) -> bool:
    """Copy a cached index into the site if every file is as stored (its manifest's
    SHA-256); False (and nothing in the site) if any is missing, altered or truncated."""
    from clamtex.cachefiles import place

    try:
        manifest = json.loads((cached / MANIFEST).read_bytes())
        if manifest.get("key") != key or not isinstance(manifest.get("files"), dict):
            return False
        for rel, sha in manifest["files"].items():
            if Path(rel).is_absolute() or ".." in Path(rel).parts:
                raise ValueError(rel)
            data = (cached / rel).read_bytes()
            if hashlib.sha256(data).hexdigest() != sha:
                raise ValueError(rel)
            place(data, str(bundle / rel), reuse)  # never a link to the cache
    except (OSError, ValueError, TypeError, AttributeError):
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def _store(bundle: Path, cached: Path, key: str) -> None:
    """Keep one index, the latest, with its manifest: staged beside it, then renamed into
    place. A cache that cannot be written is said once; the build goes on without it."""
    from clamtex.cachefiles import cache_problem, make_dir, warn

    folder = cached.parent
    root = folder.parent.parent  # the cache's folder
    try:
        make_dir(folder, root)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    except OSError as exc:
        warn(cache_problem(root, exc))
        return
    try:
        files = {}
        for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
            rel = path.relative_to(bundle).as_posix()
            data = path.read_bytes()
            files[rel] = hashlib.sha256(data).hexdigest()
            target = staging / "bundle" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / "bundle" / MANIFEST).write_text(json.dumps({"key": key, "files": files}))
        for old in folder.iterdir():
            if old != staging and not old.name.startswith(".staging-"):
                if old.is_dir() and not old.is_symlink():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink()
        with contextlib.suppress(OSError):  # another build stored the same index first
            os.replace(staging / "bundle", cached)
    except OSError as exc:
        warn(cache_problem(root, exc))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _pages_key(site_dir: Path, known: Mapping[str, str]) -> tuple[str, bool]:
    """(hash of every HTML page's path and content and of how Pagefind is run, whether any
    page is marked searchable).

    A page in `known` (path under `site_dir` -> render-cache key) is hashed by its key,
    which decides its bytes, without reading it; any other file by its bytes.
    """
    from importlib.metadata import version

    digest = hashlib.sha256(repr((version("pagefind"), EXCLUDE, BUNDLE)).encode())
    any_searchable = False
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(f"{BUNDLE}/"):
            continue
        digest.update(rel.encode() + b"\0")
        key = known.get(rel)
        if key is not None and any_searchable:
            digest.update(key.encode())
            continue
        html = path.read_bytes()
        digest.update(key.encode() if key is not None else hashlib.sha1(html).digest())
        any_searchable = any_searchable or MARK in html
    return digest.hexdigest(), any_searchable


def _run_pagefind(site_dir: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--output-subdir", BUNDLE, "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    entry = site_dir / BUNDLE / ENTRY
    if result.returncode != 0 or not entry.is_file():
        detail = " ".join((result.stderr or result.stdout).split())[:300]
        raise SearchIndexError(f"{site_dir}: search index not built: {detail} "
                               "(check that `pagefind[bin]` is installed)")
    sort_entry(entry)


def sort_entry(entry: Path) -> None:
    """Pagefind lists the languages in a random order per run: sort them (same bytes)."""
    _write_entry(entry, json.loads(entry.read_text("utf-8")))


def _write_entry(entry: Path, data: dict) -> None:
    """Write a new file, renamed into place (never a half-written entry)."""
    data = {**data, "languages": dict(sorted(data.get("languages", {}).items()))}
    fresh = entry.with_name(entry.name + ".new")
    fresh.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    os.replace(fresh, entry)


def languages(site_dir: Path) -> dict[str, int]:
    """Pages indexed per language, from pagefind-entry.json (none without an index)."""
    entry = read_entry(site_dir)
    if entry is None:
        return {}
    return {lang: int(data.get("page_count", 0)) for lang, data in entry["languages"].items()}
