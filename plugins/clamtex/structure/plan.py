"""The site plan: which pages each language has, and which of them are real translations.

Computed once per run from the model, for every language at once, so that language
switchers, hreflang links and sitemaps agree and no per-page work grows with the site.
Each content kind (clamtex.kinds) says which of its entries a language shows and which
listing pages it generates (`PlanKind`); the plan itself knows no kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from clamtex.content.model import Entry, NewsItem, Site
from clamtex.structure.languages import Languages, page_path
from clamtex.structure.listings import Listing, tag_key, year_key


class PlanKind(Protocol):
    """What the plan needs of a content kind."""

    @property
    def name(self) -> str: ...

    def shown(self, site: Site, lang: str, show_untranslated: bool) -> list[Entry]:
        """The entries a language's build has pages for, in the kind's order."""

    def listings(self, shown: list[Entry], lang: str) -> list[Listing]:
        """The listing pages the kind generates in a language."""

    def neighbours(self, shown: list[Entry]) -> dict[str, tuple[Entry | None, Entry | None]]:
        """key -> (previous, next) entry, for kinds whose pages link their neighbours."""


@dataclass
class LanguagePlan:
    """What one language's build contains."""

    lang: str
    shown: dict[str, list[Entry]]  # kind name -> the entries with a page here
    listings: dict[str, Listing]
    neighbours: dict[str, tuple[Entry | None, Entry | None]]
    keys: frozenset[str] = frozenset()  # every entry with a page here

    @property
    def news(self) -> list[NewsItem]:
        return self.shown.get("news", [])  # type: ignore[return-value]

    def shows(self, key: str) -> bool:
        return key in self.keys


@dataclass
class SitePlan:
    site: Site
    languages: Languages
    news_dir: str
    by_lang: dict[str, LanguagePlan] = field(default_factory=dict)

    @classmethod
    def build(cls, site: Site, languages: Languages, kinds: Sequence[PlanKind], *,
              show_untranslated: bool) -> SitePlan:
        plan = cls(site, languages, site.settings.news_dir)
        for lang in languages.codes:
            shown = {kind.name: kind.shown(site, lang, show_untranslated) for kind in kinds}
            listings: dict[str, Listing] = {}
            neighbours: dict[str, tuple[Entry | None, Entry | None]] = {}
            for kind in kinds:
                listings.update((listing.key, listing)
                                for listing in kind.listings(shown[kind.name], lang))
                neighbours.update(kind.neighbours(shown[kind.name]))
            keys = frozenset(entry.key for entries in shown.values() for entry in entries)
            plan.by_lang[lang] = LanguagePlan(lang, shown, listings, neighbours, keys)
        return plan

    def url(self, lang: str, key: str) -> str:
        """Site-root-relative URL of a page key in a language: 'es/news/x/'."""
        return self.languages.prefix(lang) + page_path(key)

    def exists(self, lang: str, key: str) -> bool:
        plan = self.by_lang[lang]
        return key in plan.listings or plan.shows(key)

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
