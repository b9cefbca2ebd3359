"""The fast path (languages built in parallel and merged) gives the plain build's site.

Each site is built both ways by the CLI (`clamtex build` and `clamtex build --serial`) and
the two trees are compared file by file: same file list, identical bytes. The sites are the
fixtures (tests/sites/), one of them with generated news added.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import (
    SITES,
    add_news,
    differences,
    edit_file,
    fixture_site,
    run_clamtex,
    site_languages,
)

ITEMS = 25  # with the fixture's three and news_per_page 10: three index pages per language
UNTRANSLATED = 3  # this generated item exists in English only
LANGUAGES = site_languages(SITES / "multilingual")


def build_both(project: Path) -> tuple[Path, Path]:
    """The project built the fast way and the plain way: (parallel tree, serial tree)."""
    trees = []
    for name, extra in (("parallel", ("--parallel",)), ("serial", ("--serial",))):
        out = project.parent / f"site-{name}"
        result = run_clamtex("build", *extra, "-d", str(out), cwd=project)
        assert result.returncode == 0, result.stderr
        trees.append(out)
    return trees[0], trees[1]


@pytest.fixture(scope="module")
def bigger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The multilingual fixture with ITEMS generated items; one of them untranslated."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("bigger") / "project")
    edit_file(project / "mkdocs.yml", "news_per_page: 2", "news_per_page: 10")
    slugs = add_news(project, ITEMS, words=400)
    for lang in LANGUAGES[1:]:
        (project / "content" / lang / "news" / f"{slugs[UNTRANSLATED]}.md").unlink()
    return project, slugs


@pytest.fixture(scope="module")
def bigger_trees(bigger: tuple[Path, list[str]]) -> tuple[Path, Path]:
    return build_both(bigger[0])


@pytest.mark.parametrize("name", ["minimal", "edge-cases"])
def test_fixture_site_is_the_same_both_ways(tmp_path: Path, name: str) -> None:
    parallel, serial = build_both(fixture_site(name, tmp_path / "project"))
    for lang in site_languages(SITES / name):
        folder = parallel if lang == site_languages(SITES / name)[0] else parallel / lang
        assert (folder / "index.html").is_file(), lang
    assert differences(parallel, serial) == []


def test_bigger_site_is_the_same_both_ways(bigger_trees: tuple[Path, Path]) -> None:
    parallel, serial = bigger_trees
    assert differences(parallel, serial) == []


def test_bigger_site_has_what_the_comparison_covers(bigger: tuple[Path, list[str]],
                                                    bigger_trees: tuple[Path, Path]) -> None:
    parallel, _ = bigger_trees
    slugs = bigger[1]
    untranslated, translated = f"news/{slugs[UNTRANSLATED]}", f"news/{slugs[UNTRANSLATED + 1]}"
    for lang in LANGUAGES:
        folder = parallel if lang == "en" else parallel / lang
        assert (folder / "news" / "page" / "3" / "index.html").is_file(), lang
        assert (folder / translated / "index.html").is_file(), lang
        assert (folder / "news" / "feed.xml").is_file(), lang
    assert (parallel / untranslated / "index.html").is_file()
    assert "clamtex-notice" in (parallel / "es" / untranslated / "index.html").read_text("utf-8")
    # Whole-site files are written once, after the merge.
    for name in ("sitemap.xml", "robots.txt", "pagefind/pagefind-entry.json"):
        assert (parallel / name).is_file(), name
    sitemap = (parallel / "sitemap.xml").read_text("utf-8")
    assert f"/es/{translated}/" in sitemap


def test_a_failing_language_fails_the_whole_build(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "project")
    edit_file(project / "content" / "es" / "about.md", "\n\n", "\n\n[roto](no-such-page.md)\n\n")
    site = tmp_path / "site"
    result = run_clamtex("build", "-d", str(site), cwd=project)
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
