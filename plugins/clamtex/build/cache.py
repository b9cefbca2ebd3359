"""A render cache: pages whose inputs did not change are not rendered again.

A page's key hashes everything that shapes its HTML: the plugin's code, templates and
locale files, the versions of MkDocs, Material, static-i18n and Markdown, mkdocs.yml, the
list of content files (so links to added or removed files re-render), and the page's own
Markdown, metadata and `clamtex` view (titles, dates, neighbours, listings, partners...).

An entry is ONE file: a header line with the SHA-256 of the rest (and of the entry's key),
the page's anchors and links to anchors as a JSON line (so that MkDocs still validates
links into and out of a cached page), then the page's file exactly as written (after every
`on_post_page` handler). An entry is verified before use; a truncated, altered or foreign
one is a miss, and the page is rendered again. On a hit its bytes are written into the
site (a copy: the site never shares a file with the cache, so an edit inside site/ cannot
change a later build). Entries are written only after a language's build ended without
warning or error: a page whose build was refused (strict mode) is never served from the
cache. A cache that cannot be written (read-only, full, a file in the way) is said in one
warning line, and the build goes on without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from clamtex.cachefiles import Reuse, cache_problem, make_dir, place, real_dir, warn
from clamtex.fingerprint import digest

log = logging.getLogger("mkdocs.plugins.clamtex")

@dataclass(frozen=True)
class CachedPage:
    anchors: tuple[str, ...]
    links: tuple[tuple[str, str, str], ...]  # (target src_uri, anchor, original link)
    html: bytes | None = None  # the page's file (verified); dropped once written


# -- compiled templates ----------------------------------------------------------------


class VerifiedBytecodeCache(BytecodeCache):
    """Jinja's compiled templates on disk, each file prefixed with the SHA-256 of the rest.

    A compiled template is code (and Jinja reads its header with pickle): a truncated or
    altered file is not loaded, the template is compiled again. Writes are atomic (a temp
    file renamed into place); a cache that cannot be written is not used, never an error.
    """

    MAGIC = b"clamtex-bytecode-1\n"

    def __init__(self, directory: Path, root: Path) -> None:
        self.directory = directory
        self.root = root  # the cache's folder, named in a warning

    def _path(self, bucket: Bucket) -> Path:
        return self.directory / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        head = len(self.MAGIC)
        body = data[head + 32:]
        if (data[:head] != self.MAGIC
                or data[head:head + 32] != hashlib.sha256(body).digest()):
            return
        try:
            bucket.bytecode_from_string(body)
        except Exception:  # verified bytes, but not this Python's: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        body = bucket.bytecode_to_string()
        data = self.MAGIC + hashlib.sha256(body).digest() + body
        target = self._path(bucket)
        fresh = target.with_name(f".{target.name}.{os.getpid()}")
        try:
            fresh.write_bytes(data)
            os.replace(fresh, target)
        except OSError as exc:
            warn(cache_problem(self.root, exc))
            with contextlib.suppress(OSError):
                fresh.unlink()


# -- pages -------------------------------------------------------------------------------


class _WarningCounter(logging.Handler):
    """Counts WARNING and worse records of MkDocs during one language's build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


KEEP_OTHER_FOLDERS = 1  # per language, besides the current configuration's
ENTRY = ".page"
MAGIC = b"clamtex-page-1 "
_HEAD = len(MAGIC) + 64 + 1  # magic, SHA-256 in hex, newline
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}(\.page|\.html|\.json)")  # (.html/.json: old format)
_FOLDER_NAME = re.compile(r".+-[0-9a-f]{16}")


def encode_entry(key: str, page: CachedPage) -> bytes:
    assert page.html is not None
    meta = json.dumps({"anchors": list(page.anchors),
                       "links": [list(link) for link in page.links]}).encode()
    body = meta + b"\n" + page.html
    check = hashlib.sha256(key.encode() + b"\n" + body).hexdigest().encode()
    return MAGIC + check + b"\n" + body


def decode_entry(key: str, data: bytes) -> CachedPage | None:
    """The entry's page if its bytes are exactly what was stored under `key`, else None."""
    if len(data) < _HEAD or not data.startswith(MAGIC) or data[_HEAD - 1] != 10:
        return None
    body = memoryview(data)[_HEAD:]
    hasher = hashlib.sha256(key.encode() + b"\n")
    hasher.update(body)
    if hasher.hexdigest().encode() != data[len(MAGIC):_HEAD - 1]:
        return None
    end = data.find(b"\n", _HEAD)
    try:
        meta = json.loads(data[_HEAD:end])
        anchors = tuple(str(anchor) for anchor in meta["anchors"])
        links = tuple((str(a), str(b), str(c)) for a, b, c in meta["links"])
    except (ValueError, TypeError, KeyError):
        return None
    return CachedPage(anchors, links, data[end + 1:])


