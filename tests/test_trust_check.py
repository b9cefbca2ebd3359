"""`clamtex check` catches what the build rejects, with the same line, printed once.

Each case breaks a copy of a fixture site, then runs `clamtex check` and `clamtex build`
as an editor would: both must fail, and the expected one-line problem must be printed
exactly once by each (not once per language), with no traceback. Links are resolved as
MkDocs and i18n resolve them: the pages that are fine (fallbacks, generated listings,
shared assets) must pass.
"""

from __future__ import annotations

import json
import logging
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import build_site, edit_file, fixture_site, run_clamtex, set_plugin_option

NEWS_EN = "content/en/news/2024-03-05-second-meeting.md"  # translated in pt only
ABOUT_EN = "content/en/about.md"  # translated in es, fr: ca and pt fall back to it
LINE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+): (?P<field>[^:]+): ")


def append(path: str, text: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        with (project / path).open("a", encoding="utf-8") as handle:
            handle.write(f"\n{text}\n")
    return change


def line_of(project: Path, path: str, text: str) -> int:
    """The line of `text` in a file of the project."""
    content = (project / path).read_text(encoding="utf-8")
    assert text in content, f"{text!r} not in {path}"
    return content[: content.index(text)].count("\n") + 1


def strings(lang: str, *lines: str) -> Callable[[Path], None]:
    """Overrides of UI strings for one language under plugins.clamtex.strings."""
    body = "".join(f"          {line}\n" for line in lines)
    return lambda project: set_plugin_option(project, f"      strings:\n        {lang}:\n{body}")


@dataclass(frozen=True)
class Case:
    id: str
    site: str
    change: Callable[[Path], None]
    # (file, text whose line is expected) and the rest of the line after "file:line: "
    where: tuple[str, str]
    expected: str


CASES = [
    Case("missing-page", "multilingual", append(NEWS_EN, "See [the plan](../nope.md)."),
         (NEWS_EN, "../nope.md"),
         "link: '../nope.md' leads to no page: content/en/nope.md does not exist"),
    Case("missing-page-minimal", "minimal", append(ABOUT_EN, "See [the plan](nope.md)."),
         (ABOUT_EN, "nope.md"),
         "link: 'nope.md' leads to no page: content/en/nope.md does not exist"),
    Case("missing-pdf", "multilingual",
         append(NEWS_EN, "Read the [report](../assets/docs/missing.pdf)."),
         (NEWS_EN, "missing.pdf"), "link: '../assets/docs/missing.pdf' leads to no file: "
         "content/assets/docs/missing.pdf does not exist"),
    Case("missing-image", "multilingual", append(ABOUT_EN, "![A chart](../assets/none.png)"),
         (ABOUT_EN, "none.png"),
         "image: '../assets/none.png' leads to no file: content/assets/none.png does not exist"),
    Case("missing-anchor", "multilingual",
         append(NEWS_EN, "See [our aims](../about.md#no-such-heading)."),
         (NEWS_EN, "#no-such-heading"), "link: '../about.md#no-such-heading': "
         "content/en/about.md has no heading or anchor 'no-such-heading' (use one of its "
         "ids: aims; or give a heading that id: ## Its title {#no-such-heading})"),
    Case("missing-anchor-minimal", "minimal",
         append(ABOUT_EN, "Back to [the aims](#nowhere)."),
         (ABOUT_EN, "#nowhere"),
         "link: '#nowhere': this page has no heading or anchor 'nowhere'"),
    Case("missing-self-anchor", "multilingual", append(NEWS_EN, "[Up](#nowhere)"),
         (NEWS_EN, "#nowhere"),
         "link: '#nowhere': this page has no heading or anchor 'nowhere' "
         "(give a heading that id: ## Its title {#nowhere})"),
    # A translation resolves to its own language's page: the French page lost the id.
    Case("anchor-missing-in-translation", "multilingual",
         lambda p: edit_file(p / "content/fr/about.md", "## Objectifs {#aims}", "## Objectifs"),
         ("content/fr/news/2024-01-10-first-meeting.md", "#aims"),
         "link: '../about.md#aims': content/fr/about.md has no heading or anchor 'aims' "
         "(use one of its ids: objectifs;"),
    # An English page shown in French (fallback) links to the French page: said once.
    Case("anchor-missing-in-fallback", "multilingual",
         lambda p: (edit_file(p / "content/fr/about.md", "## Objectifs {#aims}", "## Objectifs"),
                    append(NEWS_EN, "Our [aims](../about.md#aims).")(p)),
         (NEWS_EN, "#aims"),
         "link: '../about.md#aims': content/fr/about.md has no heading or anchor 'aims' "
         "(in fr) ("),
    Case("draft-target", "multilingual",
         lambda p: ((p / "content/en/news/2024-06-01-plans.md").write_text(
             "---\ntitle: Plans\ndate: 2024-06-01\ndraft: true\n---\n\nSoon.\n",
             encoding="utf-8"), append(ABOUT_EN, "Our [plans](news/2024-06-01-plans.md).")(p)),
         (ABOUT_EN, "news/2024-06-01-plans.md"),
         "link: 'news/2024-06-01-plans.md' leads to a news item that is not published"),
    Case("absolute-link", "multilingual", append(ABOUT_EN, "[Home](/index.md)"),
         (ABOUT_EN, "/index.md"), "link: '/index.md' is an absolute link"),
    Case("nav-missing-page", "multilingual",
         lambda p: edit_file(p / "mkdocs.yml", "  - About: about.md\n",
                             "  - About: about.md\n  - Ghost: ghost.md\n"),
         ("mkdocs.yml", "Ghost:"),
         "nav: 'ghost.md' leads to no page: content/en/ghost.md does not exist"),
    # Tag labels: today the French pages silently showed the English label.
    Case("tag-label-missing", "multilingual",
         lambda p: edit_file(p / "mkdocs.yml", "          fr: Réunions\n", ""),
         ("mkdocs.yml", "meetings:"), "tags.meetings: has no label in French (fr) "
         "(add fr: followed by the French label, under plugins.clamtex.tags.meetings "
         "in mkdocs.yml)"),
    Case("tag-label-empty", "multilingual",
         lambda p: edit_file(p / "mkdocs.yml", "          fr: Réunions\n", "          fr: ''\n"),
         ("mkdocs.yml", "fr: ''"), "tags.meetings: has an empty label in French (fr)"),
    Case("tag-label-missing-minimal", "minimal",
         lambda p: edit_file(p / "mkdocs.yml", "          en: Meetings\n", "          {}\n"),
         ("mkdocs.yml", "meetings:"), "tags.meetings: has no label in English (en)"),
    # UI strings: overrides in mkdocs.yml, and a language without a locale file.
    Case("strings-unknown-key", "multilingual",
         strings("fr", "ui.hoem: Accueil"),
         ("mkdocs.yml", "ui.hoem"),
         "strings.fr.ui.hoem: no such UI string (did you mean ui.home?)"),
    Case("strings-nested-unknown-key", "multilingual",
         strings("es", "ui:", "  nwes: Noticias"),
         ("mkdocs.yml", "nwes:"), "strings.es.ui.nwes: no such UI string (did you mean ui.news?)"),
    Case("strings-unknown-language", "multilingual",
         strings("de", "ui.home: Start"),
         ("mkdocs.yml", "de:"), "strings.de: 'de' is not one of the site's languages"),
    Case("strings-emptied", "multilingual",
         strings("pt", "ui.home: ''"),
         ("mkdocs.yml", "ui.home: ''"), "ui.home: missing wording in language 'pt'"),
    Case("strings-bad-placeholder", "multilingual",
         strings("ca", "ui.news_page: 'Notícies, pàgina {pagina}'"),
         ("mkdocs.yml", "ui.news_page"),
         "ui.news_page: the ca text has placeholders other than {page}"),
    Case("language-without-locale-file", "minimal",
         lambda p: edit_file(p / "mkdocs.yml", "          build: true\n",
                             "          build: true\n        - locale: is\n"
                             "          name: Íslenska\n          build: true\n"),
         ("plugins/clamtex/locales/is.yml", ""), "file: no UI strings for language 'is'"),
]


def _the_line(output: str, prefix: str, expected: str) -> str:
    """The one line of `output` that starts with `prefix` + `expected` (asserting once)."""
    lines = [line.removeprefix("error: ") for line in output.splitlines()]  # parallel path
    found = [line for line in lines if line.startswith(prefix + expected)]
    assert len(found) == 1, f"expected once: {prefix}{expected}\n--- output:\n{output}"
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_check_and_build_fail_with_the_same_line_once(tmp_path: Path, case: Case) -> None:
    project = fixture_site(case.site, tmp_path / "project")
    case.change(project)
    file, text = case.where
    line = line_of(project, file, text) if text else 1
    prefix = f"{file}:{line}: "
    check = run_clamtex("check", cwd=project)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "Traceback" not in check.stdout + check.stderr
    checked = _the_line(check.stdout, prefix, case.expected)
    assert LINE.match(checked) and checked.endswith(")"), checked
    built = run_clamtex("build", "-d", "out", cwd=project)
    output = built.stdout + built.stderr
    assert built.returncode == 1, output
    assert "Traceback" not in output
    assert not (project / "out").exists()
    assert _the_line(output, prefix, case.expected) == checked
    # The build says nothing else about it: no MkDocs warning per language.
    assert "WARNING" not in output, output


def test_check_json_carries_the_same_problems(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "project")
    append(NEWS_EN, "See [the plan](../nope.md) and [our aims](../about.md#none).")(project)
    edit_file(project / "mkdocs.yml", "          fr: Réunions\n", "")
    text = run_clamtex("check", cwd=project)
    data = json.loads(run_clamtex("check", "--format", "json", cwd=project).stdout)
    lines = text.stdout.splitlines()[:-1]  # the last line is the summary
    assert len(lines) == 3 and data["errors"] == 3
    shown = []
    for problem in data["problems"]:
        prefix = "" if problem["severity"] == "error" else "warning: "
        shown.append(f"{problem['file']}:{problem['line']}: {problem['field']}: {prefix}"
                     f"{problem['message']} ({problem['fix']})")
    assert shown == lines


def test_fine_links_pass_in_every_language(tmp_path: Path) -> None:
    """Fallback pages, generated listings (index, pages, years, tags), shared assets,
    anchors in translations and other sites: no problem in check, and the build passes."""
    project = fixture_site("multilingual", tmp_path / "project")
    append(ABOUT_EN, textwrap.dedent("""\
        [All news](news/index.md), [page 2](news/page/2/index.md), [2024](news/2024/index.md),
        [meetings](news/tags/meetings/index.md), [partner](partners/alpha.md),
        [aims](#aims), [elsewhere](https://example.org/x.md#y), [mail](mailto:a@example.org),
        ![Logo](../assets/logo.svg) [home](index.md) [home again](./index.md#top-of-nothing)
        `[in code](nope.md)`

            [indented code](nope.md)
        """).replace("#top-of-nothing", ""))
    # A translation links to a page that exists only in English (ca falls back to it).
    append("content/ca/index.md", "[Objectius](about.md#aims) ![Logo](../assets/logo.svg)")(
        project)
    append(NEWS_EN, "[First](2024-01-10-first-meeting.md) [about](../about.md#aims) "
                    "[image](../../assets/images/meeting.svg)")(project)
    check = run_clamtex("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "error" not in check.stdout
    built = build_site(project)
    assert "WARNING" not in built.output


def test_repeated_warnings_are_shown_once_and_still_counted(
        capsys: pytest.CaptureFixture[str]) -> None:
    """MkDocs' warnings (what our checks would miss) are shown once, not once per
    language, and strict mode still counts each of them."""
    from mkdocs.utils import CountHandler

    from clamtex.build.safe import quiet_logging

    root = logging.getLogger("mkdocs")
    saved = (list(root.handlers), root.level, root.propagate)
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    try:
        quiet_logging(False)
        root.addHandler(counter)
        pages = logging.getLogger("mkdocs.structure.pages")
        for _lang in ("en", "es", "ca"):
            pages.warning("Doc file 'en/x.md' contains a link 'y.md', but the target is missing.")
        pages.warning("Another warning.")
    finally:
        root.handlers[:], root.level, root.propagate = saved
    err = capsys.readouterr().err
    assert err.count("contains a link 'y.md'") == 1
    assert "Another warning." in err
    assert counter.get_counts() == [("WARNING", 4)]


def test_missing_key_in_a_locale_file_names_the_file_and_the_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A locale file that lacks a key of en.yml: one line per key, at its section's line."""
    from clamtex.l10n import strings as l10n

    shipped = l10n.LOCALES_DIR
    for lang in ("en", "fr"):
        (tmp_path / f"{lang}.yml").write_text(
            (shipped / f"{lang}.yml").read_text(encoding="utf-8"), encoding="utf-8")
    edit_file(tmp_path / "fr.yml", "  latest_news:", "  # latest_news:")
    monkeypatch.setattr(l10n, "LOCALES_DIR", tmp_path)
    l10n._locale_file.cache_clear()
    try:
        problems = l10n.check_strings(["en", "fr"], "cosme", {})
    finally:
        l10n._locale_file.cache_clear()
    ui_line = line_of(tmp_path, "fr.yml", "ui:")
    assert [str(p) for p in problems] == [
        f"plugins/clamtex/locales/fr.yml:{ui_line}: ui.latest_news: missing wording in "
        "language 'fr' (add it to that file, or under plugins.clamtex.strings.fr in mkdocs.yml)"]
