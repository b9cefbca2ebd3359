"""Publishing: the CNAME file GitHub Pages reads for a custom domain, derived from site_url."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit


def cname_for(site_url: str | None) -> str | None:
    """The custom domain to publish on, or None for a project page under a subpath.

    `https://example.org/` -> `example.org`; `https://user.github.io/site/` -> None;
    a `*.github.io` host at the root is GitHub's own domain, so None as well.
    """
    if not site_url:
        return None
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    if not host or parts.path not in ("", "/") or host.endswith(".github.io"):
        return None
    return host


def write_cname(site_dir: Path, site_url: str | None) -> Path | None:
    """Write site_dir/CNAME when site_url is a custom domain; return its path if written."""
    host = cname_for(site_url)
    if host is None:
        return None
    target = site_dir / "CNAME"
    target.write_text(host + "\n", encoding="utf-8")
    return target
