"""Partner profiles on a built fixture site: cards, facts in the visitor's language, news.

The site is tests/sites/edge-cases (en es fr): alpha has every field, beta only the
required ones (its French file is a stub), gamma is not translated. The order, names and
summaries expected are read from the fixture's mkdocs.yml and front matter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import (
    SITES,
    BuiltSite,
    edit_file,
    fixture_site,
    meta_in,
    plugin_options,
    published_news,
    run_clamtex,
    site_config,
    site_languages,
    slug_of,
    text_of,
    translated_in,
)

EDGE = SITES / "edge-cases"
LANGS = site_languages(EDGE)
ORDER = plugin_options(EDGE, "clamtex")["partners_order"]
# CLDR names of the fixture's countries (checked against the fixture below).
COUNTRIES = {"ES": {"en": "Spain", "es": "España", "fr": "Espagne"},
             "PT": {"en": "Portugal", "es": "Portugal", "fr": "Portugal"},
             "FR": {"en": "France", "es": "Francia", "fr": "France"}}
REGIONS = {"ES-CT": "Catalunya", "FR-ARA": "Auvergne-Rhône-Alpes"}  # ISO 3166-2 names


def prefix(lang: str) -> str:
    return "" if lang == LANGS[0] else f"{lang}/"


def partner(pid: str, lang: str = LANGS[0]) -> dict:
    return meta_in(EDGE, lang, f"partners/{pid}.md")


def card_ids(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [slug_of(a.get("href")) for a in doc.cssselect(".clamtex-partner-card__name a")]


def test_the_fixture_covers_what_these_tests_need() -> None:
    assert sorted(ORDER) != ORDER, "the order is not the file names' order"
    fields = set(partner("alpha"))
    assert {"acronym", "full_name", "region", "city", "website", "role", "summary"} <= fields
    assert [pid for pid in ORDER if translated_in(EDGE, f"partners/{pid}.md") == [LANGS[0]]]
    assert {partner(pid)["country"] for pid in ORDER} <= set(COUNTRIES)


@pytest.mark.parametrize("lang", LANGS)
def test_partners_page_lists_every_partner_in_order(edge_site: BuiltSite, lang: str) -> None:
    doc = edge_site.page(prefix(lang) + "partners/")
    assert card_ids(doc) == ORDER
    for pid, card in zip(ORDER, doc.cssselect(".clamtex-partner-card"), strict=True):
        meta = partner(pid, lang)
        logo = card.cssselect("img.clamtex-partner-card__logo")[0]
        assert logo.get("alt") == meta["logo_alt"]
        assert (edge_site.path(prefix(lang) + "partners/").parent / logo.get("src")).is_file()
        assert text_of(card.cssselect(".clamtex-partner-card__name")[0]) == meta["name"]
        summary = card.cssselect(".clamtex-partner-card__summary")
        assert [text_of(s) for s in summary] == ([meta["summary"]] if "summary" in meta else [])
        translated = lang in translated_in(EDGE, f"partners/{pid}.md")
        assert card.get("lang") == (None if translated else LANGS[0]), pid


@pytest.mark.parametrize("lang", LANGS)
def test_place_names_come_from_cldr_and_iso(edge_site: BuiltSite, lang: str) -> None:
    for pid in ORDER:
        meta = partner(pid)
        facts = edge_site.page(prefix(lang) + f"partners/{pid}/") \
            .cssselect(".clamtex-partner__facts dd")
        place = [meta[k] for k in ("city",) if k in meta]
        place += [REGIONS[meta["region"]]] if "region" in meta else []
        place.append(COUNTRIES[meta["country"]][lang])
        assert text_of(facts[0]) == ", ".join(place), pid


@pytest.mark.parametrize("lang", LANGS)
def test_profile_lists_related_news_newest_first(edge_site: BuiltSite, lang: str) -> None:
    for pid in ORDER:
        related = [key for key in published_news(EDGE)
                   if pid in (meta_in(EDGE, LANGS[0], key).get("partners") or [])]
        doc = edge_site.page(prefix(lang) + f"partners/{pid}/")
        cards = doc.cssselect(".clamtex-partner__news .clamtex-card__title a")
        links = [a.get("href") for a in cards]
        assert links == [f"../../{key.removesuffix('.md')}/" for key in related], pid
        times = [t.get("datetime") for t in doc.cssselect(".clamtex-partner__news time")]
        assert times == [str(meta_in(EDGE, LANGS[0], key)["date"]) for key in related]


def test_articles_link_their_partners_in_their_order(edge_site: BuiltSite) -> None:
    for key in published_news(EDGE):
        partners = meta_in(EDGE, LANGS[0], key).get("partners") or []
        doc = edge_site.page(f"{prefix(LANGS[-1])}{key.removesuffix('.md')}/")
        links = [a.get("href") for a in doc.cssselect(".clamtex-article__facts a")
                 if "partners/" in a.get("href")]
        assert links == [f"../../partners/{pid}/" for pid in partners], key


@pytest.mark.parametrize("lang", LANGS)
def test_untranslated_partner_is_shown_with_a_notice(edge_site: BuiltSite, lang: str) -> None:
    for pid in ORDER:
        doc = edge_site.page(prefix(lang) + f"partners/{pid}/")
        translated = lang in translated_in(EDGE, f"partners/{pid}.md")
        assert bool(doc.cssselect(".clamtex-notice")) == (not translated), pid
        [article] = doc.cssselect("article.clamtex-partner")
        assert article.get("lang") == (None if translated else LANGS[0]), pid


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pid", ORDER)
def test_organization_json_ld(edge_site: BuiltSite, pid: str, lang: str) -> None:
    """schema.org Organization: every field the partner has, and none it has not."""
    meta = partner(pid, lang)
    doc = edge_site.page(prefix(lang) + f"partners/{pid}/")
    [script] = doc.cssselect('script[type="application/ld+json"].clamtex-organization')
    data = json.loads(script.text)
    base = site_config(EDGE)["site_url"]
    translated = lang in translated_in(EDGE, f"partners/{pid}.md")
    address = {"@type": "PostalAddress", "addressCountry": meta["country"]}
    if "region" in meta:
        address["addressRegion"] = REGIONS[meta["region"]]
    if "city" in meta:
        address["addressLocality"] = meta["city"]
    expected = {"@context": "https://schema.org", "@type": "Organization", "name": meta["name"],
                "url": base + (prefix(lang) if translated else "") + f"partners/{pid}/",
                "logo": base + meta["logo"], "address": address}
    optional = {"legalName": meta.get("full_name"), "description": meta.get("summary"),
                "alternateName": meta.get("acronym") if meta.get("acronym") != meta["name"]
                else None, "sameAs": [meta["website"]] if "website" in meta else None}
    expected |= {k: v for k, v in optional.items() if v}
    assert data == expected


def test_unknown_partner_fails_the_build(tmp_path: Path) -> None:
    project = fixture_site("edge-cases", tmp_path / "project")
    key = next(k for k in published_news(project) if meta_in(project, "en", k).get("partners"))
    edit_file(project / "content/en" / key, "partners: [", "partners: [acme, ")
    result = run_clamtex("build", "-d", "out", cwd=project)
    assert result.returncode == 1
    assert f"content/en/{key}:" in result.stderr
    assert "partners: unknown partner 'acme'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "out").exists()


def test_replacing_a_logo_is_one_file_and_one_line(tmp_path: Path) -> None:
    project = fixture_site("edge-cases", tmp_path / "project")
    pid = ORDER[-1]
    old = partner(pid)["logo"]
    (project / "content/assets/partners/new-logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 3 2"/>\n')
    edit_file(project / f"content/en/partners/{pid}.md", f"logo: {old}",
              "logo: assets/partners/new-logo.svg")
    assert run_clamtex("build", "-d", "out", cwd=project).returncode == 0
    for lang in LANGS:
        page = (project / "out" / prefix(lang) / f"partners/{pid}/index.html").read_text("utf-8")
        assert "assets/partners/new-logo.svg" in page and old not in page, lang
