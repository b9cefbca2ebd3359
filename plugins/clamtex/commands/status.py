"""`clamtex status`: which entry is translated into which language, and what is left to do.

A translation records what it was made from: `source_hash`, a hash of the original's
translatable text (title, summary, image_alt / logo_alt and body, whitespace normalised).
When the original changes, the hashes differ and the translation is *stale*.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from clamtex.commands.scaffold import replace_file
from clamtex.content.frontmatter import FRONT_MATTER, SourceFile
from clamtex.content.model import Entry, Site
from clamtex.exceptions import MarkError

TRANSLATABLE = ("title", "summary", "image_alt", "logo_alt")
STATES = ("translated", "unchecked", "stale", "stub", "missing")
TO_DO = ("stale", "stub", "missing")
ADVICE = {
    "stale": "the original changed: update the translation, then run clamtex status "
             "--mark-translated {path}",
    "stub": "translate it, delete the line stub: true, then run clamtex status "
            "--mark-translated {path}",
    "missing": "copy the original {original} here and translate it",
}


def source_hash(original: SourceFile) -> str:
    """Hash of the original's translatable text; whitespace and line breaks do not count."""
    parts = {name: " ".join(str(original.meta.get(name, "")).split()) for name in TRANSLATABLE}
    parts["body"] = " ".join(original.body.split())
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Cell:
    """One entry in one language."""

    key: str
    lang: str
    state: str
    path: str  # the translation's file, shown to editors
    original_lang: str = ""


def state_of(entry: Entry, lang: str) -> str:
    if lang in entry.stubs:
        return "stub"
    text = entry.texts.get(lang)
    if text is None:
        return "missing"
    recorded = text.source.meta.get("source_hash")
    if not recorded:
        return "unchecked"
    return "translated" if str(recorded) == source_hash(entry.original) else "stale"


def table(site: Site, languages: list[str]) -> list[Cell]:
    """Every entry (pages, news, partners) x every translation language."""
    settings = site.settings
    root = settings.content_dir.relative_to(
        settings.display_root or settings.content_dir.parent).as_posix()
    cells = []
    for key in sorted(site.entries):
        entry = site.entries[key]
        for lang in languages:
            cells.append(Cell(key, lang, state_of(entry, lang), f"{root}/{lang}/{key}",
                              settings.default))
    return cells


def totals(cells: list[Cell], languages: list[str]) -> dict[str, Counter[str]]:
    result = {lang: Counter({state: 0 for state in STATES}) for lang in languages}
    for cell in cells:
        result[cell.lang][cell.state] += 1
    return result


def render_table(cells: list[Cell], languages: list[str]) -> list[str]:
    keys = list(dict.fromkeys(cell.key for cell in cells))
    state = {(c.key, c.lang): c.state for c in cells}
    width = max([len("entry"), *(len(k) for k in keys)])
    col = max(len(s) for s in STATES)
    lines = ["  ".join(["entry".ljust(width), *(lang.ljust(col) for lang in languages)]).rstrip()]
    for key in keys:
        row = [key.ljust(width), *(state[key, lang].ljust(col) for lang in languages)]
        lines.append("  ".join(row).rstrip())
    return lines


def render_totals(cells: list[Cell], languages: list[str]) -> list[str]:
    counted = totals(cells, languages)
    lines = ["  ".join(["language", *(s.rjust(len(s)) for s in STATES)])]
    for lang in languages:
        counts = [str(counted[lang][s]).rjust(len(s)) for s in STATES]
        lines.append("  ".join([lang.ljust(len("language")), *counts]))
    return lines


def render_to_do(cells: list[Cell]) -> list[str]:
    lines = []
    for c in cells:
        if c.state in TO_DO:
            original = c.path.replace(f"/{c.lang}/", f"/{c.original_lang}/", 1)
            advice = ADVICE[c.state].format(path=c.path, original=original)
            lines.append(f"{c.path}: {c.state} ({advice})")
    return lines


# -- marking a translation as up to date ----------------------------------------------

_HASH_LINE = re.compile(r"^source_hash:.*$", re.M)


def with_hash(text: str, value: str) -> str:
    """The file's text with `source_hash: value` set; every other byte is kept."""
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ValueError("no front matter")
    head = match.group("yaml")
    line = f"source_hash: {value}"
    if _HASH_LINE.search(head):
        head = _HASH_LINE.sub(line, head, count=1)
    else:
        newline = "\r\n" if match.group("open").endswith("\r\n") else "\n"
        if head and not head.endswith("\n"):
            head += newline
        head += line + newline
    return text[: match.start("yaml")] + head + text[match.end("yaml"):]


def mark_translated(site: Site, file: Path) -> tuple[str, str]:
    """Record in a translation the hash of its original; returns (display path, hash)."""
    settings = site.settings
    path = file.resolve()
    shown = file.as_posix()
    try:
        rel = path.relative_to(settings.content_dir.resolve())
    except ValueError:
        raise MarkError(f"{shown}: file: is not in the content folder (give the path of a "
                        f"translation, e.g. content/es/news/x.md)") from None
    if not path.is_file():
        raise MarkError(f"{shown}: file: not found (check the path)")
    lang, key = rel.parts[0], Path(*rel.parts[1:]).as_posix()
    if lang == settings.default:
        raise MarkError(f"{shown}: file: is an original, not a translation (give the path "
                        f"of a translation, e.g. content/es/{key})")
    entry = site.entry(key)
    if entry is None:
        raise MarkError(f"{shown}: file: its original content/{settings.default}/{key} is "
                        "missing or has errors (run clamtex check)")
    if lang in entry.stubs:
        raise MarkError(f"{shown}: stub: still marked as not translated (translate it, "
                        "delete the line stub: true, then run this again)")
    if lang not in entry.texts:
        raise MarkError(f"{shown}: file: has errors (run clamtex check)")
    value = source_hash(entry.original)
    text = path.read_bytes().decode("utf-8")
    try:
        updated = with_hash(text, value)
    except ValueError:
        raise MarkError(f"{shown}: front matter: missing (start the file with the --- lines "
                        "holding its title)") from None
    if updated != text:
        replace_file(path, updated)
    return shown, value
