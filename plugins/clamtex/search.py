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
from pathlib import Path

from .views import PageView

BUNDLE = "pagefind"
SEARCHABLE = ("news", "page", "partner")
CONTENT_ELEMENT = '<article class="md-content__inner md-typeset"'
PARTNER_LOGO = '<img class="clamtex-partner__logo"'
LOGO_META = 'data-pagefind-meta="image[src], image_alt[alt]"'
# Inside the indexed element but not its own content: previous/next links, the funding
# line, notices, and news cards (a partner profile lists its news: they have their pages).
EXCLUDE = (".clamtex-prevnext", ".clamtex-article__funding", ".clamtex-notice",
           ".headerlink", ".clamtex-partner__news", ".clamtex-cards")


class SearchIndexError(Exception):
    """Pagefind failed; the message is one line."""


def searchable(view: PageView) -> bool:
    """Whether a page's content belongs in its language's index."""
    return view.kind in SEARCHABLE and not view.fallback_notice


def mark_searchable(html: str, view: PageView) -> str:
    """Add data-pagefind-body to the page's main content element if it is searchable.

    On a partner profile, the logo is named as the result's image: otherwise Pagefind
    takes the first image after the title, a news card's, and indexes its alt text.
    """
    if not searchable(view):
        return html
    html = html.replace(CONTENT_ELEMENT, f"{CONTENT_ELEMENT} data-pagefind-body", 1)
    if view.kind == "partner":
        html = html.replace(PARTNER_LOGO, PARTNER_LOGO.replace("<img", f"<img {LOGO_META}"), 1)
    return html


def index_site(site_dir: Path, cache_dir: Path | None = None) -> dict[str, int]:
    """Index a built site (all languages) into site_dir/pagefind; return pages per language.

    A plain function of the site folder: run it once, after every language is written.
    With a `cache_dir`, an index made earlier from exactly the same pages is reused.
    """
    site_dir = Path(site_dir)
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    key = _pages_key(site_dir) if cache_dir is not None else ""
    cached = cache_dir / "pagefind" / key if cache_dir is not None else None
    if cached is not None and (cached / "pagefind-entry.json").is_file():
        try:
            shutil.copytree(cached, site_dir / BUNDLE, copy_function=_link_or_copy)
            return languages(site_dir)
        except OSError:  # another build replaced the cached index meanwhile: index anew
            shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    _run_pagefind(site_dir)
    if cached is not None:
        _store(site_dir / BUNDLE, cached)
    return languages(site_dir)


def _store(bundle: Path, cached: Path) -> None:
    """Keep one index, the latest: staged beside it, then renamed into place."""
    folder = cached.parent
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    shutil.copytree(bundle, staging / "bundle", copy_function=_link_or_copy)
    for old in folder.iterdir():
        if old != staging and not old.name.startswith(".staging-"):
            shutil.rmtree(old, ignore_errors=True)
    with contextlib.suppress(OSError):  # another build stored the same index first
        os.replace(staging / "bundle", cached)
    shutil.rmtree(staging, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    """Hard-link a cached index file into the site (the site never edits files in place)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _pages_key(site_dir: Path) -> str:
    """Hash of every HTML page's path and bytes, and of how Pagefind is run."""
    from importlib.metadata import version

    digest = hashlib.sha256(repr((version("pagefind"), EXCLUDE, BUNDLE)).encode())
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] == BUNDLE:
            continue
        digest.update(rel.as_posix().encode() + b"\0")
        digest.update(hashlib.sha1(path.read_bytes()).digest())
    return digest.hexdigest()


def _run_pagefind(site_dir: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--output-subdir", BUNDLE, "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    entry = site_dir / BUNDLE / "pagefind-entry.json"
    if result.returncode != 0 or not entry.is_file():
        detail = " ".join((result.stderr or result.stdout).split())[:300]
        raise SearchIndexError(f"{site_dir}: search index not built: {detail} "
                               "(check that `pagefind[bin]` is installed)")
    sort_entry(entry)


def sort_entry(entry: Path) -> None:
    """Pagefind lists the languages in a random order per run: sort them (same bytes)."""
    data = json.loads(entry.read_text("utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")


def languages(site_dir: Path) -> dict[str, int]:
    """Pages indexed per language, from pagefind-entry.json."""
    entry = json.loads((Path(site_dir) / BUNDLE / "pagefind-entry.json").read_text("utf-8"))
    return {lang: int(data.get("page_count", 0)) for lang, data in entry["languages"].items()}
