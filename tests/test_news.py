"""The news engine on a built fixture site: listings, archives, tags, dates, fallbacks, feeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest

from support import LANGUAGES, BuiltSite, copy_project, prefix, run_clamtex, set_plugin_option
from support import text_of as text

REAL = ["2020-06-30-second-project-meeting", "2020-03-04-kick-off-meeting"]
EXTRA = 21  # with the two real items: 23 published items -> 3 index pages of 10


def extra_slugs() -> list[str]:
    """21 generated items, one a month from January 2019, newest last."""
    return [f"{dt.date(2019 + i // 12, i % 12 + 1, 15).isoformat()}-update-{i:02d}"
            for i in range(EXTRA)]


def write_item(project: Path, lang: str, slug: str, meta: str, body: str = "Body text.") -> None:
    path = project / "content" / lang / "news" / f"{slug}.md"
    path.write_text(f"---\n{meta}---\n\n{body}\n", encoding="utf-8")


def make_news_project(root: Path) -> Path:
    project = copy_project(root)
    for i, slug in enumerate(extra_slugs()):
        date = slug[:10]
        tags = "[training]" if i % 2 else "[benchmarking, training]"
        write_item(project, "en", slug, f"title: Update {i:02d}\ndate: {date}\n"
                   f"summary: Summary {i:02d}.\ntags: {tags}\npartners: [ateval]\n")
        if i % 3 == 0:  # every third item is translated into Spanish
            write_item(project, "es", slug, f"title: Novedad {i:02d}\nsummary: Resumen {i:02d}.\n")
    write_item(project, "en", "2020-05-01-draft-item",
               "title: A draft\ndate: 2020-05-01\ndraft: true\n")
    write_item(project, "en", "2999-01-01-future-item",
               "title: From the future\ndate: 2999-01-01\n")
    return project


@pytest.fixture(scope="module")
def news_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = make_news_project(tmp_path_factory.mktemp("news") / "project")
    out = project / "out"
    result = run_clamtex("build", "-d", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, result.stderr)


def card_titles(site: BuiltSite, url: str) -> list[str]:
    return [text(a) for a in site.page(url).cssselect(".clamtex-card__title a")]


def all_items_newest_first() -> list[str]:
    return sorted([*extra_slugs(), *REAL], reverse=True)


# -- listings ---------------------------------------------------------------------------


def test_index_is_paginated_newest_first(news_site: BuiltSite) -> None:
    pages = [card_titles(news_site, url) for url in ("news/", "news/page/2/", "news/page/3/")]
    assert [len(p) for p in pages] == [10, 10, 3]
    assert not news_site.path("news/page/4/").exists()
    assert not news_site.path("news/page/1/").exists()
    urls = [a.get("href") for url in ("news/", "news/page/2/", "news/page/3/")
            for a in news_site.page(url).cssselect(".clamtex-card__title a")]
    slugs = [href.rstrip("/").rsplit("/", 1)[-1] for href in urls]
    assert slugs == all_items_newest_first()


def test_pagination_edges(news_site: BuiltSite) -> None:
    def links(url: str) -> dict[str, str]:
        nav = news_site.page(url).cssselect(".clamtex-pagination")[0]
        return {a.get("rel"): a.get("href") for a in nav.cssselect("a")}

    assert links("news/") == {"next": "page/2/"}
    assert links("news/page/2/") == {"prev": "../../", "next": "../3/"}
    assert links("news/page/3/") == {"prev": "../2/"}
    nav = news_site.page("news/page/2/").cssselect(".clamtex-pagination span")[0]
    assert text(nav) == "Page 2 of 3"
    assert text(news_site.page("es/news/page/3/").cssselect(".clamtex-pagination span")[0]) \
        == "Página 3 de 3"


def test_year_and_tag_pages(news_site: BuiltSite) -> None:
    items_2019 = [s for s in all_items_newest_first() if s.startswith("2019")]
    assert len(card_titles(news_site, "news/2019/")) == len(items_2019) == 12
    assert len(card_titles(news_site, "news/2020/")) == EXTRA - 12 + len(REAL)
    assert not news_site.path("news/2021/").exists()
    benchmarking = [s for i, s in enumerate(extra_slugs()) if i % 2 == 0]
    benchmarking.append(REAL[0])
    assert len(card_titles(news_site, "news/tags/benchmarking/")) == len(benchmarking)
    assert text(news_site.page("es/news/tags/training/").find(".//h1")) == \
        "Noticias sobre «Formación»"
    assert text(news_site.page("ca/news/2019/").find(".//h1")) == "Notícies del 2019"


def test_archive_links_use_cldr_free_labels(news_site: BuiltSite) -> None:
    years = [text(a) for a in news_site.page("pt/news/").cssselect(".clamtex-archive a")
             if text(a).isdigit()]
    assert years == ["2020", "2019"]


# -- dates ---------------------------------------------------------------------------------

LONG_DATES = {"en": "30 June 2020", "es": "30 de junio de 2020", "ca": "30 de juny del 2020",
              "pt": "30 de junho de 2020", "fr": "30 juin 2020"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_localized_dates(news_site: BuiltSite, lang: str) -> None:
    doc = news_site.page(prefix(lang) + f"news/{REAL[0]}/")
    time = doc.cssselect(".clamtex-article__meta time")[0]
    assert time.get("datetime") == "2020-06-30"
    assert text(time) == LONG_DATES[lang]
    listing_times = news_site.page(prefix(lang) + "news/").cssselect(".clamtex-card time")
    assert LONG_DATES[lang] in [text(t) for t in listing_times]


# -- articles ------------------------------------------------------------------------------


def test_article_links_tags_partners_and_neighbours(news_site: BuiltSite) -> None:
    doc = news_site.page(f"es/news/{REAL[0]}/")
    facts = doc.cssselect(".clamtex-article__facts a")
    hrefs = {a.get("href") for a in facts}
    assert "../tags/project-meetings/" in hrefs
    assert "../../partners/aei-textils/" in hrefs
    assert "Reuniones del proyecto" in [text(a) for a in facts]
    items = all_items_newest_first()
    older = items[items.index(REAL[0]) + 1]
    newer = items[items.index(REAL[0]) - 1]
    assert doc.cssselect(".clamtex-prevnext a[rel=prev]")[0].get("href") == f"../{older}/"
    assert doc.cssselect(".clamtex-prevnext a[rel=next]")[0].get("href") == f"../{newer}/"
    newest = news_site.page(f"news/{all_items_newest_first()[0]}/")
    assert not newest.cssselect(".clamtex-prevnext a[rel=next]")


def test_home_shows_latest_three(news_site: BuiltSite) -> None:
    for lang in LANGUAGES:
        cards = news_site.page(prefix(lang)).cssselect(".clamtex-home__news .clamtex-card a")
        assert [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in cards] == \
            all_items_newest_first()[:3]


# -- fallbacks -----------------------------------------------------------------------------


def test_untranslated_items_fall_back_with_a_notice(news_site: BuiltSite) -> None:
    untranslated = extra_slugs()[1]
    doc = news_site.page(f"es/news/{untranslated}/")
    assert doc.get("lang") == "es"
    notice = doc.cssselect(".clamtex-notice")[0]
    assert text(notice) == "Aún sin traducir: esta noticia se muestra en inglés."
    assert doc.cssselect("article.clamtex-article")[0].get("lang") == "en"
    assert not doc.cssselect('link[hreflang="es"]')
    assert doc.cssselect('link[rel="canonical"]')[0].get("href") == \
        f"https://clamtex.eu/news/{untranslated}/"
    translated = news_site.page(f"es/news/{extra_slugs()[0]}/")
    assert not translated.cssselect(".clamtex-notice")
    assert text(translated.find(".//h1")) == "Novedad 00"


def test_listing_marks_untranslated_items(news_site: BuiltSite) -> None:
    cards = news_site.page("es/news/page/2/").cssselect(".clamtex-card")
    marked = [c for c in cards if c.cssselect(".clamtex-card__notice")]
    assert marked and all(c.get("lang") == "en" for c in marked)
    assert all(c.get("lang") is None for c in cards if c not in marked)


def test_setting_hides_untranslated_items(tmp_path: Path) -> None:
    project = make_news_project(tmp_path / "project")
    set_plugin_option(project, "      show_untranslated: false\n")
    out = project / "out"
    assert run_clamtex("build", "-d", str(out), cwd=project).returncode == 0
    site = BuiltSite(out)
    spanish = [s for i, s in enumerate(extra_slugs()) if i % 3 == 0] + REAL
    assert len(card_titles(site, "es/news/")) == len(spanish)
    assert not site.path(f"es/news/{extra_slugs()[1]}/").exists()
    assert site.path(f"news/{extra_slugs()[1]}/").exists()


# -- drafts and future items ---------------------------------------------------------------


def test_drafts_and_future_items_are_not_published(news_site: BuiltSite) -> None:
    for lang in LANGUAGES:
        assert not news_site.path(prefix(lang) + "news/2020-05-01-draft-item/").exists()
        assert not news_site.path(prefix(lang) + "news/2999-01-01-future-item/").exists()
    assert "A draft" not in news_site.path("news/2020/").read_text()
    assert not news_site.path("news/2999/").exists()


def test_future_items_can_be_previewed(tmp_path: Path) -> None:
    project = make_news_project(tmp_path / "project")
    set_plugin_option(project, "      show_future: true\n")
    out = project / "out"
    assert run_clamtex("build", "-d", str(out), cwd=project).returncode == 0
    assert (out / "news/2999-01-01-future-item/index.html").exists()
    assert not (out / "news/2020-05-01-draft-item/index.html").exists()


# -- feeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feeds_per_language(news_site: BuiltSite, lang: str) -> None:
    base = f"https://clamtex.eu/{prefix(lang)}"
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse(news_site.path(prefix(lang) + f"news/{name}").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == lang if name == "feed.xml" else True
        links = [entry.link for entry in feed.entries]
        assert all(link.startswith(base + "news/") for link in links)
        if lang in ("en", "es"):
            assert len(links) == (20 if lang == "en" else 2 + len(range(0, EXTRA, 3)))
        else:
            assert [link.rsplit("/", 2)[-2] for link in links] == REAL
        first = feed.entries[0]
        assert first.published_parsed[:3] == tuple(int(x) for x in
                                                    links[0].rsplit("/", 2)[-2][:10].split("-"))
    atom = feedparser.parse(news_site.path(prefix(lang) + "news/atom.xml").read_bytes())
    assert atom.version == "atom10"
    rss = feedparser.parse(news_site.path(prefix(lang) + "news/feed.xml").read_bytes())
    assert rss.version == "rss20"
    assert rss.feed.link == base + "news/"
    assert atom.feed.link == base + "news/"
    assert {(link.rel, link.href) for link in atom.feed.links} == {
        ("alternate", base + "news/"), ("self", base + "news/atom.xml")}
    assert ("self", base + "news/feed.xml") in {(link.rel, link.href) for link in rss.feed.links}


def test_feeds_are_linked_from_every_page_head(news_site: BuiltSite) -> None:
    for url in ("", "es/news/", f"fr/news/{REAL[1]}/", "pt/partners/"):
        doc = news_site.page(url)
        types = {link.get("type"): link.get("href")
                 for link in doc.cssselect('head link[rel="alternate"][type]')}
        assert set(types) == {"application/rss+xml", "application/atom+xml"}
        lang = doc.get("lang")
        target = (news_site.path(url).parent / types["application/rss+xml"]).resolve()
        assert target == news_site.path(prefix(lang) + "news/feed.xml").resolve()


def test_news_items_are_not_nav_entries(news_site: BuiltSite) -> None:
    doc = news_site.page("news/")
    nav_links = [a.get("href") for a in doc.cssselect(".md-nav a, .md-tabs a")]
    assert not [h for h in nav_links if "update-" in h or "meeting" in h]


MONTH_HEADINGS = {"en": "June 2020", "es": "Junio de 2020", "ca": "Juny del 2020",
                  "pt": "Junho de 2020", "fr": "Juin 2020"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_year_pages_group_by_cldr_month(news_site: BuiltSite, lang: str) -> None:
    headings = [text(h) for h in news_site.page(prefix(lang) + "news/2020/")
                .cssselect("h2.clamtex-month")]
    assert MONTH_HEADINGS[lang] in headings
    assert len(headings) == len(set(headings))
