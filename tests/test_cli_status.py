"""`clamtex status`: the translation table, totals, --missing, --strict and --mark-translated.

On copies of the five-language fixture site, whose translations are first marked as
checked (the fixture's files carry no source_hash); every state expected is read from the
files: no file is missing, `stub: true` a stub, no source_hash unchecked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import SITES, content_keys, front_matter, news_keys, run_clamtex, site_languages

MULTI = SITES / "multilingual"
DEFAULT, *OTHERS = site_languages(MULTI)
ENTRIES = content_keys(MULTI)
# A news item and one of its translations (the oldest item the fixture translates into es).
ITEM = next(k for k in reversed(news_keys(MULTI)) if (MULTI / "content/es" / k).is_file()
            and not front_matter(MULTI / "content/es" / k).get("stub"))
NEWS, NEWS_ES = f"content/{DEFAULT}/{ITEM}", f"content/es/{ITEM}"
STATES = ("translated", "unchecked", "stale", "stub", "missing")
ADVICE = {"stub": "translate it, delete the line stub: true, then run clamtex status "
                  "--mark-translated {path}",
          "missing": "copy the original {original} here and translate it"}


def translations(project: Path) -> list[str]:
    """Every translation file that is not a stub, as a path from the project."""
    return [f"content/{lang}/{key}" for key in ENTRIES for lang in OTHERS
            if (project / "content" / lang / key).is_file()
            and not front_matter(project / "content" / lang / key).get("stub")]


@pytest.fixture
def project(multilingual_project: Path) -> Path:
    """The fixture, with every real translation marked as checked."""
    result = run_clamtex("status", "--mark-translated", *translations(multilingual_project),
                         cwd=multilingual_project)
    assert result.returncode == 0, result.stderr
    return multilingual_project


def state(project: Path, lang: str, key: str) -> str:
    """The state a translation is in, from its file (its original unchanged since marking)."""
    path = project / "content" / lang / key
    if not path.is_file():
        return "missing"
    meta = front_matter(path)
    if meta.get("stub"):
        return "stub"
    return "translated" if meta.get("source_hash") else "unchecked"


def to_do(project: Path, langs: list[str]) -> list[str]:
    """The lines of `status --missing`: each stub and missing file, with its advice."""
    lines = []
    for key in content_keys(project):
        for lang in langs:
            path, todo = f"content/{lang}/{key}", state(project, lang, key)
            if todo in ADVICE:
                advice = ADVICE[todo].format(path=path, original=f"content/{DEFAULT}/{key}")
                lines.append(f"{path}: {todo} ({advice})")
    return lines


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _unmark(path: Path) -> None:
    """Remove the source_hash line: the translation becomes 'unchecked'."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^source_hash: .*\n", "", text, count=1), encoding="utf-8")


def body_words(path: Path) -> tuple[str, str]:
    """The first two words of a file's body (after the front matter)."""
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    first, second = body.split()[:2]
    return first, second


def edit_body(path: Path, old: str, new: str) -> None:
    """Replace text in the body only (the summary may say the same)."""
    head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
    assert body.count(old) == 1
    path.write_text(head + sep + body.replace(old, new), encoding="utf-8")


def make_stub(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text("---\nstub: true\n" + text.removeprefix("---\n"), encoding="utf-8")


def test_table_has_every_entry_and_language_and_totals(project: Path) -> None:
    removed = next(k for k in ENTRIES if state(project, OTHERS[-1], k) == "translated")
    (project / "content" / OTHERS[-1] / removed).unlink()
    stubbed = next(k for k in ENTRIES if state(project, OTHERS[-2], k) == "translated")
    make_stub(project / "content" / OTHERS[-2] / stubbed)
    unchecked = next(k for k in ENTRIES if state(project, OTHERS[1], k) == "translated")
    _unmark(project / "content" / OTHERS[1] / unchecked)
    result = run_clamtex("status", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["entry", *OTHERS]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:1 + len(ENTRIES)]}
    assert sorted(rows) == ENTRIES
    for key in ENTRIES:
        assert rows[key] == [state(project, lang, key) for lang in OTHERS], key
    assert rows[removed][-1] == "missing" and rows[stubbed][-2] == "stub"
    assert rows[unchecked][1] == "unchecked"
    totals = lines[lines.index("") + 1:]
    assert totals[0] == "language  translated  unchecked  stale  stub  missing"
    for lang, row in zip(OTHERS, totals[1:], strict=True):
        counts = [sum(state(project, lang, key) == s for key in ENTRIES) for s in STATES]
        assert row.split() == [lang, *map(str, counts)], row


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
    row = next(line for line in status.stdout.splitlines() if line.startswith(ITEM))
    assert row.split()[1] == "translated"

    # Marking again changes nothing; re-wrapping the original's lines does not count.
    assert run_clamtex("status", "--mark-translated", NEWS_ES, cwd=project).returncode == 0
    assert (project / NEWS_ES).read_text(encoding="utf-8") == after
    first, second = body_words(project / NEWS)
    edit_body(project / NEWS, f"{first} {second}", f"{first}\n{second}")
    status = run_clamtex("status", "--missing", "--lang", "es", cwd=project)
    assert status.stdout.splitlines() == to_do(project, ["es"])  # not stale

    # A real change of the original makes the translation stale.
    edit_body(project / NEWS, f"{first}\n{second}", f"{first} changed {second}")
    strict = run_clamtex("status", "--missing", "--strict", "--lang", "es", cwd=project)
    assert strict.returncode == 1
    stale = (f"{NEWS_ES}: stale (the original changed: update the translation, then run "
             f"clamtex status --mark-translated {NEWS_ES})")
    lines = strict.stdout.splitlines()
    assert stale in lines
    assert [line for line in lines if line != stale] == to_do(project, ["es"])
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
    lines = result.stdout.splitlines()
    assert lines == to_do(project, OTHERS)
    assert [line for line in lines if "winter-school" in line] == [
        f"content/{lang}/news/2020-12-01-winter-school.md: stub (translate it, delete the line "
        f"stub: true, then run clamtex status --mark-translated "
        f"content/{lang}/news/2020-12-01-winter-school.md)" for lang in OTHERS]


def test_nothing_to_do_and_strict_passes(project: Path) -> None:
    for key in ENTRIES:  # translate what is left: a copy of the original, then marked
        for lang in OTHERS:
            if state(project, lang, key) != "translated":
                original = (project / "content" / DEFAULT / key).read_text(encoding="utf-8")
                target = project / "content" / lang / key
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(original, encoding="utf-8")
    assert run_clamtex("status", "--mark-translated", *translations(project),
                       cwd=project).returncode == 0
    result = run_clamtex("status", "--missing", "--strict", cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == ["Nothing to translate."]


def test_missing_lists_what_is_left_to_translate(project: Path) -> None:
    result = run_clamtex("status", "--missing", "--lang", OTHERS[-1], cwd=project)
    assert result.returncode == 0
    assert result.stdout.splitlines() == to_do(project, [OTHERS[-1]])


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
        f"translation, e.g. content/es/{ITEM})",
        "error: content/es/nope.md: file: not found (check the path)",
    ]
    assert (project / stub).read_bytes() == before


def test_unknown_language_is_one_line(project: Path) -> None:
    result = run_clamtex("status", "--lang", "de", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: --lang: 'de' is not a translation language (use one of: {', '.join(OTHERS)})"]
