"""Building the site safely: into a temporary folder, swapped in only when complete.

A failed build (bad content, a broken link in strict mode, a failing check) leaves the
last good site/ untouched. The site it replaces is renamed `.site-old-*` and deleted
while the next build runs (deleting thousands of folders took 2 s on this disk: the next
build's parent process does it while its workers build).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from clamtex.exceptions import BuildFailed

Check = Callable[[Path, MkDocsConfig], list[str]]


def build_site(config_file: Path, *, site_dir: Path | None = None,
               checks: tuple[Check, ...] = (), parallel: bool = False,
               **overrides: object) -> Path:
    """Build into a sibling temporary folder, run `checks` on it, then swap it in.

    Any failure (an MkDocs error, a failing check, an unexpected exception in a template
    or plugin) removes the temporary folder and leaves `target` as it was.
    """
    config = load_config(str(config_file), **overrides)
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    sweeper = sweep_old_sites(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        config.site_dir = str(staging)
        try:
            if parallel:  # languages in parallel processes (parallel.py)
                from clamtex.build.parallel import build as parallel_build

                parallel_build(config)
            else:
                mkdocs_build(config)
            failures = [line for check in checks for line in check(staging, config)]
        except (MkDocsException, BuildFailed):
            raise
        except Exception as exc:  # a bug or a template error: one line, no traceback
            raise BuildFailed(one_line(exc)) from exc
        if failures:
            raise BuildFailed("\n".join(failures))
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        sweeper.join()
    return target


def old_site_prefix(target: Path) -> str:
    return f".{target.name}-old-"


def sweep_old_sites(target: Path) -> threading.Thread:
    """Delete, in a thread, the sites replaced by earlier builds (see swap_in)."""
    old = [path for path in target.parent.glob(f"{old_site_prefix(target)}*")
           if path.is_dir()]

    def sweep() -> None:
        for path in old:
            shutil.rmtree(path, ignore_errors=True)

    thread = threading.Thread(target=sweep, name="clamtex-sweep", daemon=True)
    thread.start()
    return thread


def one_line(exc: BaseException) -> str:
    """`RuntimeError: message` on a single line."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


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
