"""The content kinds, registered in one place: `KINDS` (see base.py for what a kind is).

The order is the site's order of entries (the sitemap's); which kind a file is of is
asked in each kind's `load_order` (the page kind, which claims every file, is asked last).
"""

from __future__ import annotations

from collections.abc import Mapping

from clamtex.config import ClamtexConfig
from clamtex.kinds.base import ContentKind
from clamtex.kinds.documents import Documents
from clamtex.kinds.events import Events
from clamtex.kinds.news import News
from clamtex.kinds.pages import Pages
from clamtex.kinds.partners import Partners

__all__ = ["KINDS", "ContentKind", "full_width", "kinds_for", "searchable", "templates"]

KINDS: tuple[type[ContentKind], ...] = (Pages, News, Partners, Events, Documents)


def kinds_for(options: ClamtexConfig) -> tuple[ContentKind, ...]:
    """The registered kinds, configured by the plugin's options."""
    return tuple(kind(options) for kind in KINDS)


def templates(kinds: tuple[ContentKind, ...]) -> Mapping[str, str]:
    return {page: template for kind in kinds for page, template in kind.templates.items()}


def full_width(kinds: tuple[ContentKind, ...]) -> frozenset[str]:
    return frozenset().union(*(kind.full_width for kind in kinds))


def searchable(kinds: tuple[ContentKind, ...]) -> frozenset[str]:
    return frozenset().union(*(kind.searchable for kind in kinds))
