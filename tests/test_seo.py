"""What search engines and social networks read, on a built fixture site: canonical and
hreflang, sitemap.xml, robots.txt, Open Graph / Twitter meta, NewsArticle JSON-LD and the
404 pages. The site is tests/sites/multilingual (five languages, some pages untranslated);
which languages a page exists in is read from its files.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from lxml import etree

from clamtex.outputs.seo import script_json
from support import (
    ROOT,
    SITES,
    BuiltSite,
    fixture_site,
    meta_in,
    news_keys,
    page_url,
    run_clamtex,
    site_config,
    site_languages,
    text_of,
)
from support import content_keys as keys_of
from support import translated_in as languages_of

MULTI = SITES / "multilingual"
SITE_URL = site_config(MULTI)["site_url"]
SUBPATH_URL = "https://example.github.io/clamtex/"
LANGUAGES = site_languages(MULTI)
DEFAULT = LANGUAGES[0]
OG_LOCALES = {"en": "en_GB", "es": "es_ES", "ca": "ca_ES", "pt": "pt_PT", "fr": "fr_FR"}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
# A news item the fixture translates into French; the `untranslated` site removes that file.
REMOVED = next(key for key in news_keys(MULTI) if "fr" in languages_of(MULTI, key))
TRANSLATED_NEWS = [(key, lang) for key in news_keys(MULTI) for lang in languages_of(MULTI, key)]


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT else f"{lang}/"


# -- helpers ------------------------------------------------------------------------------


def head_hreflang(doc) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href")
            for link in doc.xpath("//head/link[@rel='alternate'][@hreflang]")}


def canonical(doc) -> str | None:
    links = doc.xpath("//head/link[@rel='canonical']/@href")
    return links[0] if links else None


def meta(doc, name: str) -> list[str]:
    return doc.xpath(f"//head/meta[@property='{name}' or @name='{name}']/@content")


def site_path(site_url: str, absolute: str) -> str:
    """'https://clamtex.eu/es/news/' -> 'es/news/' (relative to the site root)."""
    assert absolute.startswith(site_url), absolute
    return absolute[len(site_url):]


def sitemap(site: BuiltSite) -> dict[str, dict]:
    """loc -> {'lastmod': str|None, 'alternates': {hreflang: href}}."""
    tree = etree.parse(str(site.root / "sitemap.xml"))
    result = {}
    for url in tree.getroot().findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in result, f"{loc} listed twice"
        result[loc] = {
            "lastmod": url.findtext("s:lastmod", namespaces=NS),
            "alternates": {link.get("hreflang"): link.get("href")
                           for link in url.findall("x:link", NS)}}
    return result


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def untranslated(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture with one French item removed, built for a subpath site_url."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("seo") / "project")
    (project / "content" / "fr" / REMOVED).unlink()
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", f"site_url: {SUBPATH_URL}",
                             config.read_text("utf-8")), "utf-8")
    out = project / "site"
    result = run_clamtex("build", "-d", str(out), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(out, result.stdout + result.stderr)
    site.content = project / "content"  # type: ignore[attr-defined]
    return site


# -- canonical and hreflang -----------------------------------------------------------------


@pytest.mark.parametrize(("lang", "key"),
                         [(lang, key) for key in keys_of(MULTI) for lang in LANGUAGES])
def test_pages_declare_their_translations(multilingual_site: BuiltSite, lang: str,
                                          key: str) -> None:
    """A translation: canonical is itself, hreflang lists every translation and x-default.
    A fallback (no translation, or a stub): canonical is the original, no hreflang."""
    doc = multilingual_site.page(prefix(lang) + page_url(key))
    langs = languages_of(MULTI, key)
    if lang not in langs:
        assert canonical(doc) == SITE_URL + page_url(key)
        assert head_hreflang(doc) == {}
        return
    assert canonical(doc) == SITE_URL + prefix(lang) + page_url(key)
    expected = {code: SITE_URL + prefix(code) + page_url(key) for code in langs}
    expected["x-default"] = SITE_URL + page_url(key)
    assert head_hreflang(doc) == expected


def test_the_fixture_has_translations_and_fallbacks() -> None:
    counts = {len(languages_of(MULTI, key)) for key in keys_of(MULTI)}
    assert 1 in counts and len(LANGUAGES) in counts and len(counts) > 2


def test_listing_pages_declare_every_language(multilingual_site: BuiltSite) -> None:
    year = news_keys(MULTI)[0][len("news/"):][:4]
    for path in ("news/", f"news/{year}/"):
        for lang in LANGUAGES:
            doc = multilingual_site.page(prefix(lang) + path)
            assert canonical(doc) == SITE_URL + prefix(lang) + path
            assert set(head_hreflang(doc)) == {*LANGUAGES, "x-default"}


def test_fallback_page_is_not_a_translation(untranslated: BuiltSite) -> None:
    base = SUBPATH_URL
    fallback = untranslated.page("fr/" + page_url(REMOVED))
    assert fallback.get("lang") == "fr"
    assert head_hreflang(fallback) == {}
    assert canonical(fallback) == base + page_url(REMOVED)
    assert meta(fallback, "og:url") == [base + page_url(REMOVED)]
    assert meta(fallback, "og:locale") == ["en_GB"]  # the content shown is the original's
    assert fallback.xpath("//*[@data-pagefind-body]") == [], "fallbacks are not indexed"
    others = [lang for lang in languages_of(MULTI, REMOVED) if lang != "fr"]
    for lang in others:
        doc = untranslated.page(prefix(lang) + page_url(REMOVED))
        links = head_hreflang(doc)
        assert set(links) == {*others, "x-default"}, lang
        assert all(href.startswith(base) for href in links.values())
        assert "fr_FR" not in meta(doc, "og:locale:alternate")


# -- sitemap and robots.txt -------------------------------------------------------------------


def test_one_sitemap_for_the_whole_site(multilingual_site: BuiltSite) -> None:
    built_site = multilingual_site
    assert not (built_site.root / "sitemap.xml.gz").exists(), "stale per-build sitemap"
    for lang in LANGUAGES[1:]:
        assert not (built_site.root / lang / "sitemap.xml").exists()
    urls = sitemap(built_site)
    pages = [p for p in built_site.html_files() if p.name == "index.html"]
    canonical_pages = set()
    for path in pages:
        doc = etree.parse(str(path), etree.HTMLParser()).getroot()
        own = SITE_URL + path.parent.relative_to(built_site.root).as_posix().removeprefix(".")
        own = own if own.endswith("/") else own + "/"
        if canonical(doc) == own:
            canonical_pages.add(own)
            assert urls[own]["alternates"] == head_hreflang(doc), own
    assert set(urls) == canonical_pages


@pytest.mark.parametrize("key", news_keys(MULTI))
def test_sitemap_lastmod_is_the_news_date(multilingual_site: BuiltSite, key: str) -> None:
    date = str(meta_in(MULTI, DEFAULT, key)["date"])
    urls = sitemap(multilingual_site)
    for lang in languages_of(MULTI, key):
        assert urls[SITE_URL + prefix(lang) + page_url(key)]["lastmod"] == date


def test_sitemap_leaves_out_fallbacks_with_subpath(untranslated: BuiltSite) -> None:
    urls = sitemap(untranslated)
    assert all(loc.startswith(SUBPATH_URL) for loc in urls)
    assert SUBPATH_URL + "fr/" + page_url(REMOVED) not in urls
    entry = urls[SUBPATH_URL + page_url(REMOVED)]
    assert set(entry["alternates"]) == {*languages_of(MULTI, REMOVED), "x-default"} - {"fr"}
    for loc in urls:
        assert untranslated.path(site_path(SUBPATH_URL, loc)).is_file(), loc


@pytest.mark.parametrize(("fixture", "site_url"),
                         [("multilingual_site", SITE_URL), ("untranslated", SUBPATH_URL)])
def test_robots_points_at_the_sitemap(request: pytest.FixtureRequest, fixture: str,
                                      site_url: str) -> None:
    site: BuiltSite = request.getfixturevalue(fixture)
    robots = (site.root / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {site_url}sitemap.xml" in robots.splitlines()
    assert "Disallow: /\n" not in robots


# -- Open Graph, Twitter card, JSON-LD ------------------------------------------------------


@pytest.mark.parametrize(("key", "lang"), TRANSLATED_NEWS)
def test_article_social_meta(multilingual_site: BuiltSite, key: str, lang: str) -> None:
    built_site = multilingual_site
    doc = built_site.page(prefix(lang) + page_url(key))
    fm = meta_in(MULTI, lang, key)
    url = SITE_URL + prefix(lang) + page_url(key)
    assert meta(doc, "og:title") == [fm["title"]] == meta(doc, "twitter:title")
    assert meta(doc, "og:title") == [text_of(doc.find(".//h1"))]
    assert meta(doc, "og:description") == [" ".join(fm["summary"].split())]
    assert meta(doc, "og:url") == [url]
    assert meta(doc, "og:type") == ["article"]
    assert meta(doc, "og:locale") == [OG_LOCALES[lang]]
    others = [OG_LOCALES[code] for code in languages_of(MULTI, key) if code != lang]
    assert meta(doc, "og:locale:alternate") == others
    assert meta(doc, "twitter:card") == ["summary_large_image"]
    [image] = meta(doc, "og:image")
    assert image.startswith(SITE_URL)
    assert meta(doc, "twitter:image") == [image]
    assert png_size(built_site.root / site_path(SITE_URL, image)) == (1200, 630)


@pytest.mark.parametrize("lang", languages_of(MULTI, "about.md"))
def test_page_social_meta(multilingual_site: BuiltSite, lang: str) -> None:
    doc = multilingual_site.page(prefix(lang) + "about/")
    fm = meta_in(MULTI, lang, "about.md")
    assert meta(doc, "og:type") == ["website"]
    assert meta(doc, "og:title") == [fm["title"]]
    assert meta(doc, "og:description") == [" ".join(fm["summary"].split())]
    assert meta(doc, "og:url") == [SITE_URL + prefix(lang) + "about/"]
    assert meta(doc, "og:locale") == [OG_LOCALES[lang]]
    assert doc.xpath("//script[@type='application/ld+json']") == []


@pytest.mark.parametrize(("key", "lang"), TRANSLATED_NEWS)
def test_news_article_json_ld(multilingual_site: BuiltSite, key: str, lang: str) -> None:
    doc = multilingual_site.page(prefix(lang) + page_url(key))
    scripts = doc.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1
    raw = scripts[0].text
    assert "<" not in raw and ">" not in raw and "&" not in raw
    data = json.loads(raw)
    fm = meta_in(MULTI, lang, key)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == fm["title"]
    assert data["datePublished"] == str(fm["date"])
    assert data["inLanguage"] == lang
    assert data["url"] == SITE_URL + prefix(lang) + page_url(key)
    assert data["image"] == meta(doc, "og:image")
    assert data["publisher"]["@type"] == "Organization"
    # No project.acronym in the fixture's mkdocs.yml: the publisher is its site_name.
    assert data["publisher"]["name"] == "Fixture Multilingual"


def test_json_ld_cannot_close_its_script() -> None:
    text = script_json({"headline": "</script><script>alert('x & y')</script>"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"headline": "</script><script>alert('x & y')</script>"}


# -- 404 pages --------------------------------------------------------------------------------


def strings(lang: str) -> dict:
    path = ROOT / "plugins" / "clamtex" / "locales" / f"{lang}.yml"
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.mark.parametrize(("fixture", "site_url"),
                         [("multilingual_site", SITE_URL), ("untranslated", SUBPATH_URL)])
def test_root_404_speaks_every_language(request: pytest.FixtureRequest, fixture: str,
                                        site_url: str) -> None:
    site: BuiltSite = request.getfixturevalue(fixture)
    base = urlsplit(site_url).path
    doc = site.page("404.html")
    assert doc.get("lang") == DEFAULT
    assert meta(doc, "robots") == ["noindex"]
    assert canonical(doc) is None and head_hreflang(doc) == {}
    sections = doc.cssselect("section.clamtex-404")
    assert [s.get("lang") for s in sections] == list(LANGUAGES)
    for section in sections:
        lang = section.get("lang")
        ui = strings(lang)["ui"]
        assert (section.get("hidden") is None) == (lang == DEFAULT)
        assert text_of(section.find("h1")) == ui["not_found_title"]
        [link] = section.cssselect("a")
        assert link.get("href") == base + prefix(lang)
        assert text_of(link) == ui["not_found_home"]
    script = " ".join(doc.xpath("//script[not(@src)]/text()"))
    assert f"var base = {json.dumps(base)};" in script
    funding = json.loads(re.search(r"var funding = (\{.*?\})\[lang\];", script)[1])
    for lang in LANGUAGES:
        wording = strings(lang)["funding"]["cosme"]
        assert funding[lang]["statement"] == " ".join(wording["statement"].split())
        assert funding[lang]["disclaimer"] == " ".join(wording["disclaimer"].split())
    for href in doc.xpath("//a/@href | //link/@href | //script/@src | //img/@src"):
        assert href.startswith(("/", "http", "#")), f"relative link in 404.html: {href}"
        if href.startswith("/"):
            assert href.startswith(base), href


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_language_404_pages(multilingual_site: BuiltSite, lang: str) -> None:
    doc = multilingual_site.page(f"{lang}/404.html")
    ui = strings(lang)["ui"]
    assert doc.get("lang") == lang
    assert [s.get("lang") for s in doc.cssselect("section.clamtex-404")] == [lang]
    assert text_of(doc.find(".//h1")) == ui["not_found_title"]
    assert doc.cssselect("section.clamtex-404 a")[0].get("href") == "/" + prefix(lang)
    statement = strings(lang)["funding"]["cosme"]["statement"]
    assert text_of(doc.cssselect(".clamtex-funding__statement")[0]) == " ".join(statement.split())
    for href in doc.xpath("//a/@href | //link/@href | //script/@src | //img/@src"):
        assert href.startswith(("/", "http", "#")), f"relative link in {lang}/404.html: {href}"


def test_404_pages_are_not_in_the_sitemap(multilingual_site: BuiltSite) -> None:
    assert not any("404" in loc for loc in sitemap(multilingual_site))

