"""Building the site safely: into a temporary folder, swapped in only when complete.

A failed build (bad content, a broken link in strict mode, a failing check) leaves the
last good site/ untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

Check = Callable[[Path, MkDocsConfig], list[str]]


class BuildFailed(Exception):
    """The build or a check failed; the message says why, in editors' words."""


def build_site(config_file: Path, *, site_dir: Path | None = None,
               checks: tuple[Check, ...] = (), **overrides: object) -> Path:
    """Build into a sibling temporary folder, run `checks` on it, then swap it in."""
    config = load_config(str(config_file), **overrides)
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        config.site_dir = str(staging)
        mkdocs_build(config)
        failures = [line for check in checks for line in check(staging, config)]
        if failures:
            raise BuildFailed("\n".join(failures))
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames on the same file system."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    os.replace(staging, target)
    os.chmod(target, 0o755)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def quiet_logging(verbose: bool) -> None:
    """MkDocs' messages at WARNING (INFO with --verbose), one line each."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    root = logging.getLogger("mkdocs")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    root.propagate = False
