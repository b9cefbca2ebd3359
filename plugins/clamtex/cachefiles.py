"""Files of the caches (.cache/clamtex): what a build says when it cannot use them, and
how their contents reach the site. Imports nothing of ours: every layer may use it.

A cache problem is never an error: it is one `warning:` line, and the build goes on
without the cache. Nothing in the site is ever a cache file (`place`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

# -- saying, once, what the cache cannot do ----------------------------------------------

# Through its own logger, not MkDocs': strict mode would refuse the build, and a cache
# problem must never change what is published. Who hears them is the handler the build
# installs (`CacheWarnings`): a build says each once; a parallel worker keeps them for
# its parent, which says them.
log = logging.getLogger("clamtex.cache")
log.propagate = False


class CacheWarnings(logging.Handler):
    """Each cache warning once: a `warning:` line on stderr, or, with `keep`, kept in
    `kept` (a parallel worker's, handed to its parent)."""

    def __init__(self, *, keep: bool = False) -> None:
        super().__init__(logging.WARNING)
        self.said: set[str] = set()
        self.kept: list[str] | None = [] if keep else None

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message in self.said:
            return
        self.said.add(message)
        if self.kept is not None:
            self.kept.append(message)
        else:
            print(f"warning: {message}", file=sys.stderr, flush=True)


def listen(handler: CacheWarnings) -> CacheWarnings:
    """Make `handler` the one that hears the cache warnings (a new build, or a worker)."""
    for old in list(log.handlers):
        log.removeHandler(old)
    log.addHandler(handler)
    return handler


def warn(message: str) -> None:
    """A cache problem, said once per build (see above)."""
    log.warning(message)


listen(CacheWarnings())  # a plain `mkdocs build`: said on stderr, once per process


_FIXES = {
    28: "free some disk space", 122: "free some disk space",
    30: "its file system is read-only: mount it writable, or set CLAMTEX_CACHE=0",
    13: "make it writable", 1: "make it writable",
    17: "something else is in its place: remove it, or run make clean",
    20: "something else is in its place: remove it, or run make clean",
    21: "something else is in its place: remove it, or run make clean",
}


def cache_problem(root: Path, exc: OSError) -> str:
    """The one line said when the cache (folder `root`) cannot be used or written."""
    fix = _FIXES.get(exc.errno or 0, "make clean empties it")
    reason = exc.strerror or type(exc).__name__
    relative = os.path.relpath(root)
    return (f"{root if relative.startswith('..') else relative}: cache not usable ({reason}): "
            f"building without it ({fix})")


def probe(root: Path) -> str | None:
    """Why the cache folder cannot be used (one line), or None if it can: it must be a
    folder we can write a small file into (read-only and full disks fail here)."""
    test = root / f".probe-{os.getpid()}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        if not root.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(root))
        with open(test, "wb") as handle:  # a full disk refuses the write (no fsync needed)
            handle.write(b"\0" * 4096)
    except OSError as exc:
        return cache_problem(root, exc)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(test)
    return None


def make_dir(path: Path, root: Path) -> None:
    """mkdir -p `path`; a file or symlink in the way below `root` is ours: it is removed."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        if real_dir(path) or root not in path.parents:
            return
    except (FileExistsError, NotADirectoryError):
        if root not in path.parents:
            raise
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            current.unlink()
    path.mkdir(parents=True, exist_ok=True)


# -- writing into the site --------------------------------------------------------------


@dataclass(frozen=True)
class Reuse:
    """The site a build replaces, and the folder being built (a parallel worker's own
    folder in the worker: build/parallel.py); the site's layout below both is the same.
    Made by build/safe.py for each build and handed down explicitly."""

    previous_site: Path
    build_root: Path


def place(data: bytes, dest: str, reuse: Reuse | None = None) -> None:
    """Put `data` at `dest` in the site being built: a new file, or (with `reuse`) a hard
    link to the file at the same place in the site this build replaces when that holds
    exactly these bytes (compared after linking). The cache never shares a file with a
    site; the site being replaced is deleted by the next build, and an edit made in it is
    never reused.
    Creating a file costs far more than linking one on this disk (docs/performance.md)."""
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    if reuse is not None:
        try:
            old = reuse.previous_site / os.path.relpath(dest, reuse.build_root)
            if not os.stat(old).st_mode & stat.S_IWUSR:
                raise PermissionError(old)  # read-only: a link into an older version's cache
            os.link(old, dest)
            with open(dest, "rb") as handle:
                if handle.read(len(data) + 1) == data:
                    return
            os.unlink(dest)  # edited or different: written anew
        except OSError:
            pass
    with open(dest, "wb") as handle:
        handle.write(data)


def real_dir(path: Path) -> bool:
    """A folder, not a symlink to one (pruning never follows a link out of the cache)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
