"""Markdown body images: each local raster <img> of a rendered page becomes a <picture>."""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from mkdocs.utils import get_relative_url

from clamtex.structure.pictures import Picture

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
SIZES_ATTRIBUTE = 'sizes="{}"'


def _attributes(tag: str) -> dict[str, str]:
    return {name.lower(): html.unescape(value.strip("\"'"))
            for name, value in _ATTR.findall(tag)}


def rewrite(content: str, page_url: str, images: Any, sizes: str) -> str:
    """The page's HTML with its local raster images as <picture> elements.

    `page_url` is the page's URL under the site root (MkDocs' page.url); image sources
    in `content` are relative to it, as MkDocs wrote them.
    """
    if "<img" not in content and "<IMG" not in content:
        return content
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url)

    def replace(match: re.Match[str]) -> str:
        tag = match.group(0)
        attrs = _attributes(tag)
        src = attrs.get("src", "")
        if not src or "://" in src or src.startswith(("data:", "/", "#")) or "srcset" in attrs:
            return tag
        path = posixpath.normpath(posixpath.join(base, src.split("?")[0].split("#")[0]))
        if path.startswith(".."):
            return tag
        picture = images.body_picture(path, attrs.get("alt", ""))
        if picture is None or not picture.sources:
            return tag
        return render(picture, attrs, page_url, sizes)

    return _IMG.sub(replace, content)


def _url(target: str, page_url: str) -> str:
    return html.escape(get_relative_url(target, page_url or "."), quote=True)


def _srcset(picture: Picture, candidates: Any, page_url: str) -> str:
    return ", ".join(f"{_url(c.url, page_url)} {c.width}w" for c in candidates)


def render(picture: Picture, attrs: dict[str, str], page_url: str, sizes: str) -> str:
    """The <picture> of a body image; its other attributes (title, class) are kept."""
    keep = {k: v for k, v in attrs.items()
            if k not in ("src", "alt", "width", "height", "loading", "decoding", "srcset",
                         "sizes", "fetchpriority")}
    extra = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in keep.items())
    sources = "".join(
        f'<source type="{s.type}" srcset="{_srcset(picture, s.candidates, page_url)}" '
        f'sizes="{sizes}">' for s in picture.sources)
    img = (f'<img src="{_url(picture.src, page_url)}" '
           f'srcset="{_srcset(picture, picture.candidates, page_url)}" sizes="{sizes}" '
           f'alt="{html.escape(attrs.get("alt", ""), quote=True)}"{extra} '
           f'width="{picture.width}" height="{picture.height}" loading="lazy" '
           'decoding="async">')
    return f"<picture>{sources}{img}</picture>"
