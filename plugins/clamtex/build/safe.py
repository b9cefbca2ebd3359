"""Building the site safely: into a temporary folder, swapped in only when complete.

A failed build (bad content, a broken link in strict mode, a failing check, a full disk,
an exception anywhere) leaves the last good site/ untouched and ends as ONE line. The site
it replaces is renamed `.site-old-*` and deleted while the next build runs (deleting
thousands of folders took 2 s on this disk: the next build's parent process does it while
its workers build). The staging folder's name holds the building process's id
(`.site-building-<pid>-*`, and the parallel build's language parts inside its name): a
build killed before it could clean up leaves them, and the next build deletes those whose
process is gone (never those of a build still running).
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from clamtex.exceptions import BuildFailed

Check = Callable[[Path, MkDocsConfig], list[str]]


def build_site(config_file: Path, *, site_dir: Path | None = None,
               checks: tuple[Check, ...] = (), parallel: bool | None = False,
               **overrides: Any) -> Path:
    """Build into a sibling temporary folder, run `checks` on it, then swap it in.

    Any failure (an MkDocs error, a failing check, an unexpected exception in a template
    or plugin, a file system error) removes the temporary folder, leaves `target` as it
    was, and raises MkDocsException or BuildFailed with one line.
    """
    try:
        return _build_site(config_file, site_dir, checks, parallel, overrides)
    except (MkDocsException, BuildFailed):
        raise
    except Exception as exc:  # outside the build itself: load, folders, swap
        raise BuildFailed(one_line(exc)) from exc


def _build_site(config_file: Path, site_dir: Path | None, checks: tuple[Check, ...],
                parallel: bool | None, overrides: dict[str, Any]) -> Path:
    from clamtex.cachefiles import CacheWarnings, listen

    listen(CacheWarnings())  # this build says its own cache warnings, each once
    config = load_config(str(config_file), **overrides)
    target = Path(site_dir or config.site_dir).resolve()
    disable_unusable_cache(config)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweeper = sweep_old_sites(target)
        staging = Path(tempfile.mkdtemp(prefix=f"{building_prefix(target)}{os.getpid()}-",
                                        dir=target.parent))
    except OSError as exc:
        raise BuildFailed(f"{target.parent}: cannot create the site's build folder here: "
                          f"{exc.strerror} ({_FIXES.get(exc.errno or 0, _WRITABLE)}; or "
                          "build elsewhere: clamtex build -d <folder>)") from None
    from clamtex.build.render_cache import RenderCacheWiring, attach
    from clamtex.cachefiles import Reuse

    # The plugin's render cache, and the site this build replaces (its unchanged files are
    # linked, not written: cachefiles.place).
    attach(config, RenderCacheWiring(reuse=Reuse(target, staging) if target.is_dir() else None))
    try:
        config.site_dir = str(staging)
        try:
            from clamtex.build import parallel as languages_in_parallel

            if parallel is None:  # the faster path for this site's size (parallel.py)
                parallel = languages_in_parallel.pays(config)
            if parallel:  # languages in parallel processes (parallel.py)
                languages_in_parallel.build(config)
            else:
                serial_build(config)
            failures = [line for check in checks for line in check(staging, config)]
        except (MkDocsException, BuildFailed):
            raise
        except Exception as exc:  # a bug or a template error: one line, no traceback
            raise BuildFailed(_as_target(one_line(exc), target)) from exc
        if failures:
            raise BuildFailed("\n".join(failures))
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        sweeper.join()
    return target


def _as_target(message: str, target: Path) -> str:
    """A message naming a file of the staging folder (or of a language's part of it)
    names it in the site, where the editor knows it."""
    relative = os.path.relpath(target)
    shown = str(target) if relative.startswith("..") else relative
    staging = (f"(?:{re.escape(f'{target.parent}{os.sep}')})?"
               + r"\.?" + re.escape(building_prefix(target)) + r"[^/\s]*")
    return re.sub(staging, lambda _: shown, message)


def disable_unusable_cache(config: MkDocsConfig) -> None:
    """A cache folder that cannot be written (read-only, full, a file in its place): one
    warning line, and this build runs without the cache (it is never an error)."""
    from clamtex.cachefiles import probe, warn
    from clamtex.structure.project import cache_folder

    try:
        root = cache_folder(config)
    except ValueError:  # no clamtex plugin: no cache
        return
    problem = probe(root) if root is not None else None
    if problem is not None:
        warn(problem)
        config.plugins["clamtex"].config["cache"] = False


def old_site_prefix(target: Path) -> str:
    return f".{target.name}-old-"


def building_prefix(target: Path) -> str:
    return f".{target.name}-building-"


def _stale_builds(target: Path) -> list[Path]:
    """Staging folders (and their parallel language parts) of builds whose process is gone."""
    pattern = re.compile(rf"\.?{re.escape(building_prefix(target))}(\d+)-")
    stale = []
    for path in target.parent.iterdir():
        match = pattern.match(path.name)
        if match and path.is_dir() and not path.is_symlink() and not _alive(int(match[1])):
            stale.append(path)
    return stale


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


class Sweeper:
    """Deletes folders in a child process while the build runs; `join` waits for it.

    A process, not a thread: the parallel build forks its workers, and a process that
    forks must have no other thread running (its locks would be copied mid-use).
    """

    _CODE = "import shutil, sys\nfor p in sys.argv[1:]: shutil.rmtree(p, ignore_errors=True)"

    def __init__(self, paths: list[Path]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", self._CODE, *map(str, paths)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL) if paths else None

    def join(self) -> None:
        if self.process is not None:
            self.process.wait()


def sweep_old_sites(target: Path) -> Sweeper:
    """Delete, in a child process, the sites replaced by earlier builds (see swap_in), and
    what killed builds left behind."""
    old = [path for path in target.parent.glob(f"{old_site_prefix(target)}*")
           if path.is_dir() and not path.is_symlink()]
    old += _stale_builds(target)
    return Sweeper(old)


_WRITABLE = "make it writable"
_FIXES = {
    errno.ENOSPC: "the disk is full: free some space",
    errno.EDQUOT: "the disk quota is full: free some space",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: _WRITABLE + " (check its permissions)",
    errno.EPERM: _WRITABLE + " (check its permissions)",
    errno.EEXIST: "a file is in the way: two sources make this path, rename one",
    errno.ENOTDIR: "a file is in the way: two sources make this path, rename one",
    errno.EISDIR: "a folder is in the way: two sources make this path, rename one",
    errno.ENOENT: "it vanished or is a broken link: restore or remove it",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n)",
    errno.ENAMETOOLONG: "shorten the file name",
}


def one_line(exc: BaseException) -> str:
    """An exception as one line: where, what, and the fix when known; else `Type: message`."""
    if isinstance(exc, MemoryError):
        return ("out of memory (close other programs, or build one language at a time: "
                "clamtex build --serial)")
    if isinstance(exc, OSError) and exc.strerror:
        where = _shown(exc.filename)
        fix = _FIXES.get(exc.errno or 0)
        return f"{where}{exc.strerror}" + (f" ({fix})" if fix else "")
    message = " ".join(str(exc).split())
    if isinstance(exc, UnicodeError):
        return f"{type(exc).__name__}: {message} (save the file as UTF-8 text)"
    if isinstance(exc, ValueError) and "XML compatible" in message:
        return ("a control character (U+0000 to U+001F) cannot go into an XML file such as "
                "a feed or the sitemap (remove it from the content)")
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _shown(filename: object) -> str:
    """`path: ` relative to the working folder when inside it, else as it is ('' if none)."""
    if filename is None or filename == "":
        return ""
    name = os.fsdecode(filename) if isinstance(filename, (str, bytes)) else str(filename)
    relative = os.path.relpath(name) if os.path.isabs(name) else name
    return f"{name if relative.startswith('..') else relative}: "


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames on the same file system; the
    previous `target` is set aside (and deleted by the next build: `sweep_old_sites`).

    If the second rename fails, the previous `target` is put back before re-raising.
    """
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=old_site_prefix(target), dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError as exc:
        if old is not None:
            os.replace(old, target)
        raise BuildFailed(f"{target}: could not replace the site ({exc.strerror})") from exc
    os.chmod(target, 0o755)


def preview_in_memory() -> None:
    """Previews are throw-away folders: keep them in RAM (/dev/shm) where the machine has it.

    `mkdocs serve` builds into a new temporary folder and rewrites every page on every
    change; on a disk that is slow at creating folders that costs more than the build.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        tempfile.tempdir = str(shm)


def serial_build(config: MkDocsConfig) -> None:
    """MkDocs' own build of every language in turn; a refusal is one BuildFailed.

    MkDocs logs a plugin's error (our content errors) and then raises "Aborted with a
    BuildError!": the logged lines are the message, as the parallel build says them.
    """
    held: list[str] = []

    class Hold(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            if record.levelno >= logging.ERROR:
                held.append(record.getMessage())
                return False
            return True

    hold = Hold()
    handlers = list(logging.getLogger("mkdocs").handlers)
    for handler in handlers:
        handler.addFilter(hold)
    try:
        mkdocs_build(config)
    except Abort:
        if held:
            raise BuildFailed("\n".join(held)) from None
        raise
    finally:
        for handler in handlers:
            handler.removeFilter(hold)


class OnceEach(logging.Filter):
    """Shows a warning once: i18n builds each language on its own, and MkDocs repeats a
    warning about a page in every language that falls back to it. Only what is shown is
    filtered: MkDocs' own counter (strict mode) still counts every warning."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


class _Format(logging.Formatter):
    """`WARNING -  message`; errors as they are: a one-language build's content errors are
    logged by MkDocs, and their lines must read as `clamtex check` prints them."""

    def __init__(self) -> None:
        super().__init__("%(levelname)-7s -  %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if record.levelno >= logging.ERROR:
            return record.getMessage()
        return super().format(record)


def quiet_logging(verbose: bool) -> None:
    """MkDocs' messages at WARNING (INFO with --verbose), one line each, each once."""
    handler = logging.StreamHandler()
    handler.setFormatter(_Format())
    handler.addFilter(OnceEach())
    root = logging.getLogger("mkdocs")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    root.propagate = False
