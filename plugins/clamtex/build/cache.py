"""A render cache: pages whose inputs did not change are not rendered again.

A page's key hashes everything that shapes its HTML: the plugin's code, templates and
locale files, the versions of MkDocs, Material, static-i18n and Markdown, mkdocs.yml, the
list of content files (so links to added or removed files re-render), and the page's own
Markdown, metadata and `clamtex` view (titles, dates, neighbours, listings, partners...).

An entry is the page's file exactly as written (after every `on_post_page` handler), and
the page's anchors and links to anchors, so that MkDocs still validates links into and out
of a cached page. On a hit the file is hard-linked into the site instead of written (this
disk is much slower at writing file data than at linking; a site on another file system
gets a copy). Nothing edits a built page in place, so the site and the cache can share
the file. Entries are written only after a language's build ended without warning or
error: a page whose build was refused (strict mode) is never served from the cache.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from clamtex.exceptions import CacheChanged

PACKAGE_DIR = Path(__file__).parent.parent  # the whole clamtex package
VERSIONED = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions",
             "jinja2", "babel")


# A preview server (`clamtex serve`) keeps the pages it read in memory between rebuilds.
keep_in_memory = False
_in_memory: dict[str, CachedPage] = {}


@dataclass(frozen=True)
class CachedPage:
    anchors: tuple[str, ...]
    links: tuple[tuple[str, str, str], ...]  # (target src_uri, anchor, original link)
    html: bytes | None = None  # the page's file; on disk only (None) unless kept in memory


@cache
def code_fingerprint() -> str:
    """Hash of our code, templates and strings, and of the stack's versions."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    for name in VERSIONED:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


def digest(parts: Iterable[str | bytes]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class _WarningCounter(logging.Handler):
    """Counts WARNING and worse records of MkDocs during one language's build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


KEEP_OTHER_FOLDERS = 1  # per language, besides the current configuration's


class RenderCache:
    """Cached pages of one language of one site configuration, on disk."""

    def __init__(self, root: Path, lang: str, site_fingerprint: str) -> None:
        self.root = root
        self.folder = root / "pages" / f"{lang}-{site_fingerprint[:16]}"
        self.site_fingerprint = site_fingerprint
        self.pending: dict[str, Path] = {}
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self._staging: Path | None = None
        self._warnings = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def bytecode_cache(self) -> FileSystemBytecodeCache:
        """Compiled Jinja templates, shared by every language's build and process."""
        folder = self.root / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))

    def key(self, *parts: str | bytes) -> str:
        return digest((self.site_fingerprint, *parts))

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> CachedPage | None:
        page = _in_memory.get(key)
        if page is None:
            path = self._path(key)
            try:
                data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
                html = path.with_suffix(".html").read_bytes() if keep_in_memory else None
                if html is None and not path.with_suffix(".html").is_file():
                    raise FileNotFoundError(path)
            except (OSError, ValueError):
                self.misses += 1
                return None
            page = CachedPage(tuple(data["anchors"]),
                              tuple(tuple(link) for link in data["links"]),  # type: ignore[misc]
                              html)
            if keep_in_memory:
                _in_memory[key] = page
        self.hits += 1
        self.used.add(key)
        return page

    def write_page(self, key: str, page: CachedPage, dest: str) -> None:
        """Put a cached page's file at `dest`: a hard link to the cache's copy, or a copy."""
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if page.html is not None:
            with open(dest, "wb") as handle:
                handle.write(page.html)
            return
        source = self._path(key).with_suffix(".html")
        try:
            os.link(source, dest)
        except FileExistsError:
            os.unlink(dest)
            os.link(source, dest)
        except OSError as exc:
            if exc.errno != errno.EXDEV:  # not another file system: the cache changed
                raise CacheChanged(f"{source}: {exc.strerror}; build again") from None
            shutil.copyfile(source, dest)

    def keep(self, keys: Iterable[str]) -> None:
        """Count entries as used without looking them up (a preview's unchanged pages)."""
        self.used.update(keys)

    def put(self, key: str, page: CachedPage) -> None:
        """Stage an entry; it is kept only if the build ends cleanly (see `finish`)."""
        assert page.html is not None
        if self._staging is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.folder))
        path = self._staging / key
        path.with_suffix(".html").write_bytes(page.html)
        # Read-only: the site's hard links to it must not be edited in place (docs/deploy.md).
        path.with_suffix(".html").chmod(0o444)
        path.with_suffix(".json").write_text(
            json.dumps({"anchors": list(page.anchors),
                        "links": [list(link) for link in page.links]}), encoding="utf-8")
        self.pending[key] = path
        self.used.add(key)
        if keep_in_memory:
            _in_memory[key] = page

    def finish(self, *, success: bool) -> None:
        """Keep the staged entries if the build had no warning; drop entries not used."""
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        keep = success and self._warnings.count == 0
        if keep:
            for key, path in self.pending.items():
                target = self._path(key)
                target.parent.mkdir(parents=True, exist_ok=True)
                for suffix in (".html", ".json"):  # the page first: get() needs both
                    os.replace(path.with_suffix(suffix), target.with_suffix(suffix))
            self._prune()
        elif keep_in_memory:
            for key in self.pending:
                _in_memory.pop(key, None)
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
        self.pending.clear()

    def _prune(self) -> None:
        """Remove entries this build did not use: the cache never outgrows the site.

        Pages made under another configuration or code (another folder of this language)
        are dropped too, except the most recently used one: a preview and a full build
        can take turns without emptying each other's cache.
        """
        if not self.folder.is_dir():
            return
        os.utime(self.folder)
        lang = self.folder.name.rpartition("-")[0]
        others = sorted((f for f in self.folder.parent.iterdir()
                         if f.name.rpartition("-")[0] == lang and f != self.folder),
                        key=lambda f: f.stat().st_mtime, reverse=True)
        for old in others[KEEP_OTHER_FOLDERS:]:
            shutil.rmtree(old, ignore_errors=True)
        for shard in self.folder.iterdir():
            if not shard.is_dir() or shard.name.startswith(".staging-"):
                continue
            for entry in shard.iterdir():
                if entry.name.partition(".")[0] not in self.used:
                    entry.unlink(missing_ok=True)
