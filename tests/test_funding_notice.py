"""The EU/COSME funding notice on a built site: every page, every language, configurable.

On the five-language fixture (tests/sites/multilingual); test_real_site.py checks the
notice on every page of the real site too.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from clamtex.outputs.emblem import emblem_svg
from support import (
    ROOT,
    SITES,
    BuiltSite,
    edit_file,
    fixture_site,
    footer_notices,
    published_news,
    run_clamtex,
    set_plugin_option,
    site_languages,
    text_of,
)

MULTI = SITES / "multilingual"
LANGUAGES = site_languages(MULTI)

EU_IN_FULL = {"en": "European Union", "es": "Unión Europea", "ca": "Unió Europea",
              "pt": "União Europeia", "fr": "Union européenne"}
LOCALES = ROOT / "plugins" / "clamtex" / "locales"


def prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def wording(lang: str, programme: str = "cosme") -> dict[str, str]:
    data = yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))
    return {k: " ".join(v.split()) for k, v in data["funding"][programme].items()}


@pytest.mark.parametrize("fixture", ["minimal_site", "multilingual_site", "edge_site"])
def test_check_site_passes_on_the_fixture_sites(request: pytest.FixtureRequest,
                                                fixture: str) -> None:
    built_site: BuiltSite = request.getfixturevalue(fixture)
    result = run_clamtex("check-site", str(built_site.root), cwd=built_site.root.parent)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 funding-notice problem(s)")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_shows_the_notice_in_its_language(multilingual_site: BuiltSite,
                                                     lang: str) -> None:
    built_site = multilingual_site
    expected = wording(lang)
    assert EU_IN_FULL[lang] in expected["statement"]
    checked = footer_notices(built_site, lang, expected["statement"], expected["disclaimer"])
    assert checked >= len(list(MULTI.glob("content/en/**/*.md")))


def test_emblem_served_is_the_generated_one(multilingual_site: BuiltSite) -> None:
    built_site = multilingual_site
    assert (built_site.root / "assets/clamtex/eu-emblem.svg").read_text() == emblem_svg()
    bordered = (built_site.root / "assets/clamtex/eu-emblem-bordered.svg").read_text()
    assert bordered == emblem_svg(bordered=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_hero_shows_emblem_and_statement(multilingual_site: BuiltSite, lang: str) -> None:
    doc = multilingual_site.page(prefix(lang))
    [hero] = doc.cssselect(".clamtex-hero__funding")
    statement = wording(lang)["statement"]
    assert hero.cssselect("img")[0].get("alt") == statement
    assert text_of(hero.cssselect(".clamtex-hero__statement")[0]) == statement


@pytest.mark.parametrize("lang", LANGUAGES)
def test_articles_end_with_the_statement(multilingual_site: BuiltSite, lang: str) -> None:
    [newest, *_] = published_news(MULTI)
    doc = multilingual_site.page(prefix(lang) + newest.removesuffix(".md") + "/")
    article = doc.cssselect("article.clamtex-article")[0]
    last = article.cssselect(".clamtex-article__funding")[-1]
    assert text_of(last) == wording(lang)["statement"]


def test_footer_emblem_is_the_largest_image_of_its_block(multilingual_site: BuiltSite) -> None:
    built_site = multilingual_site
    for path in built_site.html_files():
        doc = built_site.page(path.relative_to(built_site.root).as_posix())
        for block in doc.cssselect(".clamtex-funding"):
            emblem = block.cssselect(".clamtex-funding__emblem")[0]
            for img in block.cssselect("img"):
                assert int(img.get("height")) <= int(emblem.get("height"))


def test_check_site_reports_a_broken_copy(multilingual_site: BuiltSite, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(multilingual_site.root, broken)
    project = broken / "about" / "index.html"
    html = project.read_text(encoding="utf-8")
    start = html.index('<section class="clamtex-funding')
    end = html.index("</section>", start) + len("</section>")
    project.write_text(html[:start] + html[end:], encoding="utf-8")
    spanish = broken / "es" / "index.html"
    spanish.write_text(spanish.read_text(encoding="utf-8").replace(
        wording("es")["statement"], wording("en")["statement"]), encoding="utf-8")
    result = run_clamtex("check-site", str(broken), cwd=MULTI)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert ("about/index.html: funding notice: funding notice is missing "
            "(see docs/funding-notice.md)") in lines
    assert any(line.startswith("es/index.html: funding notice: statement is in 'en'")
               for line in lines)
    assert lines[-1].startswith(f"{len(lines) - 1} funding-notice problem(s)")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the five-language fixture site, to configure in a test."""
    return fixture_site("multilingual", tmp_path / "project")


def test_wording_can_be_overridden_per_language(project: Path) -> None:
    set_plugin_option(project, "      strings:\n        ca:\n          funding.cosme.statement: "
                               "Projecte cofinançat pel programa COSME de la Unió Europea\n")
    out = project / "out"
    result = run_clamtex("build", "-d", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    page = (out / "ca" / "index.html").read_text(encoding="utf-8")
    assert 'alt="Projecte cofinançat pel programa COSME de la Unió Europea"' in page
    assert wording("es")["statement"] in (out / "es" / "index.html").read_text(encoding="utf-8")


def test_missing_wording_fails_before_writing(project: Path) -> None:
    set_plugin_option(project,
                      "      strings:\n        pt:\n          funding.cosme.disclaimer: ''\n")
    out = project / "out"
    result = run_clamtex("build", "-d", str(out), cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"mkdocs\.yml:\d+: funding\.cosme\.disclaimer: missing wording in "
                     "language 'pt'", result.stderr), result.stderr
    assert not out.exists()


def test_programme_is_a_setting(project: Path) -> None:
    edit_file(project / "mkdocs.yml", "programme: cosme", "programme: eu")
    out = project / "out"
    assert run_clamtex("build", "-d", str(out), cwd=project).returncode == 0
    page = BuiltSite(out).page("fr/")
    assert page.cssselect(".clamtex-funding__emblem")[0].get("alt") == (
        "Cofinancé par l'Union européenne")


def test_another_programme_is_configured_not_coded(project: Path) -> None:
    edit_file(project / "mkdocs.yml", "programme: cosme", "programme: erasmus-plus")
    lines = "      strings:\n"
    for lang in LANGUAGES:
        lines += (f"        {lang}:\n          funding.erasmus-plus.statement: Erasmus {lang}\n"
                  f"          funding.erasmus-plus.disclaimer: Disclaimer {lang}\n")
    set_plugin_option(project, lines)
    out = project / "out"
    result = run_clamtex("build", "-d", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert 'alt="Erasmus pt"' in (out / "pt" / "index.html").read_text(encoding="utf-8")


def test_unknown_programme_is_one_line(project: Path) -> None:
    edit_file(project / "mkdocs.yml", "programme: cosme", "programme: horizon")
    result = run_clamtex("build", "-d", str(project / "out"), cwd=project)
    assert result.returncode == 1
    line = _line_of(project / "mkdocs.yml", "programme: horizon")
    assert f"mkdocs.yml:{line}: funding.programme: unknown programme 'horizon'" in result.stderr
    assert "Traceback" not in result.stderr


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)
