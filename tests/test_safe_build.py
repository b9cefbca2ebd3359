"""A failed build never replaces the last good site (clamtex build, make site, build.py).

On a copy of the five-language fixture site (tests/sites/multilingual).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clamtex.build import safe as build_module
from clamtex.build.safe import build_site, swap_in
from clamtex.exceptions import BuildFailed
from clamtex.outputs.deploy import cname_for
from support import ROOT, SITES, fixture_site, run_clamtex, site_config, site_languages

MULTI = SITES / "multilingual"
LANGUAGES = site_languages(MULTI)

# A warning while the last language (French) renders: broken links are caught before
# the build starts now (links.py), so a hook stands for what only MkDocs would see.
WARN_HOOK = '''
import logging

def on_page_content(html, page, config, files):
    if page.file.src_uri == "fr/about.md":
        logging.getLogger("mkdocs.hooks").warning("a warning while rendering fr/about.md")
    return html
'''
LAST_GOOD = {
    "index.html": "<!doctype html><title>CLAMTEX</title><p>Last good build.\n",
    "es/news/feed.xml": "<rss version='2.0'/>\n",
    "CNAME": "old.example.org\n",
    "a-page-removed-since/index.html": "<p>Gone from the content since.\n",
}
BOOM_HOOK = '''
def on_page_content(html, page, config, files):
    if page.file.src_uri.startswith("fr/"):
        raise RuntimeError("boom while rendering " + page.file.src_uri)
    return html
'''


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    """Temporary folders a build left next to site/ (staging, old site, language parts)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site"))


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy with a "last good site" in site/ (any bytes will do)."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("safe") / "project")
    for name, text in LAST_GOOD.items():
        (project / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "site" / name).write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def broken(good: Path) -> Iterator[Path]:
    """The same project, with a warning in the last language built (French)."""
    config = good / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    (good / "warn.py").write_text(WARN_HOOK, encoding="utf-8")
    config.write_text(original + "hooks:\n  - warn.py\n", encoding="utf-8")
    yield good
    config.write_text(original, encoding="utf-8")
    (good / "warn.py").unlink()


# The default build runs the languages in parallel processes; --serial is MkDocs' own
# one-after-the-other path. Both must keep the last good site.
PATHS = {"parallel": ("--parallel",), "serial": ("--serial",)}


@pytest.mark.parametrize("path", PATHS)
def test_strict_warning_in_the_last_language_keeps_the_last_good_site(broken: Path,
                                                                      path: str) -> None:
    before = snapshot(broken / "site")
    result = run_clamtex("build", *PATHS[path], cwd=broken)
    assert result.returncode == 1
    assert snapshot(broken / "site") == before
    assert leftovers(broken) == []
    assert "Traceback" not in result.stderr
    assert error_lines(result.stderr) == ["error: Aborted with 1 warnings in strict mode!"]
    assert "a warning while rendering fr/about.md" in result.stderr
    assert result.stdout == ""


@pytest.fixture
def boom(good: Path) -> Iterator[str]:
    """A config whose hook raises while French pages render (like a template bug)."""
    (good / "boom.py").write_text(BOOM_HOOK, encoding="utf-8")
    config = good / "mkdocs-boom.yml"
    config.write_text((good / "mkdocs.yml").read_text() + "hooks:\n  - boom.py\n")
    yield config.name
    config.unlink()
    (good / "boom.py").unlink()


def test_an_exception_mid_build_keeps_the_site_and_prints_one_line(good: Path,
                                                                   boom: str) -> None:
    """Serial path: en, es, ca, pt are already in the staging folder when French fails."""
    before = snapshot(good / "site")
    result = run_clamtex("-f", boom, "build", "--serial", "--verbose", cwd=good)
    assert result.returncode == 1
    building = [line.split("documentation to directory: ")[1]
                for line in result.stderr.splitlines()
                if "mkdocs_static_i18n: Building '" in line]
    assert [Path(d).name for d in building[1:]] == list(LANGUAGES[1:])
    assert all(Path(d).parent.name.startswith(".site-building-") for d in building[1:])
    assert snapshot(good / "site") == before
    assert leftovers(good) == []
    assert "Traceback" not in result.stderr
    [line] = error_lines(result.stderr)
    assert line.startswith("error: RuntimeError: boom while rendering fr/")


