"""The site plan: which pages each language has, and which of them are real translations.

Computed once per run from the model, for every language at once, so that language
switchers, hreflang links and sitemaps agree and no per-page work grows with the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clamtex.content.model import Entry, NewsItem, Site
from clamtex.structure.languages import Languages, page_path
from clamtex.structure.listings import Listing, build_listings, neighbours, tag_key, year_key


@dataclass
class LanguagePlan:
    """What one language's build contains."""

    lang: str
    news: list[NewsItem]
    listings: dict[str, Listing]
    neighbours: dict[str, tuple[NewsItem | None, NewsItem | None]]

    def shows(self, key: str) -> bool:
        return key in self.neighbours


@dataclass
class SitePlan:
    site: Site
    languages: Languages
    news_dir: str
    by_lang: dict[str, LanguagePlan] = field(default_factory=dict)

    @classmethod
    def build(cls, site: Site, languages: Languages, *, news_dir: str, per_page: int,
              show_untranslated: bool) -> SitePlan:
        plan = cls(site, languages, news_dir)
        published = site.published_news
        for lang in languages.codes:
            shown = published if show_untranslated else [
                item for item in published if item.is_translated(lang)]
            listings = build_listings(shown, news_dir, per_page)
            plan.by_lang[lang] = LanguagePlan(
                lang, shown, {listing.key: listing for listing in listings}, neighbours(shown))
        return plan

    def url(self, lang: str, key: str) -> str:
        """Site-root-relative URL of a page key in a language: 'es/news/x/'."""
        return self.languages.prefix(lang) + page_path(key)

    def exists(self, lang: str, key: str) -> bool:
        plan = self.by_lang[lang]
        if key in plan.listings:
            return True
        entry = self.site.entry(key)
        if isinstance(entry, NewsItem):
            return plan.shows(key)
        return entry is not None

    def translated(self, lang: str, key: str) -> bool:
        """Whether the page really exists in `lang` (not a fallback to the default)."""
        entry: Entry | None = self.site.entry(key)
        if entry is None:
            return self.exists(lang, key)  # generated listings exist in every language
        return entry.is_translated(lang) and self.exists(lang, key)

    def tag_key(self, tag: str) -> str:
        return tag_key(self.news_dir, tag)

    def year_key(self, year: int | str) -> str:
        return year_key(self.news_dir, year)

    def listing_fallback(self, key: str) -> str:
        """Where the switcher goes when a page is absent in a language: the news index."""
        return f"{self.news_dir}/index.md"
