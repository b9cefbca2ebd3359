"""The news engine on a built fixture site: listings, archives, tags, dates, fallbacks, feeds.

The site is the five-language fixture (tests/sites/multilingual) with generated items added;
what each page must list is computed from the project's own files (dates, translations,
drafts), never from the prose of a particular site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from clamtex.config import ClamtexConfig
from support import (
    BuiltSite,
    edit_file,
    fixture_site,
    front_matter,
    meta_in,
    plugin_options,
    published_news,
    run_clamtex,
    set_plugin_option,
    site_config,
    site_languages,
    slug_of,
    translated_in,
    write_news,
)
from support import add_news as generate_news
from support import text_of as text

EXTRA = 21  # generated items, one a month from January 2019, every third one translated
PER_PAGE = 5  # with the fixture's own items: several index pages, the last one not full
TRAINING = ("        training:\n          en: Training\n          es: Formación\n"
            "          ca: Formació\n          pt: Formação\n          fr: Formation\n")
DRAFT, FUTURE = "2020-05-01-draft-item", "2999-01-01-future-item"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def make_news_project(root: Path) -> Path:
    """The multilingual fixture with a second tag, 21 more items, a draft and a future item."""
    project = fixture_site("multilingual", root)
    edit_file(project / "mkdocs.yml", "      tags:\n", "      tags:\n" + TRAINING)
    edit_file(project / "mkdocs.yml", "news_per_page: 2", f"news_per_page: {PER_PAGE}")
    generate_news(project, EXTRA, start=dt.date(2019, 1, 15), translated_every=3)
    write_news(project, "en", DRAFT, "title: A draft\ndate: 2020-05-01\ndraft: true\n")
    write_news(project, "en", FUTURE, "title: From the future\ndate: 2999-01-01\n")
    return project


@pytest.fixture(scope="module")
def news_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_news_project(tmp_path_factory.mktemp("news") / "project")
    result = run_clamtex("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def news_site(news_project: Path) -> BuiltSite:
    return BuiltSite(news_project / "out")


def prefix(project: Path, lang: str) -> str:
    return "" if lang == site_languages(project)[0] else f"{lang}/"


def slugs(keys: list[str]) -> list[str]:
    return [key.removeprefix("news/").removesuffix(".md") for key in keys]


def card_slugs(site: BuiltSite, url: str) -> list[str]:
    return [slug_of(a.get("href")) for a in site.page(url).cssselect(".clamtex-card__title a")]


def index_urls(project: Path, lang: str) -> list[str]:
    pages = -(-len(published_news(project)) // PER_PAGE)
    return [prefix(project, lang) + "news/"] + [prefix(project, lang) + f"news/page/{n}/"
                                                for n in range(2, pages + 1)]


def site_url(project: Path) -> str:
    return site_config(project)["site_url"]


# -- listings ---------------------------------------------------------------------------


def test_index_is_paginated_newest_first(news_project: Path, news_site: BuiltSite) -> None:
    items = slugs(published_news(news_project))
    urls = index_urls(news_project, "en")
    assert len(urls) >= 3 and len(items) % PER_PAGE, "several pages, the last one not full"
    pages = [card_slugs(news_site, url) for url in urls]
    assert [len(p) for p in pages] == [PER_PAGE] * (len(urls) - 1) + [len(items) % PER_PAGE]
    assert [slug for page in pages for slug in page] == items
    assert not news_site.path(f"news/page/{len(urls) + 1}/").exists()
    assert not news_site.path("news/page/1/").exists()


def test_pagination_edges(news_project: Path, news_site: BuiltSite) -> None:
    def links(url: str) -> dict[str, str]:
        nav = news_site.page(url).cssselect(".clamtex-pagination")[0]
        return {a.get("rel"): a.get("href") for a in nav.cssselect("a")}

    last = len(index_urls(news_project, "en"))
    assert links("news/") == {"next": "page/2/"}
    assert links("news/page/2/") == {"prev": "../../", "next": "../3/"}
    assert links(f"news/page/{last}/") == {"prev": f"../{last - 1}/"}
    nav = news_site.page("news/page/2/").cssselect(".clamtex-pagination span")[0]
    assert text(nav) == f"Page 2 of {last}"
    assert text(news_site.page(f"es/news/page/{last}/").cssselect(".clamtex-pagination span")[0]) \
        == f"Página {last} de {last}"


def test_year_and_tag_pages(news_project: Path, news_site: BuiltSite) -> None:
    items = slugs(published_news(news_project))
    years = sorted({slug[:4] for slug in items}, reverse=True)
    assert len(years) >= 3
    for year in years:
        assert card_slugs(news_site, f"news/{year}/") == [s for s in items if s.startswith(year)]
    assert not news_site.path(f"news/{int(years[0]) + 1}/").exists()
    for tag in plugin_options(news_project, "clamtex")["tags"]:
        tagged = [s for s, key in zip(items, published_news(news_project), strict=True)
                  if tag in (meta_in(news_project, "en", key).get("tags") or [])]
        assert tagged, tag
        assert card_slugs(news_site, f"news/tags/{tag}/") == tagged
    assert text(news_site.page("es/news/tags/training/").find(".//h1")) == \
        "Noticias sobre «Formación»"
    assert text(news_site.page(f"ca/news/{years[-1]}/").find(".//h1")) == \
        f"Notícies del {years[-1]}"


def test_archive_links_list_every_year_newest_first(news_project: Path,
                                                    news_site: BuiltSite) -> None:
    years = sorted({s[:4] for s in slugs(published_news(news_project))}, reverse=True)
    shown = [text(a) for a in news_site.page("pt/news/").cssselect(".clamtex-archive a")
             if text(a).isdigit()]
    assert shown == years


# -- dates ---------------------------------------------------------------------------------

LONG_DATES = {"en": "10 January 2024", "es": "10 de enero de 2024", "ca": "10 de gener del 2024",
              "pt": "10 de janeiro de 2024", "fr": "10 janvier 2024"}
DATED = "news/2024-01-10-first-meeting.md"  # a fixture item; its date is asserted below


@pytest.mark.parametrize("lang", list(LONG_DATES))
def test_localized_dates(news_project: Path, news_site: BuiltSite, lang: str) -> None:
    assert str(front_matter(news_project / "content/en" / DATED)["date"]) == "2024-01-10"
    doc = news_site.page(prefix(news_project, lang) + DATED.removesuffix(".md") + "/")
    time = doc.cssselect(".clamtex-article__meta time")[0]
    assert time.get("datetime") == "2024-01-10"
    assert text(time) == LONG_DATES[lang]
    listing_times = news_site.page(prefix(news_project, lang) + "news/") \
        .cssselect(".clamtex-card time")
    assert LONG_DATES[lang] in [text(t) for t in listing_times]


MONTH_HEADINGS = {"en": "January 2024", "es": "Enero de 2024", "ca": "Gener del 2024",
                  "pt": "Janeiro de 2024", "fr": "Janvier 2024"}


@pytest.mark.parametrize("lang", list(MONTH_HEADINGS))
def test_year_pages_group_by_cldr_month(news_project: Path, news_site: BuiltSite,
                                        lang: str) -> None:
    headings = [text(h) for h in news_site.page(prefix(news_project, lang) + "news/2024/")
                .cssselect("h2.clamtex-month")]
    assert MONTH_HEADINGS[lang] in headings
    months = {s[:7] for s in slugs(published_news(news_project)) if s.startswith("2024")}
    assert len(headings) == len(set(headings)) == len(months)


# -- articles ------------------------------------------------------------------------------


def test_article_links_tags_partners_and_neighbours(news_project: Path,
                                                    news_site: BuiltSite) -> None:
    keys = published_news(news_project)
    key = next(k for k in keys[1:-1] if meta_in(news_project, "en", k).get("partners"))
    meta = meta_in(news_project, "es", key)
    doc = news_site.page(f"es/{key.removesuffix('.md')}/")
    facts = doc.cssselect(".clamtex-article__facts a")
    hrefs = {a.get("href") for a in facts}
    labels = plugin_options(news_project, "clamtex")["tags"]
    for tag in meta["tags"]:
        assert f"../tags/{tag}/" in hrefs
        assert labels[tag]["es"] in [text(a) for a in facts]
    for partner in meta["partners"]:
        assert f"../../partners/{partner}/" in hrefs
    items = slugs(keys)
    here = items.index(slugs([key])[0])
    assert doc.cssselect(".clamtex-prevnext a[rel=prev]")[0].get("href") == \
        f"../{items[here + 1]}/"
    assert doc.cssselect(".clamtex-prevnext a[rel=next]")[0].get("href") == \
        f"../{items[here - 1]}/"
    assert not news_site.page(f"news/{items[0]}/").cssselect(".clamtex-prevnext a[rel=next]")
    assert not news_site.page(f"news/{items[-1]}/").cssselect(".clamtex-prevnext a[rel=prev]")


def test_home_shows_the_latest_items(news_project: Path, news_site: BuiltSite) -> None:
    count = ClamtexConfig.home_news_count.default
    for lang in site_languages(news_project):
        cards = news_site.page(prefix(news_project, lang)).cssselect(
            ".clamtex-home__news .clamtex-card__title a")
        assert [slug_of(a.get("href")) for a in cards] == \
            slugs(published_news(news_project))[:count]


# -- fallbacks -----------------------------------------------------------------------------


def untranslated_in(project: Path, lang: str) -> list[str]:
    return [k for k in published_news(project) if lang not in translated_in(project, k)]


def test_untranslated_items_fall_back_with_a_notice(news_project: Path,
                                                    news_site: BuiltSite) -> None:
    [untranslated, *_] = untranslated_in(news_project, "es")
    url = untranslated.removesuffix(".md") + "/"
    doc = news_site.page(f"es/{url}")
    assert doc.get("lang") == "es"
    notice = doc.cssselect(".clamtex-notice")[0]
    assert text(notice) == "Aún sin traducir: esta noticia se muestra en inglés."
    assert doc.cssselect("article.clamtex-article")[0].get("lang") == "en"
    assert not doc.cssselect('link[hreflang="es"]')
    assert doc.cssselect('link[rel="canonical"]')[0].get("href") == site_url(news_project) + url
    translated = next(k for k in published_news(news_project)
                      if "es" in translated_in(news_project, k))
    page = news_site.page(f"es/{translated.removesuffix('.md')}/")
    assert not page.cssselect(".clamtex-notice")
    assert text(page.find(".//h1")) == meta_in(news_project, "es", translated)["title"]


def test_listing_marks_untranslated_items(news_project: Path, news_site: BuiltSite) -> None:
    untranslated = set(slugs(untranslated_in(news_project, "es")))
    cards = [card for url in index_urls(news_project, "es")
             for card in news_site.page(url).cssselect(".clamtex-card")]
    assert len(cards) == len(published_news(news_project))
    for card in cards:
        slug = slug_of(card.cssselect(".clamtex-card__title a")[0].get("href"))
        marked = bool(card.cssselect(".clamtex-card__notice"))
        assert marked == (slug in untranslated), slug
        assert card.get("lang") == ("en" if marked else None), slug


def test_setting_hides_untranslated_items(tmp_path: Path) -> None:
    project = make_news_project(tmp_path / "project")
    set_plugin_option(project, "      show_untranslated: false\n")
    assert run_clamtex("build", "-d", "out", cwd=project).returncode == 0
    site = BuiltSite(project / "out")
    spanish = [k for k in published_news(project) if "es" in translated_in(project, k)]
    shown = [slug for url in index_urls(project, "es")[: -(-len(spanish) // PER_PAGE)]
             for slug in card_slugs(site, url)]
    assert shown == slugs(spanish)
    [hidden, *_] = untranslated_in(project, "es")
    assert not site.path(f"es/{hidden.removesuffix('.md')}/").exists()
    assert site.path(f"{hidden.removesuffix('.md')}/").exists()


# -- drafts and future items ---------------------------------------------------------------


def test_drafts_and_future_items_are_not_published(news_project: Path,
                                                   news_site: BuiltSite) -> None:
    for lang in site_languages(news_project):
        assert not news_site.path(prefix(news_project, lang) + f"news/{DRAFT}/").exists()
        assert not news_site.path(prefix(news_project, lang) + f"news/{FUTURE}/").exists()
    assert "A draft" not in news_site.path(f"news/{DRAFT[:4]}/").read_text()
    assert not news_site.path(f"news/{FUTURE[:4]}/").exists()


def test_future_items_can_be_previewed(tmp_path: Path) -> None:
    project = make_news_project(tmp_path / "project")
    set_plugin_option(project, "      show_future: true\n")
    assert run_clamtex("build", "-d", "out", cwd=project).returncode == 0
    assert (project / f"out/news/{FUTURE}/index.html").exists()
    assert not (project / f"out/news/{DRAFT}/index.html").exists()


# -- feeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es", "ca", "pt", "fr"])
def test_feeds_per_language(news_project: Path, news_site: BuiltSite, lang: str) -> None:
    """RSS and Atom: the language's own translated items, newest first, at most feed_size."""
    base = site_url(news_project) + prefix(news_project, lang)
    size = ClamtexConfig.feed_size.default
    own = [k for k in published_news(news_project) if lang in translated_in(news_project, k)]
    expected = [base + key.removesuffix(".md") + "/" for key in own][:size]
    for name in ("feed.xml", "atom.xml"):
        data = news_site.path(prefix(news_project, lang) + f"news/{name}").read_bytes()
        feed = feedparser.parse(data)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == lang, name
        assert [entry.link for entry in feed.entries] == expected, name
        titles = [meta_in(news_project, lang, key)["title"] for key in own][:size]
        assert [entry.title for entry in feed.entries] == titles, name
        first = feed.entries[0]
        assert first.published_parsed[:3] == tuple(int(x) for x in own[0][5:15].split("-"))
    atom = news_site.path(prefix(news_project, lang) + "news/atom.xml")
    assert etree.parse(str(atom)).getroot().get(XML_LANG) == lang  # what readers go by
    atom_feed = feedparser.parse(atom.read_bytes())
    assert atom_feed.version == "atom10"
    rss = feedparser.parse(news_site.path(prefix(news_project, lang) + "news/feed.xml")
                           .read_bytes())
    assert rss.version == "rss20"
    assert rss.feed.link == base + "news/"
    assert atom_feed.feed.link == base + "news/"
    assert {(link.rel, link.href) for link in atom_feed.feed.links} == {
        ("alternate", base + "news/"), ("self", base + "news/atom.xml")}
    assert ("self", base + "news/feed.xml") in {(link.rel, link.href) for link in rss.feed.links}