def test_an_exception_in_a_parallel_worker_keeps_the_site(good: Path, boom: str) -> None:
    before = snapshot(good / "site")
    result = run_clamtex("-f", boom, "build", cwd=good)
    assert result.returncode == 1
    assert snapshot(good / "site") == before
    assert leftovers(good) == []
    assert "Traceback" not in result.stderr
    [line] = error_lines(result.stderr)
    assert line.startswith("error: RuntimeError: boom while rendering fr/")


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_site_keeps_the_last_good_site(broken: Path) -> None:
    """`make site` runs `clamtex build`: the repository's Makefile, run in the broken copy."""
    venv = Path(sys.executable).parent.parent
    stamp = venv / ".installed-stamp"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = snapshot(broken / "site")
    # -o: never (re)install into the venv or node_modules from the copy; just run the recipe.
    result = subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), "-o", str(stamp),
         "-o", "node_modules/.installed-stamp", f"VENV={venv}", "site"],
        cwd=broken, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert f"{venv}/bin/clamtex build" in result.stdout  # the recipe make ran
    assert "pip install" not in result.stdout
    assert result.returncode != 0
    assert snapshot(broken / "site") == before
    assert leftovers(broken) == []
    assert error_lines(result.stderr) == ["error: Aborted with 1 warnings in strict mode!"]


def test_a_good_build_replaces_the_whole_site(good: Path) -> None:
    """A successful build swaps a complete new site in: nothing stale is left."""
    page = good / "content" / "en" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added just now.\n")
    result = run_clamtex("build", cwd=good)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Site built in site/"
    site = good / "site"
    assert "A sentence added just now." in (site / "about" / "index.html").read_text()
    assert "Last good build." not in (site / "index.html").read_text()
    assert not (site / "a-page-removed-since").exists()
    assert (site / "CNAME").read_text() == f"{cname_for(site_config(MULTI)['site_url'])}\n"
    assert (site / "es" / "news" / "feed.xml").read_text() != LAST_GOOD["es/news/feed.xml"]
    assert oct(site.stat().st_mode & 0o777) == "0o755"
    # The replaced site is set aside, and deleted while the next build runs.
    replaced = leftovers(good)
    assert len(replaced) == 1 and replaced[0].startswith(".site-old-"), replaced
    assert "Last good build." in (good / replaced[0] / "index.html").read_text()
    assert run_clamtex("build", cwd=good).returncode == 0
    again = leftovers(good)
    assert len(again) == 1 and again[0].startswith(".site-old-") and again != replaced


# -- build.py on a tiny plain MkDocs project (fast, in process) -----------------------

@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Tiny\n\nHello.\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Tiny\ntheme: mkdocs\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site\n")
    return tmp_path


def test_a_failing_check_keeps_the_site(tiny: Path) -> None:
    def check(staging: Path, config: object) -> list[str]:
        assert (staging / "index.html").is_file()  # the check reads the staged build
        return ["index.html: funding notice: missing (add it)"]

    before = snapshot(tiny / "site")
    with pytest.raises(BuildFailed, match=r"index\.html: funding notice: missing"):
        build_site(tiny / "mkdocs.yml", checks=(check,))
    assert snapshot(tiny / "site") == before
    assert leftovers(tiny) == []


def test_an_unexpected_error_in_a_check_becomes_one_line(tiny: Path) -> None:
    def check(staging: Path, config: object) -> list[str]:
        raise ValueError("funding\n  notice")

    with pytest.raises(BuildFailed) as failure:
        build_site(tiny / "mkdocs.yml", checks=(check,))
    assert str(failure.value) == "ValueError: funding notice"
    assert (tiny / "site" / "index.html").read_text() == "last good site\n"
    assert leftovers(tiny) == []


def test_a_good_build_swaps_in(tiny: Path) -> None:
    target = build_site(tiny / "mkdocs.yml", checks=(lambda staging, config: [],))
    assert target == (tiny / "site").resolve()
    assert "Hello." in (tiny / "site" / "index.html").read_text()
    assert [name[: len(".site-old-")] for name in leftovers(tiny)] == [".site-old-"]


def test_swap_puts_the_old_site_back_when_the_second_rename_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target, staging = tmp_path / "site", tmp_path / ".site-building-x"
    target.mkdir()
    (target / "index.html").write_text("old\n")
    staging.mkdir()
    (staging / "index.html").write_text("new\n")
    real_replace = os.replace

    def replace(src: Path, dst: Path) -> None:
        if Path(src) == staging:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(build_module.os, "replace", replace)
    with pytest.raises(BuildFailed, match="could not replace the site"):
        swap_in(staging, target)
    assert (target / "index.html").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-building-x", "site"]


def test_swap_into_a_missing_target(tmp_path: Path) -> None:
    staging = tmp_path / ".site-building-x"
    staging.mkdir()
    (staging / "index.html").write_text("new\n")
    swap_in(staging, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
