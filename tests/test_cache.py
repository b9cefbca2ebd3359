"""The render cache: a warm build equals a cold one, and never hides a problem.

On copies of the five-language fixture site (tests/sites/multilingual).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from support import SITES, edit_file, front_matter, news_keys, run_clamtex, site_languages

MULTI = SITES / "multilingual"
LANGUAGES = site_languages(MULTI)
# A news item with a Spanish translation, and its date.
ITEM = next(k for k in news_keys(MULTI) if (MULTI / "content/es" / k).is_file())
NEWS_ES = f"content/es/{ITEM}"
DATE = str(front_matter(MULTI / "content/en" / ITEM)["date"])
PAGE = ITEM.removesuffix(".md")


@pytest.fixture
def project(multilingual_project: Path) -> Path:
    return multilingual_project


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, out: str, *, cache: bool = True) -> tuple[int, str]:
    env = {} if cache else {"CLAMTEX_CACHE": "0"}
    # The parallel path: it caches each language's search index on its own.
    result = run_clamtex("build", "--parallel", "-d", out, cwd=project, env=env)
    return result.returncode, result.stderr


def test_warm_build_equals_cold_build_after_an_edit(project: Path) -> None:
    assert build(project, "first")[0] == 0  # fills the cache
    assert (project / ".cache/clamtex/pages").is_dir()
    edit_file(project / NEWS_ES, "title: ", "title: (Actualizado) ")
    assert build(project, "warm")[0] == 0
    assert build(project, "cold", cache=False)[0] == 0
    warm, cold = tree(project / "warm"), tree(project / "cold")
    assert warm == cold
    assert tree(project / "first") != warm  # the edit did reach the site
    page = (project / f"warm/es/{PAGE}/index.html").read_text()
    assert "(Actualizado)" in page
    listing = (project / f"warm/es/news/{DATE[:4]}/index.html").read_text()
    assert "(Actualizado)" in listing  # pages that show the item re-render too
    # The site shares no file with the cache: an edit inside it cannot reach a later build.
    cached = {(f.stat().st_dev, f.stat().st_ino)
              for f in (project / ".cache/clamtex").rglob("*") if f.is_file()}
    assert not [f for f in (project / "warm").rglob("*") if f.is_file()
                and (f.stat().st_dev, f.stat().st_ino) in cached]


def test_a_refused_build_is_refused_again(project: Path) -> None:
    edit_file(project / "content/fr/about.md", "\n\n", "\n\n[lien](nulle-part.md)\n\n")
    first = build(project, "out")
    second = build(project, "out")
    assert first[0] == second[0] == 1
    assert "nulle-part.md" in first[1] and "nulle-part.md" in second[1]


def test_links_into_a_cached_page_are_still_validated(project: Path) -> None:
    edit_file(project / "content/es/about.md", "\n\n",
              "\n\n[Home](index.md#a-section)\n\n## A section\n\n")
    edit_file(project / "content/es/index.md", "\n\n", "\n\n## A section\n\n")
    assert build(project, "out")[0] == 0
    # The linked anchor disappears; about.md itself did not change and comes from the cache.
    edit_file(project / "content/es/index.md", "## A section\n\n", "")
    code, errors = build(project, "out")
    assert code == 1
    assert "a-section" in errors


def cached_indexes(project: Path) -> dict[str, Path]:
    """The cached search index of each language (the parallel build indexes per language)."""
    folders = (project / ".cache/clamtex/pagefind").iterdir()
    return {folder.name: next(folder.iterdir()) for folder in folders}


def linked(site: Path, cached: Path, lang: str) -> bool:
    """Whether the site's index of `lang` is a copy of the cached one (same bytes, another
    file: the site never shares a file with the cache)."""
    meta = next(cached.glob(f"pagefind.{lang}_*.pf_meta"))
    copy = site / "pagefind" / meta.name
    return copy.read_bytes() == meta.read_bytes() and copy.stat().st_ino != meta.stat().st_ino


def identities(cached: dict[str, Path]) -> dict[str, int]:
    """The cached index folders' inodes: an index made again is stored as a new folder."""
    return {lang: folder.stat().st_ino for lang, folder in cached.items()}


def test_unchanged_site_reuses_the_search_index(project: Path) -> None:
    assert build(project, "first")[0] == 0
    first = identities(cached_indexes(project))
    assert build(project, "second")[0] == 0
    assert identities(cached_indexes(project)) == first  # not indexed again
    assert build(project, "cold", cache=False)[0] == 0
    assert tree(project / "second") == tree(project / "cold")
    cached = cached_indexes(project)
    entry = json.loads((project / "second/pagefind/pagefind-entry.json").read_text("utf-8"))
    assert sorted(cached) == sorted(entry["languages"])
    assert all(linked(project / "second", bundle, lang) for lang, bundle in cached.items())


def test_an_edit_reindexes_only_its_language(project: Path) -> None:
    assert build(project, "first")[0] == 0
    before = cached_indexes(project)
    edit_file(project / NEWS_ES, "title: ", "title: (Actualizado) ")
    assert build(project, "second")[0] == 0
    after = cached_indexes(project)
    assert after["es"] != before["es"]  # Spanish indexed again, its old index pruned
    assert not before["es"].exists()
    assert {lang: after[lang] for lang in after if lang != "es"} == {
        lang: before[lang] for lang in before if lang != "es"}
    assert all(linked(project / "second", after[lang], lang) for lang in after if lang != "es")
    assert build(project, "cold", cache=False)[0] == 0
    assert tree(project / "second") == tree(project / "cold")


def test_front_matter_edits_are_seen_after_a_cached_build(project: Path) -> None:
    assert build(project, "out")[0] == 0
    assert (project / ".cache/clamtex/frontmatter.marshal").is_file()  # parsed files kept
    edit_file(project / NEWS_ES, "title: ", "title: (Actualizado) ")
    news_en = project / NEWS_ES.replace("/es/", "/en/")
    edit_file(news_en, f"date: {DATE}", f"date: {DATE[:8]}32")
    code, errors = build(project, "out")
    assert code == 1
    assert f"content/en/{ITEM}:" in errors
    assert "date" in errors
    edit_file(news_en, f"date: {DATE[:8]}32", f"date: {DATE}")
    assert build(project, "out")[0] == 0
    page = (project / f"out/es/{PAGE}/index.html").read_text()
    assert "(Actualizado)" in page


def test_the_cache_keeps_pages_of_two_configurations_at_most(project: Path) -> None:
    folders = project / ".cache/clamtex/pages"
    for n in range(3):  # three configurations in turn: the oldest one's pages go
        edit_file(project / "mkdocs.yml", "\nsite_name: ", f"\nsite_name: {n}")
        assert build(project, "out")[0] == 0
    per_language = Counter(f.name.rpartition("-")[0] for f in folders.iterdir())
    assert per_language == {lang: 2 for lang in LANGUAGES}
