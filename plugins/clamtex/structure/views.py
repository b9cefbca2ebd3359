"""What templates see: plain values for one page in one language, computed from the plan."""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, Literal, Protocol
from urllib.parse import urljoin

from clamtex.config import ClamtexConfig
from clamtex.content.model import Entry, NewsItem, Partner, tag_label
from clamtex.l10n import strings as l10n
from clamtex.l10n.strings import Strings
from clamtex.structure.banners import schedule_banner
from clamtex.structure.listings import Listing
from clamtex.structure.pictures import Picture, PictureMaker
from clamtex.structure.plan import SitePlan
from clamtex.structure.publisher import Fact, legal_keys

EMBLEM_PATH = "assets/clamtex/eu-emblem.svg"
EMBLEM_BORDERED_PATH = "assets/clamtex/eu-emblem-bordered.svg"


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # site-root-relative; templates pass it through the `url` filter


@dataclass(frozen=True)
class Alternate:
    lang: str
    name: str
    url: str
    absolute: str
    current: bool
    translated: bool


@dataclass(frozen=True)
class NewsCard:
    """A news item as a listing, an article header or a feed entry shows it."""

    key: str
    url: str
    title: str
    summary: str
    date_iso: str
    date_text: str
    image: Picture | None  # the card's crop (cards, lists, home)
    image_alt: str
    tags: tuple[Link, ...]
    partners: tuple[Link, ...]
    translated: bool
    content_lang: str
    figure: Picture | None = None  # the whole picture (the article)
    image_path: str = ""  # the original, under content/
    social_image: str = ""  # the 1200x630 JPEG crop for og:image ('' for an SVG)
    social_size: tuple[int, int] | None = None
    social_bytes: int = 0


@dataclass(frozen=True)
class PartnerCard:
    id: str
    url: str
    name: str
    full_name: str
    summary: str
    logo: Picture | None
    logo_alt: str
    place: str
    role: str
    website: str
    translated: bool
    content_lang: str
    email: str = ""
    contact_url: str = ""


# What a page is: it decides the page's template, width and search (each content kind
# says which page kinds it makes: clamtex.kinds).
PageKind = Literal["home", "page", "news", "listing", "partners", "partner", "legal",
                   "contact", "404", "event", "events", "document", "results"]


class ViewKind(Protocol):
    """What the view factory needs of a content kind (clamtex.kinds)."""

    @property
    def name(self) -> str: ...

    def page_view(self, views: ViewFactory, entry: Entry) -> PageView:
        """The view of one of the kind's entries (or, for plain pages, any page)."""

    def listing_view(self, views: ViewFactory, listing: Listing) -> PageView:
        """The view of one of the kind's listing pages."""

    def extend(self, views: ViewFactory, view: PageView) -> None:
        """Add what the kind shows on other pages (e.g. upcoming events on the home page)."""


@dataclass
class PageView:
    """The `clamtex` variable of every page's template context."""

    lang: str
    kind: PageKind
    t: Strings
    date_locale: str
    funding_statement: str
    funding_disclaimer: str
    emblem: str
    alternates: list[Alternate]
    hreflang: list[Alternate]
    canonical: str
    feeds: dict[str, str]
    untranslated_notice: str = ""
    news_index: str = ""
    fallback_notice: str = ""
    content_lang: str = ""
    item: NewsCard | None = None
    newer: NewsCard | None = None
    older: NewsCard | None = None
    listing: Listing | None = None
    cards: list[NewsCard] = field(default_factory=list)
    listing_title: str = ""
    months: list[tuple[str, list[NewsCard]]] = field(default_factory=list)  # year pages
    newer_page: str = ""
    older_page: str = ""
    years: list[Link] = field(default_factory=list)
    tags: list[Link] = field(default_factory=list)
    partner: PartnerCard | None = None
    organization_json: str = ""  # schema.org Organization of a partner profile
    partner_cards: list[PartnerCard] = field(default_factory=list)
    # The footer's links to the legal and contact pages the site has, in this language.
    footer_links: list[Link] = field(default_factory=list)
    legal_kind: str = ""  # notice | privacy | accessibility | contact (config legal_pages)
    legal_facts: tuple[Fact, ...] = ()  # the publisher's configured facts this page shows
    social: tuple[Link, ...] = ()  # the project's social accounts (the contact page)
    schedule_banner: str = ""  # a draft's or scheduled item's (drafts preview only: banners.py)
    # What a content kind adds to its own pages and to others' (ViewKind.extend); the
    # templates read each value as clamtex.<name>.
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        extra = self.__dict__.get("extra")
        if extra is not None and name in extra:
            return extra[name]
        raise AttributeError(name)

    @cached_property
    def fingerprint(self) -> bytes:
        """Everything of the view a template can show, as text (a render-cache key part;
        made once per view: the cache's look-up and a preview's comparison share it).

        The strings are left out (they come from the locale files and mkdocs.yml, which
        the cache's site fingerprint covers); a listing is summed up by its cards and pages.
        """
        parts = {f.name: getattr(self, f.name) for f in fields(self)
                 if f.name not in ("t", "listing")}
        if self.listing is not None:
            listing = self.listing
            parts["listing"] = (listing.kind, listing.key, listing.value, listing.page,
                                listing.pages, listing.newer, listing.older)
        # Without pickle's memo ("fast" mode) equal views give equal bytes, whichever of
        # their strings happen to be the same object (a preview compares fingerprints).
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True
        pickler.dump(parts)
        return buffer.getvalue()


