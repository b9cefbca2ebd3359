"""Reading Markdown files: YAML front matter with the line of each key, and the body."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clamtex.content.problems import Problem


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
    """(root node, data) of a YAML text, parsed once.

    Raises `Refused` for what SafeLoader would accept but we do not (anchors and aliases,
    duplicate keys, deep nesting), before anything is constructed: an alias "bomb" costs
    its few hundred bytes, never the gigabytes its expansion would.
    """
    if ("&" in raw and _MAYBE_ANCHOR.search(raw)) or _nesting_bound(raw) > _SAFE_TO_COMPOSE:
        _scan_events(raw)  # the only way to see an anchor; also measures depth, flat
    loader = _Fast(raw)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_tree(node)
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _line(event: yaml.Event) -> int:
    """The line (from 0) where a YAML event starts."""
    mark = event.start_mark
    return mark.line if mark is not None else 0


class Refused(Exception):
    """Valid YAML that front matter does not accept; carries the one-line problem."""

    def __init__(self, line: int, field: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message, self.fix = line, printable(field), message, fix


# Characters never shown raw in a message (a terminal would obey an escape sequence).
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                         "\ud800-\udfff\ufeff\ufffe\uffff]")


def printable(text: object, limit: int = 80) -> str:
    """`text` safe to print in a one-line message: control characters as \\uXXXX, cut."""
    shown = _UNSHOWABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


# Where an anchor (&a) could start: at a node's start, after a space, [ { , : or at the
# start of the text. "R&D" cannot be one. The event scan (slower than parsing) runs only
# when this matches; there is no alias (*a) without an anchor.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:])&[^\s\[\]{},]")

# Front matter is a flat list of fields, some holding a list: 2-3 levels. Deeper is a
# mistake or an attack (libyaml's composer recurses in C: 100,000 levels crash Python).
MAX_DEPTH = 20
_SAFE_TO_COMPOSE = 1000


def _nesting_bound(raw: str) -> int:
    """An upper bound of the YAML nesting depth, for free: each level needs a bracket,
    a brace, a new line or a block indicator (`- `, `? `) to open it."""
    return (raw.count("[") + raw.count("{") + raw.count("\n") + raw.count("-")
            + raw.count("?") + 1)


def _scan_events(raw: str) -> None:
    """Refuse anchors, aliases and deep nesting from libyaml's event stream (flat, no
    recursion, nothing built)."""
    depth = 0
    top = "front matter"  # the field being read, for the message
    key_next = True  # whether the next scalar of the top mapping is a key
    for event in yaml.parse(raw, Loader=_Fast):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            kind = "an alias (*)" if isinstance(event, yaml.AliasEvent) else "an anchor (&)"
            raise Refused(_line(event) + 2, top, f"uses {kind}: YAML anchors and "
                          "aliases are not accepted in front matter",
                          "write the value out in full")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(_line(event) + 2, top, _DEEP, _DEEP_FIX)
            if depth == 2:
                key_next = True  # a field's list or mapping: a key comes after it
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        elif depth == 1 and isinstance(event, yaml.ScalarEvent):
            if key_next:
                top = event.value
            key_next = not key_next


_DEEP = f"nests lists or fields more than {MAX_DEPTH} levels deep"
_DEEP_FIX = "write one 'key: value' per line, lists as [a, b]"


def _check_tree(root: Any) -> None:
    """Refuse duplicate keys (at any level) and deep nesting, walking the composed nodes
    without recursion. PyYAML would silently keep the last of two equal keys."""
    stack = [(root, 1, "front matter")]
    seen_nodes: set[int] = set()  # a collection met twice is an alias (a safety net)
    while stack:
        node, depth, top = stack.pop()
        if depth > MAX_DEPTH:
            raise Refused(node.start_mark.line + 2, top, _DEEP, _DEEP_FIX)
        if isinstance(node, yaml.CollectionNode):
            if id(node) in seen_nodes:
                raise Refused(node.start_mark.line + 2, top, "uses an alias (*): YAML "
                              "anchors and aliases are not accepted in front matter",
                              "write the value out in full")
            seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else ""
                line = key.start_mark.line + 2
                field = name if depth == 1 else top
                if name and name in seen:
                    where = "" if depth == 1 else f"key '{name}' "
                    raise Refused(line, field, f"{where}appears twice, on lines {seen[name]} "
                                  f"and {line}", "keep one of the two lines and delete the other")
                seen.setdefault(name, line)
                stack.append((value, depth + 1, field))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1, top) for item in node.value)


# The front matter's opening line, its YAML and its closing line (status.py rewrites it).
FRONT_MATTER = re.compile(
    r"\A(?P<open>---[ \t]*\r?\n)(?P<yaml>.*?)(?P<close>^---[ \t]*(?:\r?\n|\Z))", re.S | re.M)


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

    def body_line(self) -> int:
        """Line number of the body's first line in the file (read again: only on a problem)."""
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return 1
        head = text[: len(text) - len(self.body)] if text.endswith(self.body) else ""
        return head.count("\n") + 1