class RenderCache:
    """Cached pages of one language of one site configuration, on disk.

    `memory`: verified entries kept between builds (a preview server's rebuilds), owned by
    the caller; `reuse`: the site this build replaces (see cachefiles.place).
    """

    def __init__(self, root: Path, lang: str, site_fingerprint: str, *,
                 memory: dict[str, CachedPage] | None = None,
                 reuse: Reuse | None = None) -> None:
        self.root = root
        self.memory = memory
        self.reuse = reuse
        self.folder = root / "pages" / f"{lang}-{site_fingerprint[:16]}"
        self.site_fingerprint = site_fingerprint
        self.pending: dict[str, Path] = {}
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self.damaged = 0
        self.broken = False  # the cache could not be written: not used for the rest
        self._staging: Path | None = None
        self._warnings = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def bytecode_cache(self) -> BytecodeCache | None:
        """Compiled Jinja templates, shared by every language's build and process."""
        folder = self.root / "templates"
        try:
            make_dir(folder, self.root)
        except OSError as exc:
            warn(cache_problem(self.root, exc))
            return None
        return VerifiedBytecodeCache(folder, self.root)

    def key(self, *parts: str | bytes) -> str:
        return digest((self.site_fingerprint, *parts))

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{ENTRY}"

    def get(self, key: str) -> CachedPage | None:
        """The verified entry of `key` (its file's bytes included), or None."""
        page = self.memory.get(key) if self.memory is not None else None
        if page is None:
            try:
                data = self._path(key).read_bytes()
            except OSError:  # missing, or a folder or file in the way: a miss
                self.misses += 1
                return None
            page = decode_entry(key, data)
            if page is None:
                self.damaged += 1
                self.misses += 1
                return None
            if self.memory is not None:
                self.memory[key] = page
        self.hits += 1
        self.used.add(key)
        return page

    def discard(self, key: str) -> None:
        """A hit not used after all (a link's target is gone): it will be rendered."""
        self.hits -= 1
        self.misses += 1
        self.used.discard(key)

    def write_page(self, page: CachedPage, dest: str) -> None:
        """Put a cached page's file at `dest`: never a link to the cache (see `place`)."""
        assert page.html is not None
        place(page.html, dest, self.reuse)

    def keep(self, keys: Iterable[str]) -> None:
        """Count entries as used without looking them up (a preview's unchanged pages)."""
        self.used.update(keys)

    def _give_up(self, exc: OSError) -> None:
        warn(cache_problem(self.root, exc))
        self.broken = True
        self.pending.clear()

    def put(self, key: str, page: CachedPage) -> None:
        """Stage an entry; it is kept only if the build ends cleanly (see `finish`)."""
        assert page.html is not None
        if self.memory is not None:
            self.memory[key] = page
        if self.broken:
            return
        try:
            if self._staging is None:
                make_dir(self.folder, self.root)
                self._staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.folder))
            path = self._staging / f"{key}{ENTRY}"
            path.write_bytes(encode_entry(key, page))
        except OSError as exc:
            self._give_up(exc)
            return
        self.pending[key] = path
        self.used.add(key)

    def finish(self, *, success: bool) -> None:
        """Keep the staged entries if the build had no warning; drop entries not used."""
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        keep = success and self._warnings.count == 0 and not self.broken
        if self.damaged:
            log.info(f"render cache: {self.damaged} damaged entries in {self.folder} ignored "
                     "(their pages were rendered again)")
        try:
            if keep:
                for key, path in self.pending.items():
                    target = self._path(key)
                    make_dir(target.parent, self.root)
                    if target.is_dir() and not target.is_symlink():
                        shutil.rmtree(target)  # a folder in the way of an entry
                    os.replace(path, target)
                self._prune()
        except OSError as exc:
            self._give_up(exc)
        if not keep and self.memory is not None:
            for key in self.pending:
                self.memory.pop(key, None)
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
        self.pending.clear()

    def _prune(self) -> None:
        """Remove entries this build did not use: the cache never outgrows the site.

        Pages made under another configuration or code (another folder of this language)
        are dropped too, except the most recently used one: a preview and a full build
        can take turns without emptying each other's cache. Only what has the names of
        entries and folders is removed, and symlinks are not followed.
        """
        if not real_dir(self.folder):
            return
        os.utime(self.folder)
        lang = self.folder.name.rpartition("-")[0]
        others = sorted((f for f in self.folder.parent.iterdir()
                         if f.name.rpartition("-")[0] == lang and f != self.folder
                         and _FOLDER_NAME.fullmatch(f.name) and real_dir(f)),
                        key=lambda f: f.stat().st_mtime, reverse=True)
        for old in others[KEEP_OTHER_FOLDERS:]:
            shutil.rmtree(old, ignore_errors=True)
        for shard in self.folder.iterdir():
            if shard.name.startswith(".staging-") or not real_dir(shard):
                continue
            for entry in shard.iterdir():
                if (_ENTRY_NAME.fullmatch(entry.name)
                        and (entry.suffix != ENTRY or entry.name[:64] not in self.used)):
                    entry.unlink(missing_ok=True)
