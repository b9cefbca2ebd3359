"""Reading Markdown files: YAML front matter with the line of each key, and the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so that we validate them ourselves."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml's parser when PyYAML has it (10x faster: front matter is most of a model load).
_Fast: type = getattr(yaml, "CSafeLoader", _Loader)
if _Fast is not _Loader:
    _Fast = type("_Fast", (_Fast,), {"yaml_implicit_resolvers": _Loader.yaml_implicit_resolvers})


def _load(raw: str) -> tuple[Any, Any]:
    """(root node, data) of a YAML text, parsed once."""
    loader = _Fast(raw)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file of the content folder."""

    path: Path  # absolute
    display: str  # path shown to editors, relative to the project
    lang: str
    key: str  # path under the language folder, posix: news/2020-06-30-x.md
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line in the file
    body: str = ""

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def parse(text: str, *, path: Path, display: str, lang: str,
          key: str) -> tuple[SourceFile, list[Problem]]:
    """Split front matter from body; problems are reported, never raised."""
    source = SourceFile(path=path, display=display, lang=lang, key=key, body=text)
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.lstrip().startswith("---"):
            return source, [
                Problem(display, 1, "front matter", "the closing '---' line is missing",
                        "end the front matter with a line holding only ---")
            ]
        return source, []
    raw = match.group(1)
    body = text[match.end():]
    try:
        node, meta = _load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        reason = getattr(exc, "problem", None) or "not valid YAML"
        return source, [
            Problem(display, line, "front matter", f"YAML error: {reason}",
                    "check the colons, quotes and indentation of this line")
        ]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return source, [
            Problem(display, 2, "front matter", "is not a list of 'key: value' lines",
                    "write one 'key: value' per line between the --- lines")
        ]
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 2
    meta = {str(k): v for k, v in meta.items()}
    return SourceFile(path, display, lang, key, meta, lines, body), []


Parsed = tuple[SourceFile, list[Problem]]
# Files already parsed in this process, by path, modification time and size: a preview
# server rebuilds the site on every change without parsing the unchanged files again.
_parsed: dict[tuple[str, int, int, str, str, str], Parsed] = {}


def read(path: Path, *, display: str, lang: str, key: str) -> Parsed:
    """Read and parse one file; an unreadable file is a problem, not an exception."""
    stat = path.stat()
    memo = (str(path), stat.st_mtime_ns, stat.st_size, display, lang, key)
    known = _parsed.get(memo)
    if known is not None:
        return known
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return SourceFile(path, display, lang, key), [
            Problem(display, 1, "file", "is not UTF-8 text", "save the file as UTF-8")
        ]
    result = _parsed[memo] = parse(text, path=path, display=display, lang=lang, key=key)
    return result
