"""Two other EU projects started with `clamtex init`: a Horizon Europe one (en, de, it, pl;
eight partners; funded, REA) and a 2014-2020 Erasmus+ one (en, fr, el). Both build, pass
check-site, and show each language's own interface text and funding wording; the browser
checks on the first are in tests/browser/test_init_site_browser.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from support import ROOT, BuiltSite, run_clamtex, text_of

LOCALES = ROOT / "plugins" / "clamtex" / "locales"
HORIZON = ["--name", "Circular Textiles for Europe", "--acronym", "CIRCTEX",
           "--url", "https://circtex.example.eu/", "--languages", "en,de,it,pl",
           "--programme", "funded", "--authority", "rea",
           "--grant-agreement", "101135000",
           "--partner", "tum:Technical Lab Munich:DE:coordinator",
           "--partner", "polimi:Milan Design Institute:IT:beneficiary",
           "--partner", "lodz:Lodz Textile Centre:PL:beneficiary",
           "--partner", "gent:Ghent Fibre Lab:BE:beneficiary",
           "--partner", "porto:Porto Weaving Hub:PT:beneficiary",
           "--partner", "brno:Brno Materials:CZ:beneficiary",
           "--partner", "tumint:Munich Transfer GmbH:DE:affiliated_entity",
           "--partner", "zurich:Zurich Textile School:CH:associated_partner"]
ERASMUS = ["--name", "Teachers of Crafts", "--acronym", "TEACRAFT",
           "--url", "https://teacraft.example.org/", "--languages", "en,fr,el",
           "--programme", "erasmus-plus",
           "--partner", "lyon:Lyon Crafts School:FR:coordinator",
           "--partner", "athens:Athens Vocational Centre:GR:beneficiary"]


def strings(lang: str) -> dict:
    return yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))


def init_and_build(tmp: Path, name: str, flags: list[str]) -> BuiltSite:
    project = tmp / name
    made = run_clamtex("init", str(project), *flags, cwd=tmp)
    assert made.returncode == 0, made.stdout + made.stderr
    built = run_clamtex("build", "-d", "out", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    checked = run_clamtex("check-site", "out", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return BuiltSite(project / "out")


@pytest.fixture(scope="module")
def horizon(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return init_and_build(tmp_path_factory.mktemp("horizon"), "circtex", HORIZON)


@pytest.fixture(scope="module")
def erasmus(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return init_and_build(tmp_path_factory.mktemp("erasmus"), "teacraft", ERASMUS)


def footer(site: BuiltSite, url: str) -> str:
    return text_of(site.page(url).xpath("//footer")[0])


@pytest.mark.parametrize("lang", ["de", "it", "pl"])
def test_horizon_pages_speak_their_language(horizon: BuiltSite, lang: str) -> None:
    words = strings(lang)
    home = horizon.page(f"{lang}/")
    assert home.get("lang") == lang
    [nav] = home.xpath("//nav[contains(@class,'clamtex-footer-links')]")
    assert nav.get("aria-label") == words["ui"]["legal"]["footer_label"]
    assert words["ui"]["legal"]["footer_label"] != strings("en")["ui"]["legal"]["footer_label"]
    text = footer(horizon, f"{lang}/")
    assert words["funding"]["funded"]["statement"] in text
    assert " ".join(words["authorities"]["rea"].split()) in text  # the disclaimer names REA
    assert "{authority}" not in text


def test_horizon_lists_eight_partners_with_their_roles(horizon: BuiltSite) -> None:
    page = horizon.page("de/partners/")
    cards = page.xpath("//*[contains(@class,'clamtex-partner-card__name')]")
    assert len(cards) == 8
    roles = text_of(page)
    for role in ("role_coordinator", "role_affiliated_entity", "role_associated_partner"):
        assert strings("de")["ui"][role] in roles, role


def test_erasmus_pages_speak_greek_and_french(erasmus: BuiltSite) -> None:
    for lang in ("el", "fr"):
        words = strings(lang)
        assert erasmus.page(f"{lang}/").get("lang") == lang
        text = footer(erasmus, f"{lang}/")
        assert words["funding"]["erasmus-plus"]["statement"] in text
        placeholder = erasmus.page(f"{lang}/").xpath(
            "//input[@id='clamtex-search-input']/@placeholder")
        assert placeholder == [words["ui"]["search_placeholder"]]
        assert placeholder != [strings("en")["ui"]["search_placeholder"]]
    greek = text_of(erasmus.page("el/"))
    assert any("\u0370" <= char <= "\u03ff" for char in greek)  # Greek letters on the page
