"""Hashes that say when cached work is stale: of our code and the stack's versions, and of
a list of parts. Imports nothing of ours: the render cache (build/) and the funding check's
cache (outputs/) both salt their keys with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent  # the whole clamtex package
VERSIONED = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions",
             "jinja2", "babel")


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
    """SHA-256 of `parts`, each length-prefixed (no two lists of parts hash alike)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()
