"""`clamtex serve`: after an edit, the preview rebuilds only what changed, and its site is
the one a fresh build of the edited content makes.

A PreviewSession (plugins/clamtex/preview.py) is what `clamtex serve` runs on every change.
Each test edits the five-language fixture site with generated news added, in Spanish
(CLAMTEX_ONLY_LANG=es, as `--lang es`), brings the preview up to date, and compares its
folder file by file with a fresh build made without the render cache (a stale cache entry
cannot hide a stale page).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import html as lxml_html
from mkdocs.exceptions import Abort

from clamtex.build.preview import PreviewSession
from support import (
    CLAMTEX,
    SITES,
    add_news,
    differences,
    edit_file,
    fixture_site,
    meta_in,
    news_slug,
    published_news,
    text_of,
    translated_in,
)

ITEMS = 25  # generated, older than the fixture's own: with 10 a page, three listing pages
MULTI = SITES / "multilingual"
# The newest item a Spanish preview shows (it lists translated items only).
NEWEST = next(k for k in published_news(MULTI) if "es" in translated_in(MULTI, k))


def item_key(index: int | str) -> str:
    """The key of generated item `index` (as add_news names it), or a fixture item's key."""
    return index if isinstance(index, str) else f"news/{news_slug(index)}.md"


@dataclass
class Preview:
    project: Path
    session: PreviewSession
    site: Path

    def item(self, index: int | str, lang: str = "es") -> Path:
        return self.project / "content" / lang / item_key(index)

    def page(self, url: str) -> lxml_html.HtmlElement:
        return lxml_html.fromstring((self.site / url / "index.html").read_bytes())

    def fresh_build(self, monkeypatch: pytest.MonkeyPatch) -> Path:
        """The edited content built from scratch, without the render cache."""
        out = self.project.parent / f"fresh-{time.monotonic_ns()}"
        with monkeypatch.context() as patch:
            patch.setenv("CLAMTEX_CACHE", "0")
            session = PreviewSession(self.project / "mkdocs.yml", out)
            assert session.build() == "full"
            session.close()
        return out


@pytest.fixture(scope="module")
def synthetic_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multilingual fixture, ten items a page, with ITEMS generated items in every language."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("preview") / "pristine")
    edit_file(project / "mkdocs.yml", "news_per_page: 2", "news_per_page: 10")
    add_news(project, ITEMS, words=400)
    return project


