"""`clamtex status`: the translation table, totals, --missing, --strict and --mark-translated."""

from __future__ import annotations

import re
from pathlib import Path

from support import ROOT, run_clamtex

NEWS = "content/en/news/2020-06-30-second-project-meeting.md"
NEWS_ES = "content/es/news/2020-06-30-second-project-meeting.md"
ENTRIES = sorted(p.relative_to(ROOT / "content/en").as_posix()
                 for p in (ROOT / "content/en").rglob("*.md"))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _unmark(path: Path) -> None:
    """Remove the source_hash line: the translation becomes 'unchecked'."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^source_hash: .*\n", "", text, count=1), encoding="utf-8")


def test_table_has_every_entry_and_language_and_totals(project: Path) -> None:
    (project / "content/fr/project.md").unlink()
    _replace(project / "content/pt/index.md", "---\ntitle:", "---\nstub: true\ntitle:")
    _unmark(project / "content/ca/clusterxchange.md")
    result = run_clamtex("status", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["entry", "es", "ca", "pt", "fr"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:1 + len(ENTRIES)]}
    assert sorted(rows) == ENTRIES
    assert rows["project.md"] == ["translated", "translated", "translated", "missing"]
    assert rows["index.md"] == ["translated", "translated", "stub", "translated"]
    assert rows["clusterxchange.md"] == ["translated", "unchecked", "translated", "translated"]
    totals = lines[lines.index("") + 1:]
    n = len(ENTRIES)
    assert totals == [
        "language  translated  unchecked  stale  stub  missing",
        f"es        {n:>10}          0      0     0        0",
        f"ca        {n - 1:>10}          1      0     0        0",
        f"pt        {n - 1:>10}          0      0     1        0",
        f"fr        {n - 1:>10}          0      0     0        1",
    ]


def test_mark_translated_then_stale_then_strict(project: Path) -> None:
    _unmark(project / NEWS_ES)
    before = (project / NEWS_ES).read_text(encoding="utf-8")
    marked = run_clamtex("status", "--mark-translated", NEWS_ES, cwd=project)
    assert marked.returncode == 0, marked.stderr
    shown, field, value, note = marked.stdout.strip().split(" ", 3)
    assert (shown, field, note) == (f"{NEWS_ES}:", "source_hash:", "(marked translated)")
    assert len(value) == 16
    after = (project / NEWS_ES).read_text(encoding="utf-8")
    # Exactly one line added, at the end of the front matter; the rest byte-identical.
    head, sep, body = before.partition("\n---\n")
    assert after == f"{head}\nsource_hash: {value}{sep}{body}"

    status = run_clamtex("status", "--lang", "es", cwd=project)
    row = next(line for line in status.stdout.splitlines() if line.startswith("news/2020-06-30"))
    assert row.split()[1] == "translated"

    # Marking again changes nothing; re-wrapping the original's lines does not count.
    assert run_clamtex("status", "--mark-translated", NEWS_ES, cwd=project).returncode == 0
    assert (project / NEWS_ES).read_text(encoding="utf-8") == after
    _replace(project / NEWS, "The five CLAMTEX partners held", "The five CLAMTEX partners\nheld")
    status = run_clamtex("status", "--lang", "es", "--strict", cwd=project)
    assert status.returncode == 0, status.stdout

    # A real change of the original makes the translation stale.
    _replace(project / NEWS, "The five CLAMTEX partners", "The five partners")
    strict = run_clamtex("status", "--missing", "--strict", "--lang", "es", cwd=project)
    assert strict.returncode == 1
    assert strict.stdout.splitlines() == [
        f"{NEWS_ES}: stale (the original changed: update the translation, then run clamtex "
        f"status --mark-translated {NEWS_ES})"]
    without_strict = run_clamtex("status", "--missing", "--lang", "es", cwd=project)
    assert without_strict.returncode == 0


def test_mark_translated_updates_the_line_in_place(project: Path) -> None:
    path = project / NEWS_ES
    _unmark(path)
    _replace(path, "summary: ", "# reviewed by Marta\nsource_hash: 0000\nsummary: ")
    before = path.read_text(encoding="utf-8").splitlines()
    result = run_clamtex("status", "--mark-translated", NEWS_ES, cwd=project)
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    assert changed[0][0] == "source_hash: 0000"
    assert changed[0][1].startswith("source_hash: ") and changed[0][1] != "source_hash: 0000"
    assert after[2] == "# reviewed by Marta"


def test_strict_fails_on_a_stub_and_missing_lists_it(project: Path) -> None:
    made = run_clamtex("new", "news", "Winter school", "--date", "2020-12-01", cwd=project)
    assert made.returncode == 0, made.stderr
    result = run_clamtex("status", "--missing", "--strict", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"content/{lang}/news/2020-12-01-winter-school.md: stub (translate it, delete the line "
        f"stub: true, then run clamtex status --mark-translated "
        f"content/{lang}/news/2020-12-01-winter-school.md)" for lang in ("es", "ca", "pt", "fr")]


def test_nothing_to_do_and_strict_passes(project: Path) -> None:
    result = run_clamtex("status", "--missing", "--strict", cwd=project)
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["Nothing to translate."]


def test_mark_translated_refuses_what_it_cannot_mark(project: Path) -> None:
    made = run_clamtex("new", "news", "Winter school", "--date", "2020-12-01", cwd=project)
    assert made.returncode == 0
    stub = "content/es/news/2020-12-01-winter-school.md"
    before = (project / stub).read_bytes()
    result = run_clamtex("status", "--mark-translated", stub, NEWS, "content/es/nope.md",
                         cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {stub}: stub: still marked as not translated (translate it, delete the line "
        "stub: true, then run this again)",
        f"error: {NEWS}: file: is an original, not a translation (give the path of a "
        "translation, e.g. content/es/news/2020-06-30-second-project-meeting.md)",
        "error: content/es/nope.md: file: not found (check the path)",
    ]
    assert (project / stub).read_bytes() == before


def test_unknown_language_is_one_line(project: Path) -> None:
    result = run_clamtex("status", "--lang", "de", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: --lang: 'de' is not a translation language (use one of: es, ca, pt, fr)"]
