"""The five-language site as visitors get it: pages, languages, switcher, titles, strictness."""

from __future__ import annotations

import re

import pytest
import yaml

from support import DEFAULT, LANGUAGES, ROOT, BuiltSite, prefix, text_of

CONTENT = ROOT / "content"
NAMES = {"en": "English", "es": "Español", "ca": "Català", "pt": "Português", "fr": "Français"}


def page_url(key: str) -> str:
    stem = key.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else f"{stem}/"


def content_keys() -> list[str]:
    base = CONTENT / DEFAULT
    return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.md"))


def front_matter(lang: str, key: str) -> dict:
    text = (CONTENT / lang / key).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1]) or {}


PAGES = [(lang, key) for lang in LANGUAGES for key in content_keys()]


def test_every_language_has_every_content_page(built_site: BuiltSite) -> None:
    for lang, key in PAGES:
        assert built_site.path(prefix(lang) + page_url(key)).is_file(), (lang, key)


@pytest.mark.parametrize(("lang", "key"), PAGES)
def test_page_language_and_title(built_site: BuiltSite, lang: str, key: str) -> None:
    doc = built_site.page(prefix(lang) + page_url(key))
    assert doc.get("lang") == lang
    meta = front_matter(DEFAULT, key) | front_matter(lang, key)
    title = meta.get("title") or meta.get("name")
    assert text_of(doc.find(".//h1")) == title
    assert doc.findtext(".//title").startswith(title)


@pytest.mark.parametrize(("lang", "key"), PAGES)
def test_switcher_leads_to_the_same_page(built_site: BuiltSite, lang: str, key: str) -> None:
    doc = built_site.page(prefix(lang) + page_url(key))
    links = doc.cssselect(".clamtex-languages a.md-select__link")
    assert [text_of(a) for a in links] == [NAMES[code] for code in LANGUAGES]
    here = built_site.path(prefix(lang) + page_url(key)).parent
    for link in links:
        target = (here / link.get("href")).resolve()
        expected = built_site.path(prefix(link.get("hreflang")) + page_url(key)).parent.resolve()
        assert target == expected, (lang, key, link.get("href"))
        assert (link.get("aria-current") == "true") == (link.get("hreflang") == lang)


def test_nav_labels_are_translated(built_site: BuiltSite) -> None:
    expected = {"en": "The project", "es": "El proyecto", "ca": "El projecte",
                "pt": "O projeto", "fr": "Le projet"}
    for lang, label in expected.items():
        tabs = [text_of(a) for a in built_site.page(prefix(lang)).cssselect(".md-tabs__link")]
        assert label in tabs, (lang, tabs)


def test_build_is_strict_clean(built_site: BuiltSite) -> None:
    assert "WARNING" not in built_site.output
    assert "ERROR" not in built_site.output


def test_no_third_party_resources(built_site: BuiltSite) -> None:
    """No fonts, scripts, styles or images from other hosts (privacy, GDPR)."""
    pattern = re.compile(r'<(?:link|script|img|iframe|source)\b[^>]*\b(?:src|href)="(?:https?:)?//',
                         re.I)
    for path in built_site.html_files():
        html = path.read_text(encoding="utf-8")
        for match in pattern.finditer(html):
            tag = match.group(0)
            assert 'rel="canonical"' in tag or 'rel="alternate"' in tag, (path, tag)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path


def test_home_shows_purpose_news_and_partners(built_site: BuiltSite) -> None:
    for lang in LANGUAGES:
        doc = built_site.page(prefix(lang))
        assert doc.cssselect(".clamtex-hero h1")
        assert len(doc.cssselect(".clamtex-home__news .clamtex-card")) == 2
        assert len(doc.cssselect(".clamtex-home__partners .clamtex-partner-card")) == 5
