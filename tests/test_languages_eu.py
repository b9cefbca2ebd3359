"""UI strings for more official EU languages: one site with English and eleven others
shows each language's own interface text on its home page, never English."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from support import BuiltSite, build_site, edit_file, fixture_site, text_of

LANGUAGES = ("de", "it", "pl", "el", "nl", "da", "sv", "fi", "et", "lv", "lt")
LOCALES = Path(__file__).resolve().parent.parent / "plugins" / "clamtex" / "locales"


def _strings(lang: str) -> dict:
    return yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The minimal fixture with its languages set to en plus the eleven (content falls
    back to English: the interface around it must not)."""
    project = fixture_site("minimal", tmp_path_factory.mktemp("eu-languages"))
    entries = "".join(f"        - locale: {lang}\n"
                      f"          name: {_strings(lang)['language_name']}\n"
                      "          build: true\n" for lang in LANGUAGES)
    edit_file(project / "mkdocs.yml", "          default: true\n          build: true\n",
              "          default: true\n          build: true\n" + entries)
    labels = "".join(f"          {lang}: Tag {lang}\n" for lang in LANGUAGES)
    edit_file(project / "mkdocs.yml", "          en: Meetings\n",
              "          en: Meetings\n" + labels)
    return build_site(project)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_interface_is_in_its_language(site: BuiltSite, lang: str) -> None:
    strings, english = _strings(lang), _strings("en")
    page = site.page(f"{lang}/")
    assert page.get("lang") == lang
    # What the page shows -> the UI string (a key under ui:) it must be.
    shown = {
        "legal.footer_label": page.xpath("//nav[@class='clamtex-footer-links']/@aria-label"),
        "search": [text_of(e) for e in page.xpath("//label[@class='clamtex-search__label']")],
        "search_placeholder": page.xpath("//input[@id='clamtex-search-input']/@placeholder"),
        "funding_label": page.xpath("//section[contains(@class, 'clamtex-funding')]"
                                    "/@aria-label"),
    }
    for key, found in shown.items():
        want, english_text = strings["ui"], english["ui"]
        for part in key.split("."):
            want, english_text = want[part], english_text[part]
        assert want != english_text, f"{lang}: ui.{key} is the English text"
        assert found == [want], f"{lang}: ui.{key}"
    switcher = text_of(page.xpath("//*[contains(@class, 'clamtex-languages__button')]")[0])
    assert switcher.startswith(strings["ui"]["choose_language"] + ":")
    assert strings["language_name"] in switcher
    statement = text_of(page.xpath("//p[@class='clamtex-funding__statement']")[0])
    assert statement == strings["funding"]["cosme"]["statement"]
    assert statement != english["funding"]["cosme"]["statement"]
