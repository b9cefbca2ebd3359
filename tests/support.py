"""Helpers for tests that build sites and read what visitors get."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import locale
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from lxml import html as lxml_html

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "es", "ca", "pt", "fr")
DEFAULT = "en"
CLAMTEX = [sys.executable, "-m", "clamtex.commands.cli"]
# "Today" for every build and check the tests run (conftest.py sets CLAMTEX_TODAY to it):
# no test depends on the clock. After every fixture item but the one dated 2999.
TODAY = dt.date(2026, 12, 1)


def run_clamtex(*args: str, cwd: Path, env: dict[str, str] | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the clamtex CLI as an editor would, capturing its output.

    Each run is a process of its own: forked from the tests' CLI server
    (tests/cli_server.py), which has MkDocs and the package imported already, or a fresh
    interpreter where the run asks for another interpreter setting (a PYTHON* variable)
    or CLAMTEX_TEST_FORK=0 is set.
    """
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if CliServer.serves(full_env):
        return CliServer.shared().run(list(args), cwd, full_env, timeout)
    return subprocess.run([*CLAMTEX, *args], cwd=cwd, env=full_env, capture_output=True,
                          text=True, timeout=timeout, check=False)


class CliServer:
    """This test process's fork server of `clamtex` runs (tests/cli_server.py)."""

    _shared: CliServer | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.env = dict(os.environ)  # what the server's interpreter started with
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("cli_server.py"))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=self.env)
        assert self.process.stdout is not None
        ready = self.process.stdout.readline()
        if ready != "ready\n":
            raise RuntimeError(f"the tests' CLI server did not start: {ready!r}")

    @classmethod
    def serves(cls, env: dict[str, str]) -> bool:
        """Whether a run with this environment can be forked from the server: not when it
        sets the interpreter up differently from the server's (PYTHON* variables)."""
        if os.environ.get("CLAMTEX_TEST_FORK") == "0" or not hasattr(os, "fork"):
            return False
        started = cls._shared.env if cls._shared is not None else os.environ
        names = {k for k in (*env, *started) if k.startswith("PYTHON")}
        return all(env.get(k) == started.get(k) for k in names)

    @classmethod
    def shared(cls) -> CliServer:
        with cls._lock:
            if cls._shared is None or cls._shared.process.poll() is not None:
                cls._shared = cls()
            return cls._shared

    def run(self, args: list[str], cwd: Path, env: dict[str, str],
            timeout: float) -> subprocess.CompletedProcess[str]:
        """One run, forked from the server; output and exit code as subprocess.run's."""
        assert self.process.stdin is not None and self.process.stdout is not None
        with CliServer._lock, tempfile.TemporaryDirectory(prefix="clamtex-run-") as folder:
            out, err = Path(folder) / "stdout", Path(folder) / "stderr"
            out.touch()
            err.touch()
            request = {"args": args, "cwd": str(Path(cwd).resolve()), "env": env,
                       "stdout": str(out), "stderr": str(err), "timeout": timeout}
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the tests' CLI server stopped (its stderr is above)")
            answer = json.loads(line)
            stdout = out.read_text(encoding=locale.getpreferredencoding(False))
            stderr = err.read_text(encoding=locale.getpreferredencoding(False))
        command = [*CLAMTEX, *args]
        if answer["timed_out"]:
            raise subprocess.TimeoutExpired(command, timeout, stdout, stderr)
        return subprocess.CompletedProcess(command, answer["returncode"], stdout, stderr)


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


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str,
                 make: Callable[[Path], BuiltSite]) -> BuiltSite:
    """`make(folder)`, once per test run, even when pytest-xdist runs the suite in several
    processes: the first worker to need it builds it into the run's shared temp folder
    (holding a lock), the others wait and read the same files. Read-only for the tests:
    a test that changes a site copies it first (`shutil.copytree`)."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:  # one process: nothing to share
        return make(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent / "shared"  # the run's, above each worker's
    root.mkdir(exist_ok=True)
    done = root / f"{name}.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not done.is_file():
            folder = root / name
            shutil.rmtree(folder, ignore_errors=True)  # a half-made one (its worker failed)
            folder.mkdir()
            site = make(folder)
            done.write_text(json.dumps([str(site.root), site.output]), encoding="utf-8")
        site_root, output = json.loads(done.read_text(encoding="utf-8"))
    return BuiltSite(Path(site_root), output)


# -- reading a fixture site's own files (tests derive what they expect from these) ---------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` tags are not ours to resolve here."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def site_config(project: Path) -> dict[str, Any]:
    """A project's mkdocs.yml as plain data (no MkDocs, no plugins loaded)."""
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def plugin_options(project: Path, name: str) -> dict[str, Any]:
    """The options of one plugin (`clamtex`, `i18n`) in a project's mkdocs.yml."""
    for plugin in site_config(project)["plugins"]:
        if isinstance(plugin, dict) and name in plugin:
            return plugin[name] or {}
    raise KeyError(name)