def parse(text: str, *, path: Path, display: str, lang: str,
          key: str) -> tuple[SourceFile, list[Problem]]:
    """Split front matter from body; problems are reported, never raised."""
    if text.startswith("\ufeff"):  # a byte-order mark, as some Windows editors save
        text = text[1:]
    source = SourceFile(path=path, display=display, lang=lang, key=key, body=text)
    match = FRONT_MATTER.match(text)
    if not match:
        if text.lstrip().startswith("---"):
            return source, [
                Problem(display, 1, "front matter", "the closing '---' line is missing",
                        "end the front matter with a line holding only ---")
            ]
        return source, []
    raw = match.group("yaml")
    body = text[match.end():]
    try:
        node, meta = _load(raw)
    except Refused as exc:
        return source, [Problem(display, exc.line, exc.field, exc.message, exc.fix)]
    except yaml.reader.ReaderError as exc:  # a raw control character
        return source, [_unreadable(display, raw, exc)]
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


def _unreadable(display: str, raw: str, exc: yaml.reader.ReaderError) -> Problem:
    """The line and code of the character YAML refuses to read."""
    found = _CONTROL.search(raw)
    at = found.start() if found else max(exc.position, 0)
    char = raw[at] if at < len(raw) else chr(exc.character)
    return Problem(display, raw.count("\n", 0, at) + 2, "front matter",
                   f"holds the invisible control character U+{ord(char):04X}",
                   "delete it (retype the line if you cannot see it)")


# What YAML itself refuses to read (see yaml.reader.Reader.NON_PRINTABLE).
_CONTROL = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                      "\U00010000-\U0010ffff]")


Parsed = tuple[SourceFile, list[Problem]]
Memo = tuple[str, bytes, str, str, str]  # path, SHA-256 of the bytes, display, lang, key
# Files already parsed in this process, by path and content: a preview server rebuilds the
# site on every change without parsing the unchanged files again. Never by modification
# time and size: `cp -p`, `rsync -t` or `git stash pop` keep both across an edit.
_parsed: dict[Memo, Parsed] = {}
_used: set[Memo] = set()  # read since the last load_store()
_stored: set[Memo] = set()  # what the store holds
_loaded_from: Path | None = None  # the store this process has read (once: previews rebuild)
_saved = False  # whether this process has had its chance to save the store

_UNREADABLE_FIX = {
    13: "make it readable (chmod a+r), or move it out of the content folder",
    1: "make it readable (chmod a+r), or move it out of the content folder",
    2: "it is a broken link or vanished: restore it or delete it",
    21: "a folder must not end in .md: rename it",
}


