"""`clamtex check`: every kind of malformed content gives one line naming file, line and field.

CASES is shared with test_build_errors.py: the build must fail on the same mutations with
the same line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import run_clamtex

NEWS = "content/en/news/2020-06-30-second-project-meeting.md"
NEWS_ES = "content/es/news/2020-06-30-second-project-meeting.md"
PARTNER = "content/en/partners/emc2.md"
PARTNER_FR = "content/fr/partners/emc2.md"
PAGE = "content/en/project.md"


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


def _copy(case_id: str, src: str, dst: str, expected: str) -> Case:
    """A case that writes a copy of `src` under the name `dst`."""
    from support import ROOT

    return Case(case_id, dst, None, (ROOT / src).read_text(encoding="utf-8"), expected)


CASES = [
    # News item: the original.
    Case("bad-date", NEWS, "date: 2020-06-30", "date: 2020-13-30",
         f"{NEWS}:3: date: '2020-13-30' is not a date"),
    Case("short-date", NEWS, "date: 2020-06-30", "date: 2020-6-30",
         f"{NEWS}:3: date: '2020-6-30' is not a date"),
    Case("date-not-file-name", NEWS, "date: 2020-06-30", "date: 2020-07-01",
         f"{NEWS}:3: date: 2020-07-01 differs from the file name's date 2020-06-30"),
    Case("date-missing", NEWS, "date: 2020-06-30\n", "", f"{NEWS}:1: date: missing"),
    Case("title-missing", NEWS, 'title: "Second CLAMTEX project meeting held online"\n', "",
         f"{NEWS}:1: title: missing"),
    Case("title-empty", NEWS, 'title: "Second CLAMTEX project meeting held online"',
         'title: ""', f"{NEWS}:2: title: must be non-empty text"),
    Case("unknown-tag", NEWS, "tags: [project-meetings,", "tags: [parties,",
         f"{NEWS}:5: tags: unknown tag 'parties'"),
    Case("tags-not-list", NEWS,
         "tags: [project-meetings, benchmarking, training, clusterxchange, communication]",
         "tags: training", f"{NEWS}:5: tags: must be a list of names"),
    Case("unknown-partner", NEWS, "partners: [aei-textils,", "partners: [acme,",
         f"{NEWS}:6: partners: unknown partner 'acme'"),
    Case("image-not-found", NEWS, "image: assets/images/news/2020-06-30-second-project-meeting",
         "image: assets/images/news/nowhere", f"{NEWS}:7: image: file not found"),
    Case("image-alt-missing", NEWS, "image_alt: ", "# image_alt: ",
         f"{NEWS}:1: image_alt: missing: the image has no text alternative"),
    Case("unknown-field", NEWS, "image_alt: ", "author: Jo\nimage_alt: ",
         f"{NEWS}:8: author: unknown field"),
    Case("draft-not-boolean", NEWS, "image_alt: ", "draft: maybe\nimage_alt: ",
         f"{NEWS}:8: draft: 'maybe' is not true or false"),
    Case("stub-in-original", NEWS, "image_alt: ", "stub: true\nimage_alt: ",
         f"{NEWS}:8: stub: only translations carry this mark"),
    Case("yaml-colon-in-title", NEWS, 'title: "Second CLAMTEX project meeting held online"',
         "title: Second meeting: online", f"{NEWS}:2: front matter: YAML error"),
    Case("yaml-unclosed-quote", NEWS, 'title: "Second CLAMTEX project meeting held online"',
         'title: "Second CLAMTEX project meeting', f"{NEWS}:4: front matter: YAML error"),
    Case("front-matter-not-closed", NEWS, "\n---\n\nThe five", "\n\nThe five",
         f"{NEWS}:1: front matter: the closing '---' line is missing"),
    _copy("news-name-undated", NEWS, "content/en/news/second-meeting.md",
          "content/en/news/second-meeting.md:1: file: news file name 'second-meeting.md' "
          "does not start with its date"),
    # News item: a translation.
    Case("translation-other-date", NEWS_ES, "summary: ", "date: 2020-07-01\nsummary: ",
         f"{NEWS_ES}:3: date: 2020-07-01 contradicts the original's date 2020-06-30"),
    Case("translation-other-tags", NEWS_ES, "summary: ", "tags: [training]\nsummary: ",
         f"{NEWS_ES}:3: tags: differs from the original"),
    Case("translation-image-alt-missing", NEWS_ES, "image_alt: ", "# image_alt: ",
         f"{NEWS_ES}:1: image_alt: missing: the translated text alternative"),
    Case("translation-unknown-field", NEWS_ES, "summary: ", "titel: Hola\nsummary: ",
         f"{NEWS_ES}:3: titel: unknown field"),
    Case("stub-not-boolean", NEWS_ES, "summary: ", "stub: yes please\nsummary: ",
         f"{NEWS_ES}:3: stub: 'yes please' is not true or false"),
    Case("translation-without-original", "content/es/news/2020-01-01-ghost.md", None,
         '---\ntitle: "Fantasma"\n---\n\nTexto.\n',
         "content/es/news/2020-01-01-ghost.md:1: file: has no original in content/en/"),
    Case("unknown-language", "content/de/index.md", None, '---\ntitle: "Start"\n---\n',
         "content/de/index.md:1: language: unknown language folder 'de'"),
    Case("outside-language-folders", "content/stray.md", None, "# Stray\n",
         "content/stray.md:1: file: is outside the language folders"),
    Case("not-utf8", "content/en/news/2020-07-01-latin.md", None,
         b'---\ntitle: "Caf\xe9"\ndate: 2020-07-01\n---\n',
         "content/en/news/2020-07-01-latin.md:1: file: is not UTF-8 text"),
    # Partner.
    Case("partner-bad-country", PARTNER, "country: FR", "country: XX",
         f"{PARTNER}:4: country: 'XX' is not an ISO 3166 country code"),
    Case("partner-bad-region", PARTNER, "region: FR-PDL", "region: FR-ZZZ",
         f"{PARTNER}:5: region: 'FR-ZZZ' is not an ISO 3166-2 region code"),
    Case("partner-region-other-country", PARTNER, "region: FR-PDL", "region: ES-CT",
         f"{PARTNER}:5: region: ES-CT is not in country FR"),
    Case("partner-bad-website", PARTNER, "role: partner", "role: partner\nwebsite: emc2",
         f"{PARTNER}:9: website: 'emc2' is not a web address"),
    Case("partner-logo-not-found", PARTNER, "logo: assets/partners/emc2.svg",
         "logo: assets/partners/emc3.svg", f"{PARTNER}:6: logo: file not found"),
    Case("partner-logo-alt-missing", PARTNER, "logo_alt: EMC2 logo\n", "",
         f"{PARTNER}:1: logo_alt: missing"),
    Case("partner-bad-role", PARTNER, "role: partner", "role: boss",
         f"{PARTNER}:8: role: 'boss' is not a role"),
    Case("partner-name-missing", PARTNER, "name: EMC2\n", "", f"{PARTNER}:1: name: missing"),
    Case("partner-translation-other-country", PARTNER_FR, "logo_alt:", "country: ES\nlogo_alt:",
         f"{PARTNER_FR}:3: country: differs from the original ('FR')"),
    # Pages.
    Case("page-title-missing", PAGE, "title: ", "heading: ", f"{PAGE}:2: heading: unknown field"),
    Case("page-hide-not-list", PAGE, "---\n\n", "hide: toc\n---\n\n",
         f"{PAGE}:4: hide: must be a list of names"),
    # mkdocs.yml.
    Case("partners-order-unknown", "mkdocs.yml", "partners_order: [aei-textils,",
         "partners_order: [acme, aei-textils,",
         "mkdocs.yml:1: partners_order: unknown partner 'acme'"),
    Case("unknown-programme", "mkdocs.yml", "programme: cosme", "programme: cosmos",
         "mkdocs.yml:1: funding.programme: unknown programme 'cosmos'"),
    Case("funding-wording-blank", "mkdocs.yml", "      funding:\n",
         "      strings:\n        es:\n          funding:\n            cosme:\n"
         "              statement: ''\n      funding:\n",
         "mkdocs.yml:1: funding.cosme.statement: missing wording in language 'es'"),
]


def test_there_are_at_least_30_cases() -> None:
    assert len({case.id for case in CASES}) == len(CASES) >= 30


def test_the_project_as_shipped_has_no_errors(project: Path) -> None:
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith(("No problems found", "0 error(s)"))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_problem_is_one_line_and_exit_1(project: Path, case: Case) -> None:
    case.apply(project)
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    matching = [line for line in lines if line.startswith(case.expected)]
    assert matching, f"expected a line starting with {case.expected!r} in:\n{result.stdout}"
    assert matching[0].endswith(")"), "every line ends with the fix, in parentheses"
    assert "Traceback" not in result.stdout + result.stderr
    assert lines[-1].startswith(("1 error(s)", "2 error(s)", "3 error(s)", "4 error(s)",
                                 "5 error(s)")), lines[-1]


def test_json_format_lists_problems_and_counts(project: Path) -> None:
    next(case for case in CASES if case.id == "partner-bad-role").apply(project)
    (project / NEWS_ES).write_text(
        (project / NEWS_ES).read_text(encoding="utf-8").replace(
            "summary: ", "tags: [project-meetings, benchmarking, training, clusterxchange, "
            "communication]\nsummary: ", 1), encoding="utf-8")
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
        "file": PARTNER, "line": 8, "field": "role", "message": "'boss' is not a role",
        "fix": "write one of: coordinator, partner", "severity": "error"}
    assert by_severity["warning"]["file"] == NEWS_ES
    assert by_severity["warning"]["field"] == "tags"


def test_warnings_alone_exit_0(project: Path) -> None:
    path = project / NEWS_ES
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", "date: 2020-06-30\nsummary: ", 1),
                    encoding="utf-8")
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    # The real site's publisher facts are not known yet: warned about (test_legal.py).
    legal = [line for line in lines if line.startswith("mkdocs.yml:")
             and line.split(": ")[1].startswith(("publisher.", "hosting."))]
    assert [line for line in lines if line not in legal] == [
        f"{NEWS_ES}:3: date: warning: repeats the original's value (delete the line: it is "
        f"set once, in {NEWS})",
        f"0 error(s), {1 + len(legal)} warning(s): the site can be built.",
    ]


def test_missing_mkdocs_yml_is_one_line(tmp_path: Path) -> None:
    result = run_clamtex("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: mkdocs.yml: not found (run clamtex in the folder that holds mkdocs.yml, "
        "or give it with -f)"]
