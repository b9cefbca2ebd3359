"""The engine knows no project: what names CLAMTEX (or any site) comes from mkdocs.yml."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser

from support import ROOT, build_site, edit_file, fixture_site, run_clamtex, set_plugin_option

PACKAGE = ROOT / "plugins" / "clamtex"
# What would tie the engine to CLAMTEX: its name (the package's own name `clamtex`, its
# CSS classes and its CLAMTEX_* environment variables are the engine's, not the site's),
# its domain, its partners and places, its colours and its image files.
NAME = re.compile(r"CLAMTEX(?!_)")  # upper case: `clamtex`, `Clamtex...` are the package's
SITE_SPECIFIC = re.compile(
    r"clamtex\.eu|\bAEI\b|T[ÈE]XTILS|ATEVAL|PRODU?C?TECH|CITEVE|\bEMC2\b|aei-textils|"
    r"textile-cluster|Terrassa|ClusterXchange|#1a3a6b|#0f766e|#f6f0e2|#112748|#2f5d9e|"
    r"#0b5f73|clamtex-social|clamtex-logo", re.IGNORECASE)
# The benchmark's generator: "the real site plus N news items" (make bench,
# scripts/same_output.py) writes news about CLAMTEX's own partners and tags. It is a tool
# of this repository, not of the engine a site runs (docs/architecture.md).
EXEMPT = {PACKAGE / "commands" / "synthetic.py"}
TEXT = {".py", ".html", ".css", ".js", ".yml", ".yaml", ".svg", ".md", ".toml", ".txt", ".cfg"}


def _hits(text: str) -> list[str]:
    return [m.group(0) for pattern in (NAME, SITE_SPECIFIC) for m in pattern.finditer(text)]


def test_the_package_names_no_project() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in TEXT or "__pycache__" in path.parts or path in EXEMPT:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {hit}" for hit in _hits(line)]
    assert found == []


def test_the_grep_finds_what_it_looks_for() -> None:
    """The patterns match CLAMTEX's own configuration and content: the test above can fail."""
    site_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*.md")))
    for needle in ("CLAMTEX", "ATEVAL", "PRODUTECH", "EMC2", "aei-textils", "#1a3a6b",
                   "clamtex-social", "clamtex-logo"):
        assert _hits(needle)
        assert needle.lower() in site_text.lower()
    assert _hits("clamtex") == [] and _hits("CLAMTEX_CACHE") == []


def test_name_colours_and_image_come_from_mkdocs_yml(tmp_path: Path) -> None:
    project = fixture_site("minimal", tmp_path / "site")
    set_plugin_option(project, "      colours:\n        primary: \"#0a7a3b\"\n"
                               "        surface: \"#fafafa\"\n")
    edit_file(project / "mkdocs.yml", "      project:\n",
              "      project:\n        acronym: GREENLAB\n")
    built = build_site(project)
    page = built.path("").read_text(encoding="utf-8")
    assert "--clamtex-primary:#0a7a3b;" in page and "--clamtex-surface:#fafafa;" in page
    doc = built.page("")
    [rss] = doc.xpath("//link[@type='application/rss+xml']/@href")
    assert feedparser.parse(built.path(rss).read_bytes()).feed.title == "GREENLAB news in English"
    titles = doc.xpath("//link[@rel='alternate'][@type]/@title")
    assert titles == ["GREENLAB news in English (RSS)", "GREENLAB news in English (Atom)"]


def test_no_project_image_means_no_social_image(tmp_path: Path) -> None:
    project = fixture_site("minimal", tmp_path / "site")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "        social_image: assets/clamtex-social.png\n", "        acronym: NOIMG\n"),
        encoding="utf-8")
    doc = build_site(project).page("")
    assert doc.xpath("//meta[@property='og:image']") == []
    assert doc.xpath("//meta[@name='twitter:image']") == []
    assert doc.xpath("//meta[@property='og:title']")  # the rest of the card is there


def test_a_colour_that_is_not_hex_is_refused(tmp_path: Path) -> None:
    project = fixture_site("minimal", tmp_path / "site")
    set_plugin_option(project, "      colours:\n        primary: \"red;}</style><script>\"\n")
    result = run_clamtex("build", "-d", "out", cwd=project)
    assert result.returncode != 0
    assert "is not a colour" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "out").exists()
