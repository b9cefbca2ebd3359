"""Partner profiles on the built site: cards, facts in the visitor's language, related news."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import LANGUAGES, BuiltSite, edit_file, prefix, run_clamtex, text_of

ORDER = ["aei-textils", "ateval", "produtech", "textile-cluster", "emc2"]
SPAIN = {"en": "Spain", "es": "España", "ca": "Espanya", "pt": "Espanha", "fr": "Espagne"}
PORTUGAL = {"en": "Portugal", "es": "Portugal", "ca": "Portugal", "pt": "Portugal",
            "fr": "Portugal"}
CATALONIA = {"en": "Catalonia", "es": "Cataluña", "ca": "Catalunya", "pt": "Catalunha",
             "fr": "Catalogne"}
VALENCIA = {"en": "Valencian Community", "es": "Comunidad Valenciana",
            "ca": "Comunitat Valenciana", "pt": "Comunidade Valenciana",
            "fr": "Communauté valencienne"}
FRANCE = {"en": "France", "es": "Francia", "ca": "França", "pt": "França", "fr": "France"}


def card_ids(doc) -> list[str]:
    return [a.get("href").rstrip("/").rsplit("/", 1)[-1]
            for a in doc.cssselect(".clamtex-partner-card__name a")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_partners_page_has_five_cards_in_order(built_site: BuiltSite, lang: str) -> None:
    doc = built_site.page(prefix(lang) + "partners/")
    assert card_ids(doc) == ORDER
    for card in doc.cssselect(".clamtex-partner-card"):
        logo = card.cssselect("img.clamtex-partner-card__logo")[0]
        assert logo.get("alt")
        assert (built_site.path(prefix(lang) + "partners/").parent / logo.get("src")).is_file()
        assert text_of(card.cssselect(".clamtex-partner-card__summary")[0])
    coordinator = text_of(doc.cssselect(".clamtex-partner-card__place")[0])
    assert SPAIN[lang] in coordinator


@pytest.mark.parametrize("lang", LANGUAGES)
def test_country_names_come_from_cldr(built_site: BuiltSite, lang: str) -> None:
    places = {pid: text_of(built_site.page(prefix(lang) + f"partners/{pid}/")
                           .cssselect(".clamtex-partner__facts dd")[0]) for pid in ORDER}
    assert places["ateval"].endswith(SPAIN[lang])
    assert places["produtech"] == PORTUGAL[lang]
    assert places["emc2"].endswith(FRANCE[lang])
    # Region names as mkdocs.yml gives them per language (pycountry has none: docs/regions.md).
    assert places["aei-textils"].startswith(CATALONIA[lang])
    assert places["ateval"].startswith(VALENCIA[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_profile_lists_related_news_newest_first(built_site: BuiltSite, lang: str) -> None:
    doc = built_site.page(prefix(lang) + "partners/emc2/")
    links = [a.get("href") for a in doc.cssselect(".clamtex-partner__news .clamtex-card a")]
    assert links == ["../../news/2020-06-30-second-project-meeting/",
                     "../../news/2020-03-04-kick-off-meeting/"]
    times = [t.get("datetime") for t in doc.cssselect(".clamtex-partner__news time")]
    assert times == ["2020-06-30", "2020-03-04"]


def test_articles_link_their_partners(built_site: BuiltSite) -> None:
    doc = built_site.page("pt/news/2020-06-30-second-project-meeting/")
    partners = [a.get("href") for a in doc.cssselect(".clamtex-article__facts a")
                if "partners" in a.get("href")]
    assert partners == [f"../../partners/{pid}/" for pid in ORDER]


def test_logos_are_never_larger_than_the_emblem(built_site: BuiltSite) -> None:
    for path in built_site.html_files():
        doc = built_site.page(path.relative_to(built_site.root).as_posix())
        emblem = doc.cssselect(".clamtex-funding__emblem")[0]
        for logo in doc.cssselect(".clamtex-partner-card__logo, .clamtex-partner__logo"):
            assert int(logo.get("height")) <= int(emblem.get("height")) * 4 / 3


def test_organization_json_ld(built_site: BuiltSite) -> None:
    doc = built_site.page("fr/partners/ateval/")
    [script] = doc.cssselect('script[type="application/ld+json"].clamtex-organization')
    data = json.loads(script.text)
    assert data["@type"] == "Organization"
    assert data["name"] == "ATEVAL"
    assert data["address"]["addressCountry"] == "ES"
    assert data["url"] == "https://clamtex.eu/fr/partners/ateval/"


def test_unknown_partner_fails_the_build(project: Path) -> None:
    edit_file(project / "content/en/news/2020-03-04-kick-off-meeting.md",
              "partners: [", "partners: [acme, ")
    result = run_clamtex("build", "-d", str(project / "out"), cwd=project)
    assert result.returncode == 1
    assert "content/en/news/2020-03-04-kick-off-meeting.md:" in result.stderr
    assert "partners: unknown partner 'acme'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "out").exists()


def test_replacing_a_logo_is_one_file_and_one_line(project: Path) -> None:
    logo = project / "content/assets/partners/real-emc2.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3 2"/>\n')
    edit_file(project / "content/en/partners/emc2.md", "logo: assets/partners/emc2.svg",
              "logo: assets/partners/real-emc2.svg")
    out = project / "out"
    assert run_clamtex("build", "-d", str(out), cwd=project).returncode == 0
    page = (out / "es/partners/emc2/index.html").read_text(encoding="utf-8")
    assert "assets/partners/real-emc2.svg" in page
