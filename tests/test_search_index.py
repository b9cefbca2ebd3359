"""Pagefind on a built fixture site (tests/sites/multilingual): one index per language
(Catalan included), only translated content pages indexed, a labelled search box in every
page's header, all self-hosted.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from lxml import html as lxml_html

from clamtex.outputs import search
from support import (
    SITES,
    BuiltSite,
    content_keys,
    news_keys,
    page_url,
    site_languages,
    text_of,
    translated_in,
)

MULTI = SITES / "multilingual"
LANGUAGES = site_languages(MULTI)


# Pages that are searchable (listings such as home and the partners page are not).
SEARCHABLE = [key for key in content_keys(MULTI) if key not in ("index.md", "partners/index.md")]


def prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def indexed_languages() -> set[str]:
    """Languages with a real translation of a searchable page (only those get an index)."""
    return {lang for key in SEARCHABLE for lang in translated_in(MULTI, key)}


def entry(site: BuiltSite) -> dict:
    return json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text("utf-8"))


def indexed_pages(site: BuiltSite) -> Counter:
    """Pages carrying data-pagefind-body, per <html lang>."""
    counts: Counter = Counter()
    for path in site.html_files():
        doc = lxml_html.fromstring(path.read_bytes())
        if doc.xpath("//*[@data-pagefind-body]"):
            counts[doc.get("lang")] += 1
    return counts


def test_one_index_per_language(multilingual_site: BuiltSite) -> None:
    languages = entry(multilingual_site)["languages"]
    assert set(languages) == indexed_languages()
    assert len(indexed_languages()) < len(LANGUAGES), "the fixture has a language without"
    for lang in languages:
        wasm = f"wasm.{languages[lang]['wasm']}.pagefind"
        assert (multilingual_site.root / "pagefind" / wasm).is_file()


def test_index_holds_exactly_the_marked_pages(multilingual_site: BuiltSite) -> None:
    counts = indexed_pages(multilingual_site)
    languages = entry(multilingual_site)["languages"]
    assert {lang: data["page_count"] for lang, data in languages.items()} == dict(counts)
    assert search.languages(multilingual_site.root) == dict(counts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_content_pages_are_indexed_listings_are_not(multilingual_site: BuiltSite,
                                                    lang: str) -> None:
    """Translated articles, pages and profiles are indexed; listings and fallbacks are not."""
    base = prefix(lang)
    marked = {base + page_url(key): lang in translated_in(MULTI, key) for key in SEARCHABLE}
    year = news_keys(MULTI)[0][len("news/"):][:4]
    marked |= {base: False, f"{base}news/": False, f"{base}news/{year}/": False,
               f"{base}partners/": False}
    for url, expected in marked.items():
        doc = multilingual_site.page(url)
        bodies = doc.xpath("//*[@data-pagefind-body]")
        assert bool(bodies) == expected, url
        if bodies:
            [body] = bodies
            assert body.xpath(".//h1"), f"{url}: the indexed element holds the title"
            assert not body.xpath("ancestor-or-self::footer | .//footer"), url
            excluded = {selector.lstrip(".") for selector in search.EXCLUDE}
            for nav in body.iter("nav"):  # previous/next links: excluded from the index
                assert excluded & set((nav.get("class") or "").split()), url
    for page in ("404.html", f"{lang}/404.html"):
        if multilingual_site.path(page).is_file():
            assert not multilingual_site.page(page).xpath("//*[@data-pagefind-body]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header_search_box(multilingual_site: BuiltSite, lang: str) -> None:
    doc = multilingual_site.page(prefix(lang) + "news/")
    [box] = doc.cssselect("header [role=search]")
    [field] = box.cssselect("input[type=search]")
    labels = box.cssselect(f"label[for='{field.get('id')}']")
    assert len(labels) == 1 and text_of(labels[0]), "the search field has a label"
    assert field.get("placeholder")
    bundle = box.get("data-clamtex-search")
    here = multilingual_site.path(prefix(lang) + "news/").parent
    assert (here / bundle / "pagefind.js").resolve().is_file()
    assert not doc.cssselect(".md-search"), "Material's lunr search is off"
    assert not (multilingual_site.root / "search" / "search_index.json").exists()


def test_search_labels_differ_per_language(multilingual_site: BuiltSite) -> None:
    labels = {text_of(multilingual_site.page(prefix(lang)).cssselect(".clamtex-search label")[0])
              for lang in LANGUAGES}
    assert len(labels) == len(LANGUAGES)


def test_a_folder_without_searchable_pages_gets_no_index(tmp_path) -> None:
    # A language whose pages are all untranslated fallbacks: indexing it alone would make
    # Pagefind index whole pages (menus, listings), as no page is marked.
    (tmp_path / "news").mkdir()
    (tmp_path / "index.html").write_text('<html lang="pt"><body><p>Notícias</p></body></html>')
    (tmp_path / "news/index.html").write_text('<html lang="pt"><body><nav>Menu</nav></body></html>')
    assert search.index_site(tmp_path, None, slot="pt") == {}
    assert not (tmp_path / "pagefind").exists()
