"""`clamtex check`: every kind of malformed content gives one line naming file, line and field.

Each case breaks a copy of the edge-case fixture site (tests/sites/edge-cases); the line
numbers and values expected are read from the fixture's files. CASES is shared with
test_build_errors.py: the build must fail on the same mutations with the same line.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support import SITES, fixture_site, front_matter, line_of, plugin_options, run_clamtex

EDGE = SITES / "edge-cases"
# The files the cases break: the fixture's news item and partner with every field, one
# translation of each, a plain page. Lines and values are read from these files.
NEWS = "content/en/news/2023-02-14-every-field.md"
NEWS_ES = "content/es/news/2023-02-14-every-field.md"
PARTNER = "content/en/partners/alpha.md"
PARTNER_FR = "content/fr/partners/alpha.md"
PAGE = "content/en/about.md"


def at(file: str, field: str) -> int:
    """The line of `field:` in a fixture file."""
    return line_of(EDGE / file, f"{field}:")


def line(file: str, field: str) -> str:
    """The whole line of `field:` in a fixture file."""
    return (EDGE / file).read_text(encoding="utf-8").splitlines()[at(file, field) - 1]


def value(file: str, field: str) -> Any:
    return front_matter(EDGE / file)[field]


def closing_line(file: str) -> int:
    """The line of the '---' that closes the front matter."""
    return (EDGE / file).read_text(encoding="utf-8").splitlines().index("---", 1) + 1


DATE = str(value(NEWS, "date"))
OTHER_DATE = str(dt.date.fromisoformat(DATE) + dt.timedelta(days=1))
TAGS, ITEM_PARTNERS = value(NEWS, "tags"), value(NEWS, "partners")
COUNTRY, REGION = value(PARTNER, "country"), value(PARTNER, "region")
OTHER_COUNTRY, OTHER_REGION = ("PT", "PT-11") if COUNTRY != "PT" else ("FR", "FR-ARA")
ORDER = plugin_options(EDGE, "clamtex")["partners_order"]


@dataclass(frozen=True)
class Case:
    """One mutation of the project and the line fragment it must produce."""

    id: str
    file: str
    old: str | None  # text replaced in `file`; None: `new` is the file's whole content
    new: str | bytes
    expected: str

    def apply(self, project: Path) -> None:
        path = project / self.file
        if self.old is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(self.new, bytes):
                path.write_bytes(self.new)
            else:
                path.write_text(self.new, encoding="utf-8")
            return
        text = path.read_text(encoding="utf-8")
        assert text.count(self.old) == 1, f"{self.id}: '{self.old}' not once in {self.file}"
        path.write_text(text.replace(self.old, str(self.new)), encoding="utf-8")


def _config_line(text: str) -> int:
    """The line of the fixture's mkdocs.yml holding `text` (problems name their line)."""
    lines = (EDGE / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def _copy(case_id: str, src: str, dst: str, expected: str) -> Case:
    """A case that writes a copy of `src` under the name `dst`."""
    return Case(case_id, dst, None, (EDGE / src).read_text(encoding="utf-8"), expected)


CASES = [
    # News item: the original.
    Case("bad-date", NEWS, f"date: {DATE}", "date: 2020-13-30",
         f"{NEWS}:{at(NEWS, 'date')}: date: '2020-13-30' is not a date"),
    Case("short-date", NEWS, f"date: {DATE}", "date: 2020-6-30",
         f"{NEWS}:{at(NEWS, 'date')}: date: '2020-6-30' is not a date"),
    Case("date-not-file-name", NEWS, f"date: {DATE}", f"date: {OTHER_DATE}",
         f"{NEWS}:{at(NEWS, 'date')}: date: {OTHER_DATE} differs from the file name's "
         f"date {DATE}"),
    Case("date-missing", NEWS, f"date: {DATE}\n", "", f"{NEWS}:1: date: missing"),
    Case("title-missing", NEWS, line(NEWS, "title") + "\n", "", f"{NEWS}:1: title: missing"),
    Case("title-empty", NEWS, line(NEWS, "title"), 'title: ""',
         f"{NEWS}:{at(NEWS, 'title')}: title: must be non-empty text"),
    Case("unknown-tag", NEWS, f"tags: [{TAGS[0]},", "tags: [parties,",
         f"{NEWS}:{at(NEWS, 'tags')}: tags: unknown tag 'parties'"),
    Case("tags-not-list", NEWS, line(NEWS, "tags"), f"tags: {TAGS[0]}",
         f"{NEWS}:{at(NEWS, 'tags')}: tags: must be a list of names"),
    Case("unknown-partner", NEWS, f"partners: [{ITEM_PARTNERS[0]},", "partners: [acme,",
         f"{NEWS}:{at(NEWS, 'partners')}: partners: unknown partner 'acme'"),
    Case("image-not-found", NEWS, line(NEWS, "image"), "image: assets/images/nowhere.svg",
         f"{NEWS}:{at(NEWS, 'image')}: image: file not found"),
    Case("image-alt-missing", NEWS, "image_alt: ", "# image_alt: ",
         f"{NEWS}:1: image_alt: missing: the image has no text alternative"),
    Case("unknown-field", NEWS, "image_alt: ", "author: Jo\nimage_alt: ",
         f"{NEWS}:{at(NEWS, 'image_alt')}: author: unknown field"),
    Case("draft-not-boolean", NEWS, line(NEWS, "draft"), "draft: maybe",
         f"{NEWS}:{at(NEWS, 'draft')}: draft: 'maybe' is not true or false"),
    Case("stub-in-original", NEWS, "image_alt: ", "stub: true\nimage_alt: ",
         f"{NEWS}:{at(NEWS, 'image_alt')}: stub: only translations carry this mark"),
    Case("yaml-colon-in-title", NEWS, line(NEWS, "title"), "title: Second meeting: online",
         f"{NEWS}:{at(NEWS, 'title')}: front matter: YAML error"),
    # An unclosed quote runs to the end of the front matter: reported at its closing line.
    Case("yaml-unclosed-quote", NEWS, line(NEWS, "title"), 'title: "An unclosed quote',
         f"{NEWS}:{closing_line(NEWS)}: front matter: YAML error"),
    Case("front-matter-not-closed", NEWS, "\n---\n\n", "\n\n",
         f"{NEWS}:1: front matter: the closing '---' line is missing"),
    _copy("news-name-undated", NEWS, "content/en/news/every-field.md",
          "content/en/news/every-field.md:1: file: news file name 'every-field.md' "
          "does not start with its date"),
    # News item: a translation.
    Case("translation-other-date", NEWS_ES, "summary: ", f"date: {OTHER_DATE}\nsummary: ",
         f"{NEWS_ES}:{at(NEWS_ES, 'summary')}: date: {OTHER_DATE} contradicts the "
         f"original's date {DATE}"),
    Case("translation-other-tags", NEWS_ES, "summary: ", f"tags: [{TAGS[0]}]\nsummary: ",
         f"{NEWS_ES}:{at(NEWS_ES, 'summary')}: tags: differs from the original"),
    Case("translation-image-alt-missing", NEWS_ES, "image_alt: ", "# image_alt: ",
         f"{NEWS_ES}:1: image_alt: missing: the translated text alternative"),
    Case("translation-unknown-field", NEWS_ES, "summary: ", "titel: Hola\nsummary: ",
         f"{NEWS_ES}:{at(NEWS_ES, 'summary')}: titel: unknown field"),
    Case("stub-not-boolean", NEWS_ES, "summary: ", "stub: yes please\nsummary: ",
         f"{NEWS_ES}:{at(NEWS_ES, 'summary')}: stub: 'yes please' is not true or false"),
    Case("translation-without-original", "content/es/news/2020-01-01-ghost.md", None,
         '---\ntitle: "Fantasma"\n---\n\nTexto.\n',
         "content/es/news/2020-01-01-ghost.md:1: file: has no original in content/en/"),
    Case("unknown-language", "content/de/index.md", None, '---\ntitle: "Start"\n---\n',
         "content/de/index.md:1: language: unknown language folder 'de'"),
    Case("outside-language-folders", "content/stray.md", None, "# Stray\n",
         "content/stray.md:1: file: is outside the language folders"),
    Case("not-utf8", "content/en/news/2020-07-01-latin.md", None,
         b'---\ntitle: "Caf\xe9"\ndate: 2020-07-01\n---\n',
         "content/en/news/2020-07-01-latin.md:2: file: is not UTF-8 text"),
    # Partner.
    Case("partner-bad-country", PARTNER, f"country: {COUNTRY}", "country: XX",
         f"{PARTNER}:{at(PARTNER, 'country')}: country: 'XX' is not an ISO 3166 country code"),
    Case("partner-bad-region", PARTNER, f"region: {REGION}", f"region: {COUNTRY}-ZZZ",
         f"{PARTNER}:{at(PARTNER, 'region')}: region: '{COUNTRY}-ZZZ' is not an ISO 3166-2 "
         "region code"),
    Case("partner-region-other-country", PARTNER, f"region: {REGION}", f"region: {OTHER_REGION}",
         f"{PARTNER}:{at(PARTNER, 'region')}: region: {OTHER_REGION} is not in country "
         f"{COUNTRY}"),
    Case("partner-bad-website", PARTNER, line(PARTNER, "website"), "website: alpha",
         f"{PARTNER}:{at(PARTNER, 'website')}: website: 'alpha' is not a web address"),
    Case("partner-logo-not-found", PARTNER, line(PARTNER, "logo"),
         "logo: assets/partners/nowhere.svg", f"{PARTNER}:{at(PARTNER, 'logo')}: logo: file "
         "not found"),
    Case("partner-logo-alt-missing", PARTNER, line(PARTNER, "logo_alt") + "\n", "",
         f"{PARTNER}:1: logo_alt: missing"),
    Case("partner-bad-role", PARTNER, line(PARTNER, "role"), "role: boss",
         f"{PARTNER}:{at(PARTNER, 'role')}: role: 'boss' is not a role"),
    Case("partner-name-missing", PARTNER, line(PARTNER, "name") + "\n", "",
         f"{PARTNER}:1: name: missing"),
    Case("partner-translation-other-country", PARTNER_FR, "logo_alt:",
         f"country: {OTHER_COUNTRY}\nlogo_alt:",
         f"{PARTNER_FR}:{at(PARTNER_FR, 'logo_alt')}: country: differs from the original "
         f"('{COUNTRY}')"),
    # Pages.
    Case("page-title-missing", PAGE, "title: ", "heading: ",
         f"{PAGE}:{at(PAGE, 'title')}: heading: unknown field"),
    Case("page-hide-not-list", PAGE, line(PAGE, "hide"), "hide: toc",
         f"{PAGE}:{at(PAGE, 'hide')}: hide: must be a list of names"),
    # mkdocs.yml.
    Case("partners-order-unknown", "mkdocs.yml", f"partners_order: [{ORDER[0]},",
         f"partners_order: [acme, {ORDER[0]},",
         "mkdocs.yml:1: partners_order: unknown partner 'acme'"),
    Case("unknown-programme", "mkdocs.yml", "programme: cosme", "programme: cosmos",
         f"mkdocs.yml:{_config_line('programme: cosme')}: funding.programme: "
         "unknown programme 'cosmos'"),
    Case("funding-wording-blank", "mkdocs.yml", "      funding:\n",
         "      strings:\n        es:\n          funding:\n            cosme:\n"
         "              statement: ''\n      funding:\n",
         f"mkdocs.yml:{_config_line('      funding:') + 4}: funding.cosme.statement: "
         "missing wording in language 'es'"),
]


def test_there_are_at_least_30_cases() -> None:
    assert len({case.id for case in CASES}) == len(CASES) >= 30


@pytest.mark.parametrize("name", ["minimal", "multilingual", "edge-cases"])
def test_the_fixture_sites_have_no_errors(tmp_path: Path, name: str) -> None:
    result = run_clamtex("check", cwd=fixture_site(name, tmp_path / name))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith(("No problems found", "0 error(s)"))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_problem_is_one_line_and_exit_1(edge_project: Path, case: Case) -> None:
    case.apply(edge_project)
    result = run_clamtex("check", cwd=edge_project)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    matching = [line for line in lines if line.startswith(case.expected)]
    assert matching, f"expected a line starting with {case.expected!r} in:\n{result.stdout}"
    assert matching[0].endswith(")"), "every line ends with the fix, in parentheses"
    assert "Traceback" not in result.stdout + result.stderr
    assert lines[-1].startswith(("1 error(s)", "2 error(s)", "3 error(s)", "4 error(s)",
                                 "5 error(s)")), lines[-1]


def test_json_format_lists_problems_and_counts(edge_project: Path) -> None:
    project = edge_project
    next(case for case in CASES if case.id == "partner-bad-role").apply(project)
    (project / NEWS_ES).write_text(  # the original's tags repeated: a warning
        (project / NEWS_ES).read_text(encoding="utf-8").replace(
            "summary: ", f"{line(NEWS, 'tags')}\nsummary: ", 1), encoding="utf-8")
    result = run_clamtex("check", "--format", "json", cwd=project)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1
    # The real site's publisher facts are not known yet: warned about (test_legal.py).
    problems = [p for p in report["problems"]
                if not p["field"].startswith(("publisher.", "hosting."))]
    assert report["warnings"] == 1 + len(report["problems"]) - len(problems)
    assert len(problems) == 2
    by_severity = {p["severity"]: p for p in problems}
    assert by_severity["error"] == {
        "file": PARTNER, "line": at(PARTNER, "role"), "field": "role",
        "message": "'boss' is not a role",
        "fix": "write one of: coordinator, beneficiary, affiliated_entity, associated_partner, "
               "partner", "severity": "error"}
    assert by_severity["warning"]["file"] == NEWS_ES
    assert by_severity["warning"]["field"] == "tags"


def test_warnings_alone_exit_0(edge_project: Path) -> None:
    path = edge_project / NEWS_ES
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", f"date: {DATE}\nsummary: ", 1), encoding="utf-8")
    result = run_clamtex("check", cwd=edge_project)
    assert result.returncode == 0, result.stdout
    future = "content/en/news/2999-01-01-from-the-future.md"  # scheduled: an info line
    assert result.stdout.splitlines() == [
        f"{future}:3: date: info: scheduled for 2999-01-01: the site shows it from that day "
        "on (nothing to do: the daily rebuild publishes it; preview it with clamtex serve "
        "--drafts)",
        f"{NEWS_ES}:{at(NEWS_ES, 'summary')}: date: warning: repeats the original's value "
        f"(delete the line: it is set once, in {NEWS})",
        "0 error(s), 1 warning(s): the site can be built.",
    ]


def test_missing_mkdocs_yml_is_one_line(tmp_path: Path) -> None:
    result = run_clamtex("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: mkdocs.yml: not found (run clamtex in the folder that holds mkdocs.yml, "
        "or give it with -f)"]