def read(path: Path | str, *, display: str, lang: str, key: str) -> Parsed:
    """Read and parse one file; an unreadable file is a problem, not an exception."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        fix = _UNREADABLE_FIX.get(exc.errno or 0, "check the file's permissions")
        return SourceFile(Path(path), display, lang, key), [
            Problem(display, 1, "file", f"cannot be read ({exc.strerror or exc})", fix)
        ]
    memo = (str(path), hashlib.sha256(data).digest(), display, lang, key)
    _used.add(memo)
    known = _parsed.get(memo)
    if known is not None:
        return known
    path = Path(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return SourceFile(path, display, lang, key), [
            Problem(display, line, "file", f"is not UTF-8 text (byte 0x{data[exc.start]:02x} "
                    f"on line {line})", "save the file as UTF-8")
        ]
    if "\r" in text:  # as read_text() reads: universal newlines
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    result = _parsed[memo] = parse(text, path=path, display=display, lang=lang, key=key)
    return result


# -- kept between runs -------------------------------------------------------------------
# A build reads every file of every language; parsing their front matter is most of it.
# The parsed files are kept in the cache folder, by path and SHA-256 of their bytes, in
# `marshal` format (plain data), salted with this module's code. The store begins with the
# SHA-256 of the rest: a truncated or altered store is not read at all (marshal is not
# meant for untrusted bytes), and its rows are checked for their shape.

_SALT = hashlib.sha256(Path(__file__).read_bytes() + yaml.__version__.encode()
                       + _Fast.__name__.encode()).hexdigest()
_STORE_MAGIC = b"clamtex-frontmatter-2\n"


def _rows(data: bytes) -> dict[Memo, Parsed] | None:
    """The parsed files of a store's bytes, or None if they are not a sound store."""
    head = len(_STORE_MAGIC)
    payload = memoryview(data)[head + 32:]
    if data[:head] != _STORE_MAGIC or hashlib.sha256(payload).digest() != data[head:head + 32]:
        return None
    try:
        salt, rows = marshal.loads(payload)
        if salt != _SALT:
            return None
        parsed: dict[Memo, Parsed] = {}
        for memo, (meta, lines, body, problems) in rows.items():
            path, content, display, lang, key = memo
            if not (isinstance(content, bytes) and isinstance(meta, dict)
                    and isinstance(lines, dict) and isinstance(body, str)
                    and all(isinstance(v, str) for v in (path, display, lang, key))):
                return None
            source = SourceFile(Path(path), display, lang, key, meta, lines, body)
            parsed[memo] = (source, [Problem(*p) for p in problems])
    except Exception:  # any other shape: not ours (or another version's)
        return None
    return parsed


def load_store(store: Path) -> None:
    """Start a run: take in the files an earlier run parsed (a missing, damaged or old store
    is ignored: every file is parsed, and the store written anew)."""
    global _loaded_from
    _used.clear()
    if store == _loaded_from:
        return
    _loaded_from = store
    _stored.clear()
    try:
        data = store.read_bytes()
    except OSError:
        return
    rows = _rows(data)
    if rows is None:
        return
    for memo, parsed in rows.items():
        _parsed.setdefault(memo, parsed)
        _stored.add(memo)


def save_store(store: Path) -> None:
    """End a run: keep the files it read, if any was parsed anew or is gone since.

    Only the first run of a process saves: a preview server rebuilds on every edit and
    keeps what it parses in memory (the next build parses those few files again). A store
    that cannot be written is said in one warning line; the build goes on.
    """
    global _saved
    first, _saved = not _saved, True
    if not first or _used == _stored:  # a file parsed anew is not in the store yet
        return
    rows = {}
    for memo in _used:
        source, problems = _parsed.get(memo) or (None, [])
        if source is not None:
            rows[memo] = (source.meta, source.lines, source.body,
                          [(p.file, p.line, p.field, p.message, p.fix, p.severity)
                           for p in problems])
    try:
        payload = marshal.dumps((_SALT, rows))
    except ValueError:  # a value marshal cannot hold (YAML can make odd ones): no store
        return
    fresh = store.with_name(f"{store.name}.{os.getpid()}")
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        fresh.write_bytes(_STORE_MAGIC + hashlib.sha256(payload).digest() + payload)
        if store.is_dir() and not store.is_symlink():
            shutil.rmtree(store)  # a folder in the way: ours to replace
        os.replace(fresh, store)
    except OSError as exc:
        from clamtex.cachefiles import cache_problem, warn

        warn(cache_problem(store.parent, exc))
        with contextlib.suppress(OSError):
            fresh.unlink()
        return
    _stored.clear()
    _stored.update(rows)