def default_options() -> ClamtexConfig:
    """The plugin's settings as an empty `- clamtex:` gives them."""
    options = ClamtexConfig()
    options.load_dict({})
    options.validate()
    return options


class ViewFactory:
    """Makes PageViews for one language of one build."""

    def __init__(self, plan: SitePlan, strings: Strings, lang: str, site_url: str,
                 programme: str, tags: dict[str, dict[str, str]], feeds_dir: str,
                 home_news: int, options: ClamtexConfig | None = None,
                 images: PictureMaker | None = None, kinds: Sequence[ViewKind] = ()) -> None:
        self.plan = plan
        self.kinds = {kind.name: kind for kind in kinds}
        self.images = images
        self.t = strings
        self.lang = lang
        self.site_url = site_url or "/"
        self.locale = strings.babel_locale
        self.programme = programme
        self.tag_labels = tags
        self.feeds_dir = feeds_dir
        self.home_news = home_news
        languages = plan.languages
        self.default = languages.default
        self.default_name = l10n.babel_locale(self.locale).languages.get(self.default,
                                                                         self.default)
        self.options = options if options is not None else default_options()
        self.legal = legal_keys(self.options)  # page key -> legal kind
        self.footer = [
            Link(self.t(f"ui.legal.{kind}"), self.plan.url(lang, key))
            for key, kind in self.legal.items() if key in plan.site.pages]
        self._news_cards: dict[str, NewsCard] = {}
        # A content kind's own per-language memo (its cards: made once, shown on many pages).
        self.memo: dict[str, dict[str, Any]] = {}
        self._partner_cards: dict[str, PartnerCard] = {}

    # -- shared pieces ---------------------------------------------------------------

    def absolute(self, url: str) -> str:
        """Absolute URL of a site-root-relative one ('es/news/' -> https://example.org/es/news/)."""
        if "://" in url or url.startswith(("/", ".")):
            return urljoin(self.site_url, url)
        return self.site_url.rstrip("/") + "/" + url

    def alternates(self, key: str) -> list[Alternate]:
        languages = self.plan.languages
        result = []
        for lang in languages.codes:
            target = key if self.plan.exists(lang, key) else self.plan.listing_fallback(key)
            url = self.plan.url(lang, target)
            result.append(Alternate(lang, languages.names.get(lang, lang), url,
                                    self.absolute(url), lang == self.lang,
                                    self.plan.translated(lang, key)))
        return result

    def base(self, kind: PageKind, key: str) -> PageView:
        alternates = self.alternates(key)
        translated = [a for a in alternates if a.translated]
        me = next(a for a in alternates if a.current)
        original = next(a for a in alternates if a.lang == self.default)
        canonical = me.absolute if me.translated else original.absolute
        hreflang = list(translated)
        if translated and original.translated:
            hreflang.append(Alternate("x-default", "", original.url, original.absolute,
                                      False, True))
        prefix = self.plan.languages.prefix(self.lang)
        return PageView(
            lang=self.lang, kind=kind, t=self.t, date_locale=self.locale,
            funding_statement=self.t(f"funding.{self.programme}.statement"),
            funding_disclaimer=self.t(f"funding.{self.programme}.disclaimer"),
            emblem=EMBLEM_PATH, alternates=alternates,
            hreflang=hreflang if me.translated else [], canonical=canonical,
            feeds={"rss": f"{prefix}{self.feeds_dir}/feed.xml",
                   "atom": f"{prefix}{self.feeds_dir}/atom.xml"},
            content_lang=self.lang, untranslated_notice=self.notice(),
            footer_links=list(self.footer),
            news_index=self.plan.url(self.lang, f"{self.plan.news_dir}/index.md"))

    def tag_link(self, tag: str) -> Link:
        return Link(tag_label(self.tag_labels, tag, self.lang, self.default),
                    self.plan.url(self.lang, self.plan.tag_key(tag)))

    def news_card(self, item: NewsItem) -> NewsCard:
        """The item's card in this language (made once: listings share them)."""
        card = self._news_cards.get(item.key)
        if card is None:
            card = self._news_cards[item.key] = self._make_news_card(item)
        return card

    def _make_news_card(self, item: NewsItem) -> NewsCard:
        text = item.text(self.lang)
        partners = tuple(
            Link(self.plan.site.partners[p].name,
                 self.plan.url(self.lang, self.plan.site.partners[p].key))
            for p in item.partners if p in self.plan.site.partners)
        social = None
        if item.image and self.images is not None:
            social = self.images.social(item.image, item.image_focus)
        return NewsCard(
            key=item.key, url=self.plan.url(self.lang, item.key), title=text.title,
            summary=text.summary, date_iso=item.date.isoformat(),
            date_text=l10n.long_date(item.date, self.locale),
            image=self.picture(item.image, text.image_alt, "card", item.image_focus),
            image_alt=text.image_alt, tags=tuple(self.tag_link(t) for t in item.tags),
            partners=partners, translated=item.is_translated(self.lang),
            content_lang=text.lang,
            figure=self.picture(item.image, text.image_alt, "article", item.image_focus),
            image_path=item.image, social_image=social[0] if social else "",
            social_size=(social[1], social[2]) if social else None,
            social_bytes=social[3] if social else 0)

    def picture(self, path: str, alt: str, place: str, focus: str = "center") -> Picture | None:
        """The pipeline's picture of an image in a place (the path as it is without one)."""
        if not path:
            return None
        made = self.images.picture(path, alt, place, focus) if self.images else None
        return made or Picture(path, 0, 0, alt)

    def partner_card(self, partner: Partner) -> PartnerCard:
        card = self._partner_cards.get(partner.id)
        if card is None:
            card = self._partner_cards[partner.id] = self._make_partner_card(partner)
        return card

    def _make_partner_card(self, partner: Partner) -> PartnerCard:
        text = partner.text(self.lang)
        place = [partner.city] if partner.city else []
        if partner.region:
            place.append(self.region(partner.region))
        if partner.country:
            place.append(l10n.country_name(partner.country, self.locale))
        return PartnerCard(
            id=partner.id, url=self.plan.url(self.lang, partner.key), name=partner.name,
            full_name=partner.full_name, summary=text.summary,
            logo=self.picture(partner.logo, text.image_alt, "partner"),
            logo_alt=text.image_alt, place=", ".join(place),
            role=self.t(f"ui.role_{partner.role}"), website=partner.website,
            translated=partner.is_translated(self.lang), content_lang=text.lang,
            email=partner.email, contact_url=partner.contact_url)

    def region(self, code: str) -> str:
        """A region's name in this language: mkdocs.yml's `regions`, else pycountry's."""
        names = self.options.regions.get(code) or {}
        return names.get(self.lang) or l10n.region_name(code, self.lang)

    def notice(self) -> str:
        return self.t("ui.not_translated", language=self.default_name)

    # -- per kind ------------------------------------------------------------------------

    def for_page(self, key: str) -> PageView:
        """The view of a content page: its kind makes it, then every kind extends it."""
        entry = self.plan.site.entry(key)
        if entry is None:
            view = self.base("page", key)
        else:
            view = self.kinds[entry.kind].page_view(self, entry)
            site = self.plan.site
            view.schedule_banner = schedule_banner(site.state_of(entry),
                                                   entry.lastmod() or site.settings.today, self.t)
            if not entry.is_translated(self.lang):
                view.fallback_notice = self.notice()
                view.content_lang = entry.default
        return self.extended(view)

    def for_listing(self, listing: Listing) -> PageView:
        return self.extended(self.kinds[listing.owner].listing_view(self, listing))

    def extended(self, view: PageView) -> PageView:
        for kind in self.kinds.values():
            kind.extend(self, view)
        return view

    def for_not_found(self) -> PageView:
        """The 404 page: no canonical URL, no hreflang; the switcher leads to each home."""
        view = self.base("404", "index.md")
        view.canonical = ""
        view.hreflang = []
        return view
