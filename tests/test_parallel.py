"""The fast path (languages built in parallel and merged) gives the plain build's site.

Each site is built both ways by the CLI (`clamtex build` and `clamtex build --serial`) and
the two trees are compared file by file: same file list, identical bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clamtex.commands import synthetic
from support import ROOT, copy_project, differences, edit_file, run_clamtex

ITEMS = 25  # with news_per_page 10: three pages of listings in every language
UNTRANSLATED = 3  # this item exists in English only


def build_both(project: Path) -> tuple[Path, Path]:
    """The project built the fast way and the plain way: (parallel tree, serial tree)."""
    trees = []
    for name, extra in (("parallel", ()), ("serial", ("--serial",))):
        out = project.parent / f"site-{name}"
        result = run_clamtex("build", *extra, "-d", str(out), cwd=project)
        assert result.returncode == 0, result.stderr
        trees.append(out)
    return trees[0], trees[1]


@pytest.fixture(scope="module")
def real_trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_both(copy_project(tmp_path_factory.mktemp("real") / "project"))


@pytest.fixture(scope="module")
def bigger_trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = synthetic.generate(ROOT, tmp_path_factory.mktemp("bigger") / "project", ITEMS,
                                 untranslated=(UNTRANSLATED,))
    return build_both(project)


def test_real_site_is_the_same_both_ways(real_trees: tuple[Path, Path]) -> None:
    parallel, serial = real_trees
    assert (parallel / "index.html").is_file() and (parallel / "es" / "index.html").is_file()
    assert differences(parallel, serial) == []


def test_bigger_site_is_the_same_both_ways(bigger_trees: tuple[Path, Path]) -> None:
    parallel, serial = bigger_trees
    assert differences(parallel, serial) == []


def test_bigger_site_has_what_the_comparison_covers(bigger_trees: tuple[Path, Path]) -> None:
    parallel, _ = bigger_trees
    untranslated = synthetic.item_key(UNTRANSLATED)[: -len(".md")]
    translated = synthetic.item_key(UNTRANSLATED + 1)[: -len(".md")]
    for lang in synthetic.LANGS:
        folder = parallel if lang == "en" else parallel / lang
        assert (folder / "news" / "page" / "3" / "index.html").is_file(), lang
        assert (folder / translated / "index.html").is_file(), lang
        assert (folder / "news" / "feed.xml").is_file(), lang
    assert (parallel / untranslated / "index.html").is_file()
    # Whole-site files are written once, after the merge.
    for name in ("sitemap.xml", "robots.txt", "pagefind/pagefind-entry.json"):
        assert (parallel / name).is_file(), name
    sitemap = (parallel / "sitemap.xml").read_text("utf-8")
    assert f"/es/{translated}/" in sitemap


def test_a_failing_language_fails_the_whole_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    edit_file(project / "content" / "es" / "project.md", "\n\n", "\n\n[roto](no-such-page.md)\n\n")
    site = tmp_path / "site"
    result = run_clamtex("build", "-d", str(site), cwd=project)
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
