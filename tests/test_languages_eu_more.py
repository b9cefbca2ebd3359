"""UI strings of cs sk sl hr hu ro bg mt ga eu gl: a site in all of them shows each
language's own interface text (from its locale file), never English."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from support import BuiltSite, build_site, edit_file, fixture_site, prefix, text_of

LOCALES = Path(__file__).resolve().parent.parent / "plugins" / "clamtex" / "locales"
# Official EU languages, plus Basque and Galician (no official EU wording).
LANGUAGES = ("cs", "sk", "sl", "hr", "hu", "ro", "bg", "mt", "ga", "eu", "gl")


def locale_file(lang: str) -> dict:
    return yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The minimal fixture with English plus the eleven languages, built once."""
    project = fixture_site("minimal", tmp_path_factory.mktemp("eu-more"))
    entries = "".join(
        f"        - locale: {lang}\n          name: {locale_file(lang)['language_name']}\n"
        "          build: true\n" for lang in LANGUAGES)
    edit_file(project / "mkdocs.yml", "          default: true\n          build: true\n",
              "          default: true\n          build: true\n" + entries)
    # Every tag needs a label in every language (else `check` reports it).
    labels = "".join(f"          {lang}: Meetings ({lang})\n" for lang in LANGUAGES)
    edit_file(project / "mkdocs.yml", "          en: Meetings\n",
              "          en: Meetings\n" + labels)
    return build_site(project)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_speaks_the_language(site: BuiltSite, lang: str) -> None:
    strings, english = locale_file(lang)["ui"], locale_file("en")["ui"]
    page = site.page(prefix(lang))
    assert page.get("lang") == lang
    search = page.xpath("//input[@name='q' or @type='search']/@placeholder")
    assert search == [strings["search_placeholder"]] != [english["search_placeholder"]]
    footer = page.xpath("//nav[contains(@class, 'clamtex-footer-links')]/@aria-label")
    assert footer == [strings["legal"]["footer_label"]]
    assert footer != [english["legal"]["footer_label"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_funding_notice_is_in_the_language(site: BuiltSite, lang: str) -> None:
    """The fixture's programme (cosme): its statement and disclaimer from the locale file."""
    wording, english = locale_file(lang)["funding"]["cosme"], locale_file("en")["funding"]["cosme"]
    page = site.page(prefix(lang))
    section = page.xpath("//section[contains(@class, 'clamtex-funding')]")
    assert len(section) == 1
    assert section[0].get("aria-label") == locale_file(lang)["ui"]["funding_label"]
    for name in ("statement", "disclaimer"):
        [shown] = section[0].xpath(f".//p[contains(@class, 'clamtex-funding__{name}')]")
        assert text_of(shown) == " ".join(wording[name].split()) != english[name]
