"""The views of the edge-case fixture, in-process (clamtex.views.ViewFactory): what each
page's template gets: alternates and hreflang, canonical URLs, cards, listings, notices.
"""

from __future__ import annotations

import inprocess
import pytest
from inprocess import EDGE

from clamtex.content.model import Site
from clamtex.structure.listings import index_key
from clamtex.structure.plan import SitePlan
from support import meta_in, plugin_options, site_config, site_languages, translated_in

LANGS = site_languages(EDGE)
DEFAULT, *OTHERS = LANGS
SITE_URL = site_config(EDGE)["site_url"]
NAMES = {lang["locale"]: lang["name"] for lang in plugin_options(EDGE, "i18n")["languages"]}
TAGS = inprocess.option(EDGE, "tags")


@pytest.fixture(scope="module")
def site() -> Site:
    return inprocess.site()


@pytest.fixture(scope="module")
def plan(site: Site) -> SitePlan:
    return inprocess.plan(site)


def url(lang: str, key: str) -> str:
    path = key.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("index") if path.endswith("/index") \
        else path + "/"
    return ("" if lang == DEFAULT else f"{lang}/") + path


@pytest.mark.parametrize("lang", LANGS)
def test_alternates_name_every_language_and_say_which_are_translations(
        site: Site, plan: SitePlan, lang: str) -> None:
    views = inprocess.views(plan, lang)
    for key in site.entries:
        if not plan.exists(lang, key):
            continue
        alternates = views.alternates(key)
        assert [(a.lang, a.name) for a in alternates] == [(code, NAMES[code]) for code in LANGS]
        assert [a.current for a in alternates] == [code == lang for code in LANGS]
        for a in alternates:
            assert a.translated == plan.translated(a.lang, key), (key, a.lang)
            assert a.absolute == SITE_URL + a.url


@pytest.mark.parametrize("lang", LANGS)
def test_hreflang_and_canonical_of_translations_and_fallbacks(
        site: Site, plan: SitePlan, lang: str) -> None:
    views = inprocess.views(plan, lang)
    for key in site.entries:
        if not plan.exists(lang, key):
            continue
        view = views.for_page(key)
        translated = [code for code in translated_in(EDGE, key) if plan.exists(code, key)]
        if lang in translated:
            assert view.canonical == SITE_URL + url(lang, key), key
            assert [a.lang for a in view.hreflang] == [*translated, "x-default"], key
            assert view.hreflang[-1].absolute == SITE_URL + url(DEFAULT, key)
            assert not view.fallback_notice and view.content_lang == lang
        else:
            assert view.canonical == SITE_URL + url(DEFAULT, key), key
            assert view.hreflang == [], key
            assert view.fallback_notice and view.content_lang == DEFAULT, key


@pytest.mark.parametrize("lang", LANGS)
def test_news_card_shows_inherited_facts_in_the_language(site: Site, plan: SitePlan,
                                                         lang: str) -> None:
    views = inprocess.views(plan, lang)
    for item in site.published_news:
        card = views.news_card(item)
        meta = meta_in(EDGE, lang, item.key)
        assert (card.title, card.date_iso, card.image_path) == (
            meta["title"], str(meta["date"]), meta.get("image", ""))
        # Tags show their label in the page's language (check requires one in each).
        assert [t.text for t in card.tags] == [TAGS[t].get(lang, TAGS[t][DEFAULT])
                                               for t in meta.get("tags", [])]
        assert [p.url for p in card.partners] == [url(lang, f"partners/{pid}.md")
                                                  for pid in meta.get("partners", [])]
        assert card.translated == (lang in translated_in(EDGE, item.key))
        assert card.content_lang == (lang if card.translated else DEFAULT)


def test_article_views_link_their_neighbours(site: Site, plan: SitePlan) -> None:
    for lang in LANGS:
        views = inprocess.views(plan, lang)
        items = plan.by_lang[lang].news
        for n, item in enumerate(items):
            view = views.for_page(item.key)
            assert view.kind == "news" and view.item == views.news_card(item)
            assert view.newer == (views.news_card(items[n - 1]) if n else None)
            assert view.older == (views.news_card(items[n + 1]) if n + 1 < len(items) else None)


def test_listing_views_page_through_the_index(plan: SitePlan) -> None:
    views = inprocess.views(plan, OTHERS[0])
    listings = plan.by_lang[OTHERS[0]].listings
    second = views.for_listing(listings[index_key("news", 2)])
    assert [c.key for c in second.cards] == [i.key for i in listings[index_key("news", 2)].items]
    assert second.newer_page == url(OTHERS[0], index_key("news", 1))
    assert second.older_page == (url(OTHERS[0], index_key("news", 3))
                                 if listings[index_key("news", 2)].older else "")
    assert second.listing_title == views.t("ui.news_page", page=2)
    assert [y.text for y in second.years] == list(listings[index_key("news", 1)].years)


def test_home_view_shows_the_latest_items_and_every_partner(site: Site, plan: SitePlan) -> None:
    count = inprocess.option(EDGE, "home_news_count")
    for lang in LANGS:
        view = inprocess.views(plan, lang).for_page("index.md")
        assert view.kind == "home"
        assert [c.key for c in view.cards] == [i.key for i in plan.by_lang[lang].news[:count]]
        assert [p.id for p in view.partner_cards] == inprocess.option(EDGE, "partners_order")


def test_partner_view_lists_its_news_and_fills_json_ld(site: Site, plan: SitePlan) -> None:
    views = inprocess.views(plan, OTHERS[-1])
    for pid, partner in site.partners.items():
        view = views.for_page(partner.key)
        assert view.kind == "partner" and view.partner is not None and view.partner.id == pid
        assert [c.key for c in view.cards] == [i.key for i in site.news_of_partner(pid)]
        assert f'"name":"{partner.name}"' in view.organization_json


def test_the_fingerprint_follows_what_a_page_shows(site: Site, plan: SitePlan) -> None:
    """Equal views give equal bytes; a title shown on a listing changes its fingerprint."""
    lang = OTHERS[0]
    listing = plan.by_lang[lang].listings[index_key("news", 1)]
    first = inprocess.views(plan, lang).for_listing(listing).fingerprint
    assert inprocess.views(plan, lang).for_listing(listing).fingerprint == first
    item = listing.items[0]
    text = item.texts[item.default if lang not in item.texts else lang]
    changed = type(text)(text.lang, text.source, text.title + " (edited)", text.summary,
                         text.image_alt)
    item.texts[text.lang] = changed
    try:
        assert inprocess.views(plan, lang).for_listing(listing).fingerprint != first
    finally:
        item.texts[text.lang] = text
