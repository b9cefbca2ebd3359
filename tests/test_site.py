"""A multilingual site as visitors get it: pages, languages, switcher, titles, navigation.

Built from the fixture sites (tests/sites/multilingual, five languages, and
tests/sites/edge-cases); what each page must show is read from the fixture's own files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clamtex.config import ClamtexConfig
from support import (
    SITES,
    BuiltSite,
    content_keys,
    meta_in,
    page_url,
    plugin_options,
    published_news,
    site_config,
    site_languages,
    text_of,
    translated_in,
)

MULTI = SITES / "multilingual"
EDGE = SITES / "edge-cases"
LANGS = site_languages(MULTI)
NAMES = {lang["locale"]: lang["name"] for lang in plugin_options(MULTI, "i18n")["languages"]}


def prefix(lang: str, project: Path = MULTI) -> str:
    return "" if lang == site_languages(project)[0] else f"{lang}/"


PAGES = [(lang, key) for lang in LANGS for key in content_keys(MULTI)]


def test_every_language_has_every_content_page(multilingual_site: BuiltSite) -> None:
    for lang, key in PAGES:
        assert multilingual_site.path(prefix(lang) + page_url(key)).is_file(), (lang, key)


@pytest.mark.parametrize(("lang", "key"), PAGES)
def test_page_language_and_title(multilingual_site: BuiltSite, lang: str, key: str) -> None:
    """The page speaks its language; the title is its translation's, or the original's."""
    doc = multilingual_site.page(prefix(lang) + page_url(key))
    assert doc.get("lang") == lang
    meta = meta_in(MULTI, lang, key)
    title = meta.get("title") or meta.get("name")
    assert text_of(doc.find(".//h1")) == title
    assert doc.findtext(".//title").startswith(title)


@pytest.mark.parametrize(("lang", "key"), PAGES)
def test_switcher_leads_to_the_same_page(multilingual_site: BuiltSite, lang: str,
                                         key: str) -> None:
    doc = multilingual_site.page(prefix(lang) + page_url(key))
    links = doc.cssselect(".clamtex-languages a.md-select__link")
    assert [text_of(a) for a in links] == [NAMES[code] for code in LANGS]
    here = multilingual_site.path(prefix(lang) + page_url(key)).parent
    for link in links:
        target = (here / link.get("href")).resolve()
        expected = multilingual_site.path(prefix(link.get("hreflang")) + page_url(key))
        assert target == expected.parent.resolve(), (lang, key, link.get("href"))
        assert (link.get("aria-current") == "true") == (link.get("hreflang") == lang)


def test_nav_labels_are_translated(multilingual_site: BuiltSite) -> None:
    """Each language's menu shows its nav_translations (the fixture translates every label)."""
    default_labels = [next(iter(entry)) for entry in site_config(MULTI)["nav"]]
    for language in plugin_options(MULTI, "i18n")["languages"]:
        labels = language.get("nav_translations") or {}
        doc = multilingual_site.page(prefix(language["locale"]))
        menu = [text_of(a) for a in doc.cssselect(".md-nav--primary a.md-nav__link")]
        assert menu == [labels.get(label, label) for label in default_labels], menu


@pytest.mark.parametrize("fixture", ["minimal_site", "multilingual_site", "edge_site"])
def test_build_is_strict_clean(request: pytest.FixtureRequest, fixture: str) -> None:
    site: BuiltSite = request.getfixturevalue(fixture)
    assert "WARNING" not in site.output
    assert "ERROR" not in site.output


def test_no_third_party_resources(multilingual_site: BuiltSite) -> None:
    """No fonts, scripts, styles or images from other hosts (privacy, GDPR)."""
    pattern = re.compile(r'<(?:link|script|img|iframe|source)\b[^>]*\b(?:src|href)="(?:https?:)?//',
                         re.I)
    for path in multilingual_site.html_files():
        html = path.read_text(encoding="utf-8")
        for match in pattern.finditer(html):
            tag = match.group(0)
            assert 'rel="canonical"' in tag or 'rel="alternate"' in tag, (path, tag)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path


@pytest.mark.parametrize("lang", site_languages(EDGE))
def test_home_shows_latest_news_and_every_partner(edge_site: BuiltSite, lang: str) -> None:
    """The home page: the newest published items (home_news_count), every partner in order."""
    options = plugin_options(EDGE, "clamtex")
    count = options.get("home_news_count", ClamtexConfig.home_news_count.default)
    doc = edge_site.page(prefix(lang, EDGE))
    assert doc.cssselect(".clamtex-hero h1")
    cards = doc.cssselect(".clamtex-home__news .clamtex-card__title a")
    assert [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in cards] == [
        key.removeprefix("news/").removesuffix(".md") for key in published_news(EDGE)[:count]]
    partners = doc.cssselect(".clamtex-home__partners .clamtex-partner-card__name a")
    assert [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in partners] == \
        options["partners_order"]


@pytest.mark.parametrize("lang", site_languages(EDGE)[1:])
def test_untranslated_page_is_shown_with_a_notice(edge_site: BuiltSite, lang: str) -> None:
    """A page without a translation (or with a stub) is the original, marked as such."""
    default = site_languages(EDGE)[0]
    fallbacks = [key for key in content_keys(EDGE) if lang not in translated_in(EDGE, key)
                 and not key.startswith("news/")]
    assert fallbacks, "the fixture has an untranslated page"
    for key in fallbacks:
        doc = edge_site.page(prefix(lang, EDGE) + page_url(key))
        assert doc.get("lang") == lang
        assert doc.cssselect(".clamtex-notice"), key
        meta = meta_in(EDGE, default, key)
        assert text_of(doc.find(".//h1")) == (meta.get("title") or meta.get("name"))
        # The nearest element with a lang above the title says which language it is in.
        assert doc.xpath("//h1/ancestor-or-self::*[@lang][1]/@lang") == [default], key
    for key in content_keys(EDGE):
        if lang in translated_in(EDGE, key) and not key.startswith("news/"):
            assert not edge_site.page(prefix(lang, EDGE) + page_url(key)) \
                .cssselect(".clamtex-notice"), key
