"""What templates see: plain values for one page in one language, computed from the plan."""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, Literal
from urllib.parse import urljoin

from clamtex.config import ClamtexConfig
from clamtex.content.model import NewsItem, Partner, tag_label
from clamtex.l10n import strings as l10n
from clamtex.l10n.strings import Strings
from clamtex.structure.banners import schedule_banner
from clamtex.structure.listings import Listing
from clamtex.structure.pictures import Picture, PictureMaker
from clamtex.structure.plan import SitePlan
from clamtex.structure.publisher import Fact, facts_for, legal_keys, social_links

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


# What a page is: it decides the page's template (plugin.TEMPLATES), width and search.
PageKind = Literal["home", "page", "news", "listing", "partners", "partner", "legal",
                   "contact", "404"]


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
                 images: PictureMaker | None = None) -> None:
        self.plan = plan
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
        self._partner_cards: dict[str, PartnerCard] = {}

    # -- shared pieces ---------------------------------------------------------------

    def absolute(self, url: str) -> str:
        """Absolute URL of a site-root-relative one ('es/news/' -> https://clamtex.eu/es/news/)."""
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

    def organization_json(self, partner: Partner, view: PageView) -> str:
        """schema.org Organization of a partner, safe inside a <script> element."""
        from clamtex.outputs.seo import script_json

        card = view.partner
        assert card is not None
        data: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "Organization", "name": partner.name,
            "url": view.canonical,
            "logo": self.absolute(card.logo.src if card.logo else partner.logo),
            "address": {"@type": "PostalAddress", "addressCountry": partner.country},
        }
        if partner.full_name:
            data["legalName"] = partner.full_name
        if partner.acronym and partner.acronym != partner.name:
            data["alternateName"] = partner.acronym
        if card.summary:
            data["description"] = card.summary
        if partner.region:
            data["address"]["addressRegion"] = self.region(partner.region)
        if partner.city:
            data["address"]["addressLocality"] = partner.city
        if partner.website:
            data["sameAs"] = [partner.website]
        if partner.email:
            data["email"] = partner.email
        return script_json(data)

    def region(self, code: str) -> str:
        """A region's name in this language: mkdocs.yml's `regions`, else pycountry's."""
        names = self.options.regions.get(code) or {}
        return names.get(self.lang) or l10n.region_name(code, self.lang)

    def notice(self) -> str:
        return self.t("ui.not_translated", language=self.default_name)

    # -- per kind ------------------------------------------------------------------------

    def for_page(self, key: str, *, is_home: bool) -> PageView:
        site = self.plan.site
        entry = site.entry(key)
        if isinstance(entry, NewsItem):
            view = self.base("news", key)
            view.item = self.news_card(entry)
            view.schedule_banner = schedule_banner(site.state_of(entry), entry.date, self.t)
            newer, older = self.plan.by_lang[self.lang].neighbours.get(key, (None, None))
            view.newer = self.news_card(newer) if newer else None
            view.older = self.news_card(older) if older else None
        elif isinstance(entry, Partner):
            view = self.base("partner", key)
            view.partner = self.partner_card(entry)
            view.organization_json = self.organization_json(entry, view)
            shown = self.plan.by_lang[self.lang]
            view.cards = [self.news_card(i) for i in site.news_of_partner(entry.id)
                          if shown.shows(i.key)]
        elif is_home:
            view = self.base("home", key)
            view.cards = [self.news_card(i)
                          for i in self.plan.by_lang[self.lang].news[: self.home_news]]
            view.partner_cards = [self.partner_card(p) for p in site.partners.values()]
        elif key in self.legal:
            legal_kind = self.legal[key]
            view = self.base("contact" if legal_kind == "contact" else "legal", key)
            view.legal_kind = legal_kind
            view.legal_facts = facts_for(self.options, legal_kind)
            if legal_kind == "contact":
                view.partner_cards = [self.partner_card(p) for p in site.partners.values()]
                view.social = tuple(Link(name, url) for name, url in social_links(self.options))
        elif key == f"{self.plan.site.settings.partners_dir}/index.md":
            view = self.base("partners", key)
            view.partner_cards = [self.partner_card(p) for p in site.partners.values()]
        else:
            view = self.base("page", key)
        if entry is not None and not entry.is_translated(self.lang):
            view.fallback_notice = self.notice()
            view.content_lang = entry.default
        return view

    def for_listing(self, listing: Listing) -> PageView:
        view = self.base("listing", listing.key)
        view.listing = listing
        view.cards = [self.news_card(item) for item in listing.items]
        view.listing_title = self.listing_title(listing)
        if listing.kind == "year":
            view.months = self.by_month(listing, view.cards)
        url = self.plan.url
        if listing.newer:
            view.newer_page = url(self.lang, listing.newer)
        if listing.older:
            view.older_page = url(self.lang, listing.older)
        view.years = [Link(y, url(self.lang, self.plan.year_key(y))) for y in listing.years]
        view.tags = [self.tag_link(tag) for tag in listing.tags]
        return view

    def for_not_found(self) -> PageView:
        """The 404 page: no canonical URL, no hreflang; the switcher leads to each home."""
        view = self.base("404", "index.md")
        view.canonical = ""
        view.hreflang = []
        return view

    def by_month(self, listing: Listing, cards: list[NewsCard]) -> list[tuple[str, list[NewsCard]]]:
        """Cards grouped under CLDR month headings ('juny del 2020'), newest first."""
        groups: dict[str, list[NewsCard]] = {}
        for item, card in zip(listing.items, cards, strict=True):
            heading = l10n.month_year(item.date, self.locale)
            groups.setdefault(heading[:1].upper() + heading[1:], []).append(card)
        return list(groups.items())

    def listing_title(self, listing: Listing) -> str:
        if listing.kind == "year":
            return self.t("ui.news_year", year=listing.value)
        if listing.kind == "tag":
            return self.t("ui.news_tag", tag=self.tag_link(listing.value).text)
        if listing.page > 1:
            return self.t("ui.news_page", page=listing.page)
        return self.t("ui.news")
