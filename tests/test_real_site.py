"""The real site (the repository's content/ and mkdocs.yml): facts that hold whatever the
editors write. Nothing here names a page, a title, a partner or a count of CLAMTEX's
content: rewriting it, reordering the partners or adding news must not break these tests.
The engine's behaviour is tested on the fixture sites (tests/sites/).
"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from clamtex.outputs.deploy import cname_for
from support import (
    ROOT,
    BuiltSite,
    copy_project,
    footer_notices,
    run_clamtex,
    site_config,
    site_languages,
)

LANGUAGES = site_languages(ROOT)
LOCALES = ROOT / "plugins" / "clamtex" / "locales"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"


def wording(lang: str) -> dict[str, str]:
    programme = next(p["clamtex"] for p in site_config(ROOT)["plugins"]
                     if isinstance(p, dict) and "clamtex" in p)["funding"]["programme"]
    data = yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))
    return {k: " ".join(v.split()) for k, v in data["funding"][programme].items()}


def pages(site: BuiltSite) -> list[tuple[str, lxml_html.HtmlElement]]:
    return [(p.relative_to(site.root).as_posix(), site.page(p.relative_to(site.root).as_posix()))
            for p in site.html_files()]


def test_it_builds_strictly_without_warnings(built_site: BuiltSite) -> None:
    assert (built_site.root / "index.html").is_file()
    assert "WARNING" not in built_site.output
    assert "ERROR" not in built_site.output


def test_clamtex_check_finds_no_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_check_site_passes(built_site: BuiltSite) -> None:
    result = run_clamtex("check-site", str(built_site.root), cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 funding-notice problem(s)")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_the_funding_notice_in_its_language(built_site: BuiltSite,
                                                          lang: str) -> None:
    expected = wording(lang)
    checked = footer_notices(built_site, lang, expected["statement"], expected["disclaimer"])
    assert checked, f"no page in {lang}"


def test_every_page_switches_to_every_language(built_site: BuiltSite) -> None:
    """The switcher names every language, and each of its links leads to a built page."""
    for path, doc in pages(built_site):
        if path.endswith("404.html"):
            continue
        links = doc.cssselect(".clamtex-languages a.md-select__link")
        assert [a.get("hreflang") for a in links] == list(LANGUAGES), path
        for link in links:
            target = (built_site.root / path).parent / link.get("href")
            target = target / "index.html" if target.is_dir() else target
            assert target.resolve().is_file(), (path, link.get("href"))


def test_home_page_of_every_language(built_site: BuiltSite) -> None:
    for lang in LANGUAGES:
        doc = built_site.page(prefix(lang))
        assert doc.get("lang") == lang
        assert doc.cssselect(".clamtex-hero h1"), lang
        assert doc.cssselect(".clamtex-hero__funding img.clamtex-hero__emblem"), lang


def test_cname_follows_site_url(built_site: BuiltSite) -> None:
    cname = cname_for(site_config(ROOT).get("site_url"))
    found = [p.relative_to(built_site.root).as_posix() for p in built_site.root.rglob("CNAME")]
    if cname is None:
        assert found == []
    else:
        assert found == ["CNAME"]
        assert (built_site.root / "CNAME").read_text(encoding="utf-8") == cname + "\n"


def test_sitemap_lists_built_pages_only(built_site: BuiltSite) -> None:
    site_url = site_config(ROOT)["site_url"]
    locs = [loc.text for loc in etree.parse(str(built_site.root / "sitemap.xml")).getroot()
            .iter(f"{SITEMAP}loc")]
    assert locs and len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(site_url), loc
        assert built_site.path(loc[len(site_url):]).is_file(), loc


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_its_feeds(built_site: BuiltSite, lang: str) -> None:
    for name, version in (("feed.xml", "rss20"), ("atom.xml", "atom10")):
        feed = feedparser.parse(built_site.path(prefix(lang) + f"news/{name}").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == version
        assert feed.feed.language == lang
        for entry in feed.entries:
            assert entry.link.startswith(site_config(ROOT)["site_url"] + prefix(lang))
