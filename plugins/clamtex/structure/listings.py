"""Listing pages (`Listing`), and the news kind's: the paginated index, one page per year
and one per tag, per language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from slugify import slugify

from clamtex.content.model import Entry, NewsItem


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


@lru_cache(maxsize=16)
def _generated(news_dir: str) -> re.Pattern[str]:
    news = re.escape(news_dir)
    return re.compile(rf"{news}/(?:(?P<index>index\.html)|page/(?P<page>\d+)/index\.html"
                      rf"|(?P<year>\d+)/index\.html|tags/(?P<tag>[^/]+)/index\.html"
                      rf"|(?P<feed>feed\.xml|atom\.xml))")


def listing_at(news_dir: str, dest: str) -> str | None:
    """What the site generates at `dest` (a path of a language's folder in site/), or None.

    Reserves every address a listing (or a feed) of `news_dir` can have, whether or not
    it has items today: index_key, year_key and tag_key make them; keep them in step.
    """
    match = _generated(news_dir).fullmatch(dest)
    if match is None:
        return None
    if match["page"]:
        return f"page {match['page']} of the news index"
    if match["year"]:
        return f"the news of {match['year']}"
    if match["tag"]:
        return f"the listing of a tag ({match['tag']})"
    if match["feed"]:
        return "the news feed"
    return "the news index"


def build_listings(items: list[NewsItem], news_dir: str, per_page: int) -> list[Listing]:
    """Every listing page for these items (newest first); linear in the number of items."""
    per_page = max(1, per_page)
    pages = max(1, -(-len(items) // per_page))
    years = tuple(sorted({str(item.date.year) for item in items}, reverse=True))
    tags = tuple(sorted({tag for item in items for tag in item.tags}))
    listings = []
    for page in range(1, pages + 1):
        chunk = tuple(items[(page - 1) * per_page: page * per_page])
        listings.append(Listing(
            "index", index_key(news_dir, page), chunk, page=page, pages=pages,
            newer=index_key(news_dir, page - 1) if page > 1 else None,
            older=index_key(news_dir, page + 1) if page < pages else None,
            years=years, tags=tags))
    by_year: dict[str, list[NewsItem]] = {}
    by_tag: dict[str, list[NewsItem]] = {}
    for item in items:
        by_year.setdefault(str(item.date.year), []).append(item)
        for tag in item.tags:
            by_tag.setdefault(tag, []).append(item)
    for year in years:
        listings.append(Listing("year", year_key(news_dir, year), tuple(by_year[year]),
                                value=year, years=years, tags=tags))
    for tag in tags:
        listings.append(Listing("tag", tag_key(news_dir, tag), tuple(by_tag[tag]), value=tag,
                                years=years, tags=tags))
    return listings


def neighbours(items: list[NewsItem]) -> dict[str, tuple[NewsItem | None, NewsItem | None]]:
    """key -> (newer item, older item) in a newest-first list."""
    result = {}
    for i, item in enumerate(items):
        newer = items[i - 1] if i > 0 else None
        older = items[i + 1] if i + 1 < len(items) else None
        result[item.key] = (newer, older)
    return result
