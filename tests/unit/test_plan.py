"""The site plan of the edge-case fixture, in-process (clamtex.plan.SitePlan.build):
which items each language lists, the listing pages, neighbours, existence and URLs.
"""

from __future__ import annotations

import inprocess
import pytest
from inprocess import EDGE

from clamtex.content.model import Site
from clamtex.structure.listings import index_key, tag_key, year_key
from support import meta_in, site_languages, translated_in

DEFAULT, *OTHERS = site_languages(EDGE)
PER_PAGE = inprocess.option(EDGE, "news_per_page")


@pytest.fixture(scope="module")
def site() -> Site:
    return inprocess.site()


def published(site: Site) -> list[str]:
    return [item.key for item in site.published_news]


def test_every_language_lists_every_published_item(site: Site) -> None:
    plan = inprocess.plan(site)
    for lang in site_languages(EDGE):
        assert [item.key for item in plan.by_lang[lang].news] == published(site)


def test_without_untranslated_items_a_language_lists_its_own(site: Site) -> None:
    plan = inprocess.plan(site, show_untranslated=False)
    for lang in OTHERS:
        own = [k for k in published(site) if lang in translated_in(EDGE, k)]
        assert [item.key for item in plan.by_lang[lang].news] == own
        assert own != published(site), "the fixture has items missing in each language"


@pytest.mark.parametrize("per_page", [1, PER_PAGE, 100])
def test_index_pages_chunk_the_items_and_chain(site: Site, per_page: int) -> None:
    listings = inprocess.plan(site, per_page=per_page).by_lang[DEFAULT].listings
    pages = [listings[key] for key in listings if listings[key].kind == "index"]
    count = -(-len(published(site)) // per_page)
    assert [p.key for p in pages] == [index_key("news", n) for n in range(1, count + 1)]
    assert [i.key for p in pages for i in p.items] == published(site)
    assert all(len(p.items) == per_page for p in pages[:-1])
    for n, page in enumerate(pages, 1):
        assert (page.page, page.pages) == (n, count)
        assert page.newer == (index_key("news", n - 1) if n > 1 else None)
        assert page.older == (index_key("news", n + 1) if n < count else None)


def test_year_and_tag_listings(site: Site) -> None:
    listings = inprocess.plan(site).by_lang[DEFAULT].listings
    years = sorted({k[len("news/"):][:4] for k in published(site)}, reverse=True)
    tags = sorted({t for k in published(site) for t in meta_in(EDGE, DEFAULT, k).get("tags", [])})
    assert len(years) >= 3 and len(tags) >= 3
    for year in years:
        listing = listings[year_key("news", year)]
        assert [i.key for i in listing.items] == [k for k in published(site)
                                                  if k[len("news/"):].startswith(year)]
        assert listing.years == tuple(years)
    for tag in tags:
        listing = listings[tag_key("news", tag)]
        assert [i.key for i in listing.items] == [
            k for k in published(site) if tag in meta_in(EDGE, DEFAULT, k).get("tags", [])]
    kinds = {listing.kind for listing in listings.values()}
    assert kinds == {"index", "year", "tag"}
    assert len(listings) == -(-len(published(site)) // PER_PAGE) + len(years) + len(tags)


def test_neighbours_are_the_next_newer_and_older_items(site: Site) -> None:
    for show in (True, False):
        plan = inprocess.plan(site, show_untranslated=show)
        for lang in site_languages(EDGE):
            items = [item.key for item in plan.by_lang[lang].news]
            neighbours = plan.by_lang[lang].neighbours
            assert list(neighbours) == items
            for n, key in enumerate(items):
                newer, older = neighbours[key]
                assert (newer.key if newer else None) == (items[n - 1] if n else None)
                assert (older.key if older else None) == (
                    items[n + 1] if n + 1 < len(items) else None)


def test_what_exists_and_what_is_translated(site: Site) -> None:
    plan = inprocess.plan(site)
    hidden = inprocess.plan(site, show_untranslated=False)
    drafts = [item.key for item in site.news if not site.is_published(item)]
    for lang in site_languages(EDGE):
        for key in site.entries:
            really = lang in translated_in(EDGE, key)
            assert plan.translated(lang, key) == (really and key not in drafts), (lang, key)
            if key.startswith("news/"):
                assert plan.exists(lang, key) == (key not in drafts), (lang, key)
                assert hidden.exists(lang, key) == (really and key not in drafts), (lang, key)
            else:
                assert plan.exists(lang, key) and hidden.exists(lang, key), (lang, key)
        for key in plan.by_lang[lang].listings:
            assert plan.exists(lang, key) and plan.translated(lang, key)


def test_urls_have_the_language_prefix(site: Site) -> None:
    plan = inprocess.plan(site)
    key = published(site)[0]
    assert plan.url(DEFAULT, key) == key.removesuffix(".md") + "/"
    for lang in OTHERS:
        assert plan.url(lang, key) == f"{lang}/" + key.removesuffix(".md") + "/"
        assert plan.url(lang, "index.md") == f"{lang}/"
    assert plan.url(DEFAULT, "partners/index.md") == "partners/"