def site_languages(project: Path) -> tuple[str, ...]:
    """The project's language codes, the default one first."""
    languages = plugin_options(project, "i18n")["languages"]
    codes = [lang["locale"] for lang in languages]
    default = next(lang["locale"] for lang in languages if lang.get("default"))
    return (default, *[code for code in codes if code != default])


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML front matter of a Markdown file ({} when it has none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text.split("---\n", 2)[1]) or {}


def content_keys(project: Path, folder: str = "") -> list[str]:
    """Paths of the default language's Markdown files ('news/x.md'), under `folder`."""
    base = project / "content" / site_languages(project)[0]
    return sorted(p.relative_to(base).as_posix() for p in (base / folder).rglob("*.md"))


def translated_in(project: Path, key: str) -> list[str]:
    """Languages (default first) with a real translation of `key`: a file, not a stub."""
    return [lang for lang in site_languages(project)
            if (project / "content" / lang / key).is_file()
            and not front_matter(project / "content" / lang / key).get("stub")]


def meta_in(project: Path, lang: str, key: str) -> dict[str, Any]:
    """What a page shows in `lang`: the original's front matter, overridden by a translation's."""
    default = site_languages(project)[0]
    meta = front_matter(project / "content" / default / key)
    if lang in translated_in(project, key):
        meta |= front_matter(project / "content" / lang / key)
    return meta


def news_keys(project: Path) -> list[str]:
    """The default language's news items, newest first (the file names start with the date)."""
    keys = [k for k in content_keys(project, "news") if k.count("/") == 1]
    return sorted(keys, reverse=True)


def is_published(project: Path, key: str, today: dt.date | None = None) -> bool:
    """Whether a news item is published: not a draft, not dated after today."""
    meta = meta_in(project, site_languages(project)[0], key)
    return not meta.get("draft") and meta["date"] <= (today or TODAY)


def published_news(project: Path) -> list[str]:
    """The published news items, newest first."""
    return [key for key in news_keys(project) if is_published(project, key)]


def page_url(key: str) -> str:
    """Directory URL of a Markdown key: 'news/x.md' -> 'news/x/', 'index.md' -> ''."""
    stem = key.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else f"{stem}/"


def slug_of(url: str) -> str:
    """The last path segment of a URL: '../news/2024-01-10-x/' -> '2024-01-10-x'."""
    return url.rstrip("/").rsplit("/", 1)[-1]


def line_of(path: Path, start: str) -> int:
    """The number (from 1) of the first line of a file that starts with `start`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(start):
            return number
    raise AssertionError(f"no line starts with {start!r} in {path}")


def write_news(project: Path, lang: str, slug: str, meta: str, body: str = "Body text.") -> Path:
    """Write content/<lang>/news/<slug>.md with the given front-matter lines."""
    path = project / "content" / lang / "news" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{meta}---\n\n{body}\n", encoding="utf-8")
    return path


def news_slug(i: int, start: dt.date = dt.date(2019, 1, 15)) -> str:
    """The slug `add_news` gives its item i: one a month from `start`."""
    month = start.month - 1 + i
    date = dt.date(start.year + month // 12, month % 12 + 1, start.day)
    return f"{date.isoformat()}-update-{i:03d}"


def add_news(project: Path, count: int, *, start: dt.date = dt.date(2019, 1, 15),
             translated_every: int = 1, words: int = 60) -> list[str]:
    """Add `count` generated news items, one a month from `start` (oldest first).

    Their tags and partners are the project's own (mkdocs.yml), in turn; item i is translated
    into every language when i % translated_every == 0, else it exists in the default one
    only. Returns the slugs, oldest first.
    """
    options = plugin_options(project, "clamtex")
    tags, partners = list(options.get("tags", {})), list(options.get("partners_order", []))
    default, *others = site_languages(project)
    slugs = []
    for i in range(count):
        slug = news_slug(i, start)
        date = slug[:10]
        text = " ".join(f"word{(i * 7 + n) % 97}" for n in range(words))
        meta = f"title: Update {i:03d}\ndate: {date}\nsummary: Summary {i:03d}.\n"
        if tags:
            meta += f"tags: [{tags[i % len(tags)]}]\n"
        if partners:
            meta += f"partners: [{partners[i % len(partners)]}]\n"
        write_news(project, default, slug, meta, f"{text}.")
        if i % translated_every == 0:
            for lang in others:
                write_news(project, lang, slug,
                           f"title: Update {i:03d} ({lang})\nsummary: Summary {i:03d} ({lang}).\n",
                           f"{text} ({lang}).")
        slugs.append(slug)
    return slugs


def footer_notices(site: BuiltSite, lang: str, statement: str, disclaimer: str) -> int:
    """Assert the footer's funding notice of every `lang` page (emblem alt, statement,
    disclaimer); the number of pages checked."""
    checked = 0
    for path in site.html_files():
        doc = site.page(path.relative_to(site.root).as_posix())
        if doc.get("lang") != lang:
            continue
        checked += 1
        [block] = doc.cssselect("footer .clamtex-funding")
        [emblem] = block.cssselect("img.clamtex-funding__emblem")
        assert emblem.get("alt") == statement, path
        assert text_of(block.cssselect(".clamtex-funding__statement")[0]) == statement, path
        assert text_of(block.cssselect(".clamtex-funding__disclaimer")[0]) == disclaimer, path
    return checked