def test_feed_size_limits_both_feeds(edge_site: BuiltSite) -> None:
    """The edge-case fixture sets feed_size below its number of published items."""
    from support import SITES

    edge = SITES / "edge-cases"
    size = plugin_options(edge, "clamtex")["feed_size"]
    assert len(published_news(edge)) > size
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse(edge_site.path(f"news/{name}").read_bytes())
        assert [slug_of(e.link) for e in feed.entries] == slugs(published_news(edge))[:size]


def test_feeds_are_linked_from_every_page_head(news_project: Path, news_site: BuiltSite) -> None:
    first = published_news(news_project)[0].removesuffix(".md")
    for url in ("", "es/news/", f"fr/{first}/", "pt/partners/"):
        doc = news_site.page(url)
        types = {link.get("type"): link.get("href")
                 for link in doc.cssselect('head link[rel="alternate"][type]')}
        assert set(types) == {"application/rss+xml", "application/atom+xml"}
        lang = doc.get("lang")
        for kind, name in (("rss", "feed.xml"), ("atom", "atom.xml")):
            target = (news_site.path(url).parent / types[f"application/{kind}+xml"]).resolve()
            assert target == news_site.path(prefix(news_project, lang) + f"news/{name}").resolve()


def test_news_items_are_not_nav_entries(news_project: Path, news_site: BuiltSite) -> None:
    doc = news_site.page("news/")
    nav_links = [a.get("href") for a in doc.cssselect(".md-nav a, .md-tabs a")]
    assert nav_links
    items = slugs(published_news(news_project))
    assert not [h for h in nav_links if any(slug in h for slug in items)]
