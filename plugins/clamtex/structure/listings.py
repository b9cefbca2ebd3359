"""Listing pages (`Listing`: any kind's generated page of entries), and the addresses of
the news kind's (its index pages, years and tags: views link tags from every kind)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from slugify import slugify

from clamtex.content.model import Entry


@dataclass(frozen=True)
class Listing:
    """One generated listing page."""

    kind: str  # "index" | "year" | "tag"
    key: str  # path under the language folder, like a Markdown file: news/2020/index.md
    items: tuple[Entry, ...]
    value: str = ""  # the year or the tag
    page: int = 1
    pages: int = 1
    newer: str | None = None  # key of the previous (newer) page of the index
    older: str | None = None
    years: tuple[str, ...] = field(default=())
    tags: tuple[str, ...] = field(default=())
    owner: str = "news"  # the content kind that generates it (its views)


def index_key(news_dir: str, page: int) -> str:
    return f"{news_dir}/index.md" if page == 1 else f"{news_dir}/page/{page}/index.md"


def year_key(news_dir: str, year: int | str) -> str:
    return f"{news_dir}/{year}/index.md"


@lru_cache(maxsize=4096)  # slugify costs 50 us a call; a site has a few dozen tags
def tag_key(news_dir: str, tag: str) -> str:
    return f"{news_dir}/tags/{slugify(tag)}/index.md"