@pytest.fixture
def preview(synthetic_project: Path, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    monkeypatch.setenv("CLAMTEX_ONLY_LANG", "es")
    project = tmp_path / "project"
    shutil.copytree(synthetic_project, project)
    session = PreviewSession(project / "mkdocs.yml", tmp_path / "preview")
    assert session.build() == "full"
    yield Preview(project, session, tmp_path / "preview")
    session.close()


def rebuilt_pages(done: str) -> int:
    match = re.fullmatch(r"(\d+) pages", done)
    assert match, done
    return int(match.group(1))


def test_nothing_changed_rebuilds_nothing(preview: Preview) -> None:
    assert preview.session.build() == "nothing"


def test_a_body_edit_rebuilds_that_page_only(preview: Preview,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    item = preview.item(7)
    item.write_text(item.read_text("utf-8") + "\nUna frase nueva y única.\n", "utf-8")
    assert rebuilt_pages(preview.session.build()) == 1
    url = item_key(7)[: -len(".md")]
    assert "Una frase nueva y única." in text_of(preview.page(url))
    assert differences(preview.site, preview.fresh_build(monkeypatch)) == []


def test_a_title_edit_rebuilds_every_page_that_shows_it(
        preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    """The newest item: its page, its neighbour, the home page, the first listing page,
    its year, tag and partner pages all show its title."""
    item = preview.item(NEWEST)
    edit_file(item, f"title: {meta_in(MULTI, 'es', NEWEST)['title']}\n",
              "title: Un titular corregido\n")
    rebuilt = rebuilt_pages(preview.session.build())
    assert 6 <= rebuilt < 20
    assert "Un titular corregido" in text_of(preview.page("news"))
    assert "Un titular corregido" in text_of(preview.page(""))
    assert differences(preview.site, preview.fresh_build(monkeypatch)) == []


def test_an_edit_that_changes_which_pages_exist_builds_anew(
        preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    # A generated item: no other page links to it (a link to a draft is an error).
    edit_file(preview.item(0, "en"), "\ndate:", "\ndraft: true\ndate:")
    assert preview.session.build() == "full"
    assert not (preview.site / item_key(0)[: -len(".md")]).exists()
    assert differences(preview.site, preview.fresh_build(monkeypatch)) == []


def test_a_navigation_page_edit_builds_anew(preview: Preview,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    page = preview.project / "content" / "es" / "about.md"
    page.write_text(page.read_text("utf-8") + "\nUn párrafo más.\n", "utf-8")
    assert preview.session.build() == "full"
    assert differences(preview.site, preview.fresh_build(monkeypatch)) == []


def test_a_new_file_builds_anew(preview: Preview) -> None:
    for lang, title in (("en", "Notes"), ("es", "Notas")):
        page = preview.project / "content" / lang / "notes.md"
        page.write_text(f"---\ntitle: {title}\n---\n\n{title}.\n", "utf-8")
    assert preview.session.build() == "full"
    assert (preview.site / "notes" / "index.html").is_file()


def test_a_preview_of_every_language_builds_anew(synthetic_project: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --lang, i18n builds the five languages in turn: an update cannot start from
    the last one's pages alone."""
    monkeypatch.delenv("CLAMTEX_ONLY_LANG", raising=False)
    project = tmp_path / "project"
    shutil.copytree(synthetic_project, project)
    session = PreviewSession(project / "mkdocs.yml", tmp_path / "preview")
    try:
        assert session.build() == "full"
        item = project / "content" / "es" / item_key(7)
        item.write_text(item.read_text("utf-8") + "\nUna frase nueva.\n", "utf-8")
        assert session.build() == "full"
        page = tmp_path / "preview" / "es" / item_key(7)[: -len(".md")] / "index.html"
        assert "Una frase nueva." in page.read_text("utf-8")
    finally:
        session.close()


def test_bad_front_matter_fails_the_update_in_one_line_and_the_fix_recovers(
        preview: Preview, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    item = preview.item(3, "en")
    good = re.search(r"^date: .*$", item.read_text("utf-8"), re.M).group(0)  # type: ignore[union-attr]
    edit_file(item, good, "date: 2021-02-30")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        preview.session.build()
    lines = [line for r in caplog.records if r.levelno >= logging.ERROR
             for line in r.getMessage().splitlines()]
    assert any(item_key(3) in line and "date: '2021-02-30' is not a date" in line
               and "YYYY-MM-DD" in line for line in lines), lines
    edit_file(item, "date: 2021-02-30", good)
    assert preview.session.build() == "full"
    assert differences(preview.site, preview.fresh_build(monkeypatch)) == []


def test_a_broken_anchor_fails_the_update_in_strict_mode(
        preview: Preview, caplog: pytest.LogCaptureFixture) -> None:
    item = preview.item(5)
    item.write_text(item.read_text("utf-8") + "\n[Ver](../about.md#nada)\n",
                    "utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        preview.session.build()
    # Found before rendering (links.py), in the one line `clamtex check` prints.
    assert any("link: '../about.md#nada'" in r.getMessage()
               and "has no heading or anchor 'nada'" in r.getMessage()
               for r in caplog.records)


# -- the command -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return None


def _wait_for(predicate, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_clamtex_serve_shows_an_edit(tmp_path: Path) -> None:
    """The real command: serve Spanish, edit an item, the served page changes."""
    project = fixture_site("multilingual", tmp_path / "project")
    port = _free_port()
    log_file = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [*CLAMTEX, "serve", "--lang", "es", "-a", f"127.0.0.1:{port}"], cwd=project,
        stdout=log_file, stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/{NEWEST[: -len('.md')]}/"
    try:
        assert _wait_for(lambda: _get(url) is not None, 120), log_file.read()
        assert meta_in(MULTI, "es", NEWEST)["title"] in (_get(url) or "")
        item = project / "content" / "es" / NEWEST
        item.write_text(item.read_text("utf-8") + "\nUna frase añadida en la vista previa.\n",
                        "utf-8")
        assert _wait_for(lambda: "añadida en la vista previa" in (_get(url) or ""), 60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    log_file.seek(0)
    output = log_file.read()
    assert "Preview updated (full)" in output
    assert "Preview updated (1 pages)" in output
    assert "Traceback" not in output
