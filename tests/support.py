"""Helpers for tests that build sites and read what visitors get."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "es", "ca", "pt", "fr")
DEFAULT = "en"
CLAMTEX = [sys.executable, "-m", "clamtex.commands.cli"]


def run_clamtex(*args: str, cwd: Path, env: dict[str, str] | None = None,
                timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run the clamtex CLI as an editor would, capturing its output."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([*CLAMTEX, *args], cwd=cwd, env=full_env, capture_output=True,
                          text=True, timeout=timeout, check=False)


SITES = Path(__file__).resolve().parent / "sites"


def fixture_site(name: str, dest: Path) -> Path:
    """A copy of the fixture site tests/sites/<name>/ (minimal, multilingual, ...) in `dest`.

    The engine's tests build these, never the real content/: an editor's edit of
    CLAMTEX's prose must not break a test.
    """
    shutil.copytree(SITES / name, dest, ignore=shutil.ignore_patterns(".cache", "site"),
                    dirs_exist_ok=True)
    return dest


def build_site(project: Path, *args: str, env: dict[str, str] | None = None) -> BuiltSite:
    """Build a project with `clamtex build -d out` (asserting success); the built site."""
    result = run_clamtex("build", "-d", "out", *args, cwd=project, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(project / "out", result.stdout + result.stderr)


def copy_project(dest: Path) -> Path:
    """A copy of the real site's mkdocs.yml and content/, to modify in a test."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "content", dest / "content")
    return dest


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT else f"{lang}/"


@dataclass
class BuiltSite:
    """A built site folder, with helpers to read its pages."""

    root: Path
    output: str = ""

    def path(self, url: str) -> Path:
        """File behind a site-root-relative URL: 'es/news/' -> es/news/index.html."""
        url = url.lstrip("/")
        target = self.root / url
        if url == "" or url.endswith("/"):
            target = target / "index.html"
        return target

    def page(self, url: str) -> lxml_html.HtmlElement:
        return lxml_html.fromstring(self.path(url).read_bytes())

    def html_files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.html")
                      if "assets" not in p.relative_to(self.root).parts
                      and "admin" not in p.relative_to(self.root).parts
                      and "pagefind" not in p.relative_to(self.root).parts)


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def edit_file(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a text file (fails loudly if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_plugin_option(project: Path, yaml_lines: str) -> None:
    """Add lines (indented for the clamtex plugin's options) to a project's mkdocs.yml."""
    edit_file(project / "mkdocs.yml", "  - clamtex:\n", "  - clamtex:\n" + yaml_lines)


def differences(left: Path, right: Path) -> list[str]:
    """Files present in one tree only, then files whose bytes differ (empty: the same)."""
    left_files = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    right_files = {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    problems = [f"only in the first tree: {f}" for f in sorted(left_files - right_files)]
    problems += [f"only in the second tree: {f}" for f in sorted(right_files - left_files)]
    problems += [f"different bytes: {f}" for f in sorted(left_files & right_files)
                 if (left / f).read_bytes() != (right / f).read_bytes()]
    return problems
