"""News items: content/<lang>/<news_dir>/YYYY-MM-DD-slug.md, their listings and feeds."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from clamtex.content.frontmatter import SourceFile
from clamtex.content.model import (
    DATE,
    NEWS_FIELDS,
    Entry,
    Loader,
    NewsItem,
    Site,
    Text,
    plain_text,
)
from clamtex.kinds.base import ContentKind
from clamtex.l10n import strings as l10n
from clamtex.outputs import feeds
from clamtex.outputs.cms import CmsCollection
from clamtex.structure.listings import Listing, index_key, tag_key, year_key
from clamtex.structure.views import Link, NewsCard, PageView, ViewFactory


class News(ContentKind):
    name = "news"
    fields = NEWS_FIELDS
    templates: ClassVar[Mapping[str, str]] = {"news": "clamtex/article.html",
                                              "listing": "clamtex/listing.html"}
    full_width = frozenset({"listing"})
    searchable = frozenset({"news"})
    follows_show_untranslated = True  # the site's show_untranslated option is theirs
    collection = "news"

    @property
    def folder(self) -> str:
        return self.options.news_dir

    def claims(self, key: str) -> bool:
        parts = PurePosixPath(key).parts
        return len(parts) == 2 and parts[0] == self.folder and parts[1] != "index.md"

    def reserved(self, dest: str) -> str | None:
        return listing_at(self.folder, dest) if dest.startswith(f"{self.folder}/") else None

    # -- content ---------------------------------------------------------------------

    def load(self, loader: Loader, key: str, source: SourceFile,
             fields: dict[str, Any]) -> Entry | None:
        named = loader.check_dated_entry(source, "news", fields)
        if named is None:
            return None
        _, slug = named
        item = NewsItem(key=key, default=source.lang, date=dt.date.fromisoformat(fields["date"]),
                        slug=slug, tags=tuple(fields.get("tags", ())),
                        partners=tuple(fields.get("partners", ())),
                        image=fields.get("image", ""),
                        image_focus=fields.get("image_focus", "center"),
                        draft=fields.get("draft", False))
        loader.check_named(source, fields, item.tags, item.partners, item.image)
        if "title" not in fields:
            return None
        item.texts[source.lang] = Text(source.lang, source, fields["title"],
                                       fields.get("summary", ""), fields.get("image_alt", ""))
        return item

    def translation(self, loader: Loader, entry: Entry, source: SourceFile,
                    fields: dict[str, Any]) -> Text:
        if isinstance(entry, NewsItem) and entry.image and "image_alt" not in source.meta:
            loader.problem(source, "image_alt", "missing: the translated text alternative",
                           "add image_alt: the image's description in this language")
        return plain_text(entry, source, fields)

    def finish(self, loader: Loader) -> None:
        site = loader.site
        items = site.items[self.name]
        items.sort(key=lambda item: (item.lastmod(), item.key), reverse=True)
        site.news = items  # type: ignore[assignment]

    # -- structure -------------------------------------------------------------------

    def listings(self, shown: list[Entry], lang: str) -> list[Listing]:
        return build_listings(shown, self.folder, self.options.news_per_page)  # type: ignore[arg-type]

    def neighbours(self, shown: list[Entry]) -> dict[str, tuple[Entry | None, Entry | None]]:
        return neighbours(shown)  # type: ignore[arg-type,return-value]

    # -- views -----------------------------------------------------------------------

    def page_view(self, views: ViewFactory, entry: Entry) -> PageView:
        assert isinstance(entry, NewsItem)
        view = views.base("news", entry.key)
        view.item = views.news_card(entry)
        newer, older = views.plan.by_lang[views.lang].neighbours.get(entry.key, (None, None))
        view.newer = views.news_card(newer) if isinstance(newer, NewsItem) else None
        view.older = views.news_card(older) if isinstance(older, NewsItem) else None
        return view

    def listing_view(self, views: ViewFactory, listing: Listing) -> PageView:
        view = views.base("listing", listing.key)
        view.listing = listing
        view.cards = [views.news_card(item) for item in listing.items]  # type: ignore[arg-type]
        view.listing_title = self.listing_title(views, listing)
        if listing.kind == "year":
            view.months = self.by_month(views, listing, view.cards)
        url = views.plan.url
        if listing.newer:
            view.newer_page = url(views.lang, listing.newer)
        if listing.older:
            view.older_page = url(views.lang, listing.older)
        view.years = [Link(year, url(views.lang, views.plan.year_key(year)))
                      for year in listing.years]
        view.tags = [views.tag_link(tag) for tag in listing.tags]
        return view

    def extend(self, views: ViewFactory, view: PageView) -> None:
        if view.kind == "partner" and view.partner is not None:
            shown = views.plan.by_lang[views.lang]
            view.cards = [views.news_card(item)
                          for item in views.plan.site.news_of_partner(view.partner.id)
                          if shown.shows(item.key)]

    @staticmethod
    def by_month(views: ViewFactory, listing: Listing,
                 cards: list[NewsCard]) -> list[tuple[str, list[NewsCard]]]:
        """Cards grouped under CLDR month headings ('juny del 2020'), newest first."""
        groups: dict[str, list[NewsCard]] = {}
        for item, card in zip(listing.items, cards, strict=True):
            heading = l10n.month_year(item.date, views.locale)  # type: ignore[attr-defined]
            groups.setdefault(heading[:1].upper() + heading[1:], []).append(card)
        return list(groups.items())

    @staticmethod
    def listing_title(views: ViewFactory, listing: Listing) -> str:
        if listing.kind == "year":
            return views.t("ui.news_year", year=listing.value)
        if listing.kind == "tag":
            return views.t("ui.news_tag", tag=views.tag_link(listing.value).text)
        if listing.page > 1:
            return views.t("ui.news_page", page=listing.page)
        return views.t("ui.news")

    # -- outputs ---------------------------------------------------------------------

    def cms_collection(self, site: Site) -> CmsCollection:
        return CmsCollection("News", {
            "label_singular": "News item",
            "folder": f"content/{{{{locale}}}}/{self.folder}", "create": True,
            "extension": "md", "format": "frontmatter", "i18n": True,
            "identifier_field": "title",
            # The model's file-name rule: YYYY-MM-DD-short-title.md (model.NEWS_NAME).
            "slug": "{{fields.date | date('YYYY-MM-DD')}}-{{title}}",
            "filter": {"field": "date", "pattern": DATE.pattern},
            "summary": "{{fields.date}} · {{title}}",
            "sortable_fields": ["date", "title"]})

    def write(self, site_dir: Path, views: ViewFactory) -> None:
        feeds.write_feeds(site_dir, views, self.options.feed_size)


# -- the news listings ------------------------------------------------------------------


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
