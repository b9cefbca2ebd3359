"""Pagefind on the built site: one index per language (Catalan included), only content pages
indexed, a labelled search box in every page's header, all self-hosted.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from lxml import html as lxml_html

from clamtex.outputs import search
from support import DEFAULT, LANGUAGES, ROOT, BuiltSite, prefix, text_of


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


def test_one_index_per_language(built_site: BuiltSite) -> None:
    languages = entry(built_site)["languages"]
    assert set(languages) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert (built_site.root / "pagefind" / f"wasm.{languages[lang]['wasm']}.pagefind").is_file()


def test_index_holds_exactly_the_marked_pages(built_site: BuiltSite) -> None:
    counts = indexed_pages(built_site)
    languages = entry(built_site)["languages"]
    assert {lang: data["page_count"] for lang, data in languages.items()} == dict(counts)
    assert search.languages(built_site.root) == dict(counts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_content_pages_are_indexed_listings_are_not(built_site: BuiltSite, lang: str) -> None:
    base = prefix(lang)
    news = sorted(p.stem for p in (ROOT / "content" / DEFAULT / "news").glob("*.md"))
    marked = {
        f"{base}news/{news[0]}/": True,
        f"{base}project/": True,
        f"{base}partners/ateval/": True,
        base: False,
        f"{base}news/": False,
        f"{base}news/2020/": False,
        f"{base}partners/": False,
    }
    for url, expected in marked.items():
        doc = built_site.page(url)
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
        if built_site.path(page).is_file():
            assert not built_site.page(page).xpath("//*[@data-pagefind-body]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header_search_box(built_site: BuiltSite, lang: str) -> None:
    doc = built_site.page(prefix(lang) + "news/")
    [box] = doc.cssselect("header [role=search]")
    [field] = box.cssselect("input[type=search]")
    labels = box.cssselect(f"label[for='{field.get('id')}']")
    assert len(labels) == 1 and text_of(labels[0]), "the search field has a label"
    assert field.get("placeholder")
    bundle = box.get("data-clamtex-search")
    here = built_site.path(prefix(lang) + "news/").parent
    assert (here / bundle / "pagefind.js").resolve().is_file()
    assert not doc.cssselect(".md-search"), "Material's lunr search is off"
    assert not (built_site.root / "search" / "search_index.json").exists()


def test_search_labels_differ_per_language(built_site: BuiltSite) -> None:
    labels = {text_of(built_site.page(prefix(lang)).cssselect(".clamtex-search label")[0])
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
