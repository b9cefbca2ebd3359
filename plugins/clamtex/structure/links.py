"""Links in Markdown bodies, checked before building, as the build would check them.

MkDocs checks the links of every page it renders, once per language (mkdocs-static-i18n
builds each language on its own), so one broken link in an untranslated page was one
warning per language, with no line number. Here every body is rendered once with
Python-Markdown and the site's own `markdown_extensions` (the code the build runs) to
collect its links and its anchor ids; each link is then resolved, for every language
the page is built in, the way MkDocs and i18n resolve it (relative to the file, in the
language folder, then the default language's when fallback_to_default is on, then the
shared folders), against the pages the site plan says that language has (generated
news listings included, drafts and future items not). Each problem is one line, with the
languages it concerns when it is not all of them. `clamtex check` and the build
(plugin/loading.py) both call `check_links`: the same lines, printed once.

Rendering is the cost (about 0.5 ms a body): what each body holds is kept in the cache
folder (links.marshal), keyed by the body's own hash, so only edited files are rendered
again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from clamtex.content.frontmatter import SourceFile
from clamtex.content.model import Site, deep_nesting
from clamtex.content.problems import Problem
from clamtex.l10n.strings import yaml_line
from clamtex.mkdocs_internals import i18n_state

log = logging.getLogger("mkdocs.plugins.clamtex")

# Python-Markdown's own extensions whose inline patterns make no link and no id from
# text without "[" or "{": with only these, such text is not inline-processed at all
# (it cannot change what is collected, and it halves the time).
_PLAIN_TEXT_SAFE = {
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
    "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
    "smarty", "tables", "toc", "wikilinks",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_RELATIVE_TO_DOCS = -1  # MkDocs' validation value `relative_to_docs`
_ALL_LANGUAGES = "*"


@dataclass(frozen=True)
class Body:
    """What one Markdown body holds: its links and the ids MkDocs would find in it."""

    links: tuple[tuple[str, str, int], ...]  # (tag 'a' | 'img', URL, line in the body)
    ids: frozenset[str]


# -- rendering ----------------------------------------------------------------------------


class _RawIds(HTMLParser):
    """Ids in raw HTML anywhere in the text (as MkDocs' _RawHTMLPreprocessor finds them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


class _Freeze(Treeprocessor):
    """Before inline processing: mark text that can hold no link and no id as done."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag in _HEADINGS:  # their text makes the toc's ids
                continue
            text = element.text
            if text and not isinstance(text, AtomicString) and "[" not in text \
                    and "{" not in text:
                element.text = AtomicString(text)
            tail = element.tail
            if tail and not isinstance(tail, AtomicString) and "[" not in tail \
                    and "{" not in tail:
                element.tail = AtomicString(tail)


class _Collect(Treeprocessor):
    """Where MkDocs' own processors run: the ids (priority 5) and the links (0)."""

    def __init__(self, md: markdown.Markdown, links: bool) -> None:
        super().__init__(md)
        self.links = links
        self.ids: set[str] = set()
        self.found: list[tuple[str, str]] = []

    def run(self, root: Element) -> None:
        for element in root.iter():
            if self.links:
                if element.tag == "a" and element.get("href") is not None:
                    self.found.append(("a", element.get("href") or ""))
                elif element.tag == "img" and element.get("src") is not None:
                    self.found.append(("img", element.get("src") or ""))
            else:
                if anchor := element.get("id"):
                    self.ids.add(anchor)
                if element.tag == "a" and (anchor := element.get("name")):
                    self.ids.add(anchor)


def _extension_name(extension: Any) -> str:
    name = extension if isinstance(extension, str) else type(extension).__module__
    return name.removeprefix("markdown.extensions.")


class Renderer:
    """One Python-Markdown instance with the site's extensions, reused for every body."""

    def __init__(self, extensions: list[Any], configs: Mapping[str, Any]) -> None:
        self.md = markdown.Markdown(extensions=extensions, extension_configs=dict(configs))
        if all(_extension_name(e) in _PLAIN_TEXT_SAFE for e in extensions):
            self.md.treeprocessors.register(_Freeze(self.md), "clamtex_freeze", 25)
        self.anchors = _Collect(self.md, links=False)
        self.links = _Collect(self.md, links=True)
        self.md.treeprocessors.register(self.anchors, "clamtex_anchors", 5)
        self.md.treeprocessors.register(self.links, "clamtex_links", 0)

    def read(self, body: str) -> Body:
        """The links and ids of a body (the HTML itself is never serialized)."""
        md = self.md
        md.reset()
        self.anchors.ids = set()
        self.links.found = []
        raw = _RawIds()
        try:
            raw.feed(body)
            raw.close()
            lines = body.split("\n")
            for preprocessor in md.preprocessors:
                lines = preprocessor.run(lines)
            root = md.parser.parseDocument(lines).getroot()
            for treeprocessor in md.treeprocessors:
                replaced = treeprocessor.run(root)
                if replaced is not None:
                    root = replaced
        except Exception:  # the build reports what Markdown cannot take
            return Body((), frozenset())
        return Body(_with_lines(body, self.links.found), frozenset(self.anchors.ids | raw.ids))


def _with_lines(body: str, found: list[tuple[str, str]]) -> tuple[tuple[str, str, int], ...]:
    """Each link with the line (0-based, in the body) where its address is written.

    Links come in document order: each is looked for after the previous one, then from
    the start (a reference link's address is written in its definition, further down).
    """
    result = []
    cursor = 0
    for tag, url in found:
        at = -1
        for text in dict.fromkeys((url, unquote(url), url.replace("&", "&amp;"))):
            at = body.find(text, cursor)
            if at < 0:
                at = body.find(text)
            if at >= 0:
                break
        if at >= 0:
            cursor = at + len(url)
        result.append((tag, url, body.count("\n", 0, at if at >= 0 else cursor)))
    return tuple(result)


# -- kept between runs --------------------------------------------------------------------

_SALT = hashlib.sha256(Path(__file__).read_bytes() + markdown.__version__.encode()).hexdigest()
_memo: dict[tuple[str, str], Body] = {}  # (settings, body hash) -> Body, this process


class BodyStore:
    """What earlier runs found in each body, by the body's hash (marshal: plain data)."""

    def __init__(self, path: Path | None, settings: str) -> None:
        self.path = path
        self.settings = hashlib.sha256((_SALT + settings).encode()).hexdigest()
        self.rows: dict[str, tuple[tuple[tuple[str, str, int], ...], tuple[str, ...]]] = {}
        self.used: set[str] = set()
        self.changed = False
        if path is None:
            return
        try:
            data = path.read_bytes()
            digest, payload = data[:64].decode("ascii"), data[64:]
            if hashlib.sha256(payload).hexdigest() != digest:
                return  # truncated or altered: render again
            settings_key, rows = marshal.loads(payload)
        except (OSError, EOFError, ValueError, TypeError, UnicodeDecodeError):
            return
        if settings_key == self.settings and isinstance(rows, dict):
            self.rows = rows

    def get(self, digest: str) -> Body | None:
        memo = _memo.get((self.settings, digest))
        if memo is not None:
            self.used.add(digest)
            if digest not in self.rows:
                self.rows[digest] = (memo.links, tuple(sorted(memo.ids)))
                self.changed = True
            return memo
        row = self.rows.get(digest)
        if row is None:
            return None
        self.used.add(digest)
        body = Body(tuple(tuple(link) for link in row[0]), frozenset(row[1]))  # type: ignore[misc]
        _memo[(self.settings, digest)] = body
        return body

    def put(self, digest: str, body: Body) -> None:
        _memo[(self.settings, digest)] = body
        self.rows[digest] = (body.links, tuple(sorted(body.ids)))
        self.used.add(digest)
        self.changed = True

    def save(self) -> None:
        """Keep the bodies this run used; a cache that cannot be written is only slower."""
        if self.path is None or (not self.changed and self.used == set(self.rows)):
            return
        rows = {digest: self.rows[digest] for digest in self.used}
        payload = marshal.dumps((self.settings, rows))
        fresh = self.path.with_name(f"{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh.write_bytes(hashlib.sha256(payload).hexdigest().encode("ascii") + payload)
            os.replace(fresh, self.path)
        except OSError as exc:  # read-only or full cache, a file where a folder should be
            log.info(f"{self.path}: not saved ({exc.strerror}); links are checked anew next time")
            with contextlib.suppress(OSError):
                fresh.unlink(missing_ok=True)


# -- the build's rules --------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """What the build does with a link, from mkdocs.yml (validation, strict, i18n)."""

    not_found: int = logging.WARNING
    anchors: int = logging.INFO
    absolute: int = logging.INFO
    unrecognized: int = logging.INFO
    strict: bool = False
    fallback: bool = True
    i18n: bool = True

    @classmethod
    def from_config(cls, config: Any) -> Rules:
        links = config.validation.links
        i18n = i18n_state(config)
        return cls(int(links.not_found), int(links.anchors), int(links.absolute_links),
                   int(links.unrecognized_links), bool(config.strict),
                   i18n.fallback_to_default if i18n is not None else False,
                   i18n is not None)

    def severity(self, level: int) -> str | None:
        """'error' when the build fails on it (strict), 'warning' when it only warns."""
        if level < logging.WARNING:
            return None
        return "error" if self.strict else "warning"


# -- what each language's build holds --------------------------------------------------------

_LISTING = "listing"  # a generated page: no Markdown, so no anchors
_OTHER = "other"  # a file MkDocs knows but renders nothing of ours from: anchors unchecked
_UNPUBLISHED = "unpublished"


@dataclass
class _Language:
    """One language's build: its files by src_uri (the keys MkDocs resolves links to)."""

    lang: str
    files: dict[str, SourceFile | str]


def _walk(content: Path, known: set[str]) -> tuple[list[str], list[str]]:
    """(files that are not Markdown, Markdown files not in `known`) under the content
    folder, as MkDocs' src_uris: the first are assets, the second files the model could
    not take (they have problems of their own)."""
    assets, others = [], []
    for root, _dirs, names in os.walk(content, followlinks=True):
        rel = os.path.relpath(root, content)
        base = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in names:
            uri = base + name
            if not name.endswith(".md"):
                assets.append(uri)
            elif uri not in known:
                others.append(uri)
    return assets, others


def _languages(site: Site, plan: Any, rules: Rules) -> dict[str, _Language]:
    """What each language's build holds, as on_files leaves it (plugin.py and i18n)."""
    settings = site.settings
    default, codes, entries = settings.default, settings.languages, site.entries
    known = {f"{lang}/{entry.key}" for entry in entries.values()
             for lang in (*entry.texts, *entry.stubs)}
    assets, unknown = _walk(settings.content_dir, known)
    unpublished = [entry for entry in entries.values() if not site.is_published(entry)]
    result = {}
    for lang in codes:
        files: dict[str, SourceFile | str] = {}
        # i18n keeps this language's files, and the default language's and the shared
        # ones only when it may fall back to them.
        visible = (lang, default) if lang == default or rules.fallback else (lang,)
        for uri in [*assets, *unknown]:
            first = uri.partition("/")[0]
            if first in visible or (first not in codes and default in visible):
                files[uri] = _OTHER
        for item in unpublished:
            for text_lang in item.texts:
                if text_lang in visible:
                    files[f"{text_lang}/{item.key}"] = _UNPUBLISHED
        for key, entry in entries.items():
            if not plan.exists(lang, key):
                continue
            if entry.is_translated(lang):
                files[f"{lang}/{key}"] = entry.texts[lang].source
            elif default in visible:
                files[f"{default}/{key}"] = entry.original
        for key in plan.by_lang[lang].listings:
            files[f"{lang}/{key}"] = _LISTING
        result[lang] = _Language(lang, files)
    return result


def _rendered_in(site: Site, plan: Any, rules: Rules) -> dict[str, tuple[SourceFile, list[str]]]:
    """Each source file (by src_uri) and the languages whose build renders it."""
    default = site.settings.default
    result: dict[str, tuple[SourceFile, list[str]]] = {}
    for key, entry in site.entries.items():
        for lang in site.settings.languages:
            if not plan.exists(lang, key):
                continue
            if entry.is_translated(lang):
                source = entry.texts[lang].source
            elif lang == default or rules.fallback:
                source = entry.original
            else:
                continue
            result.setdefault(f"{source.lang}/{key}", (source, []))[1].append(lang)
    return result


def _candidates(target: str, lang: str, default: str, rules: Rules) -> list[str]:
    """The src_uris i18n's Files.get_file_from_path tries, in its order."""
    if not rules.i18n:
        return [target]
    for first, other in ((lang, default), (default, lang)):
        if target == first or target.startswith(f"{first}/"):
            rest = target[len(first) + 1:] or "index.md"
            tried = [target, f"{other}/{rest}"] if rules.fallback else [target]
            return [*tried, rest]
    tried = [f"{lang}/{target}", f"{default}/{target}"] if rules.fallback else [f"{lang}/{target}"]
    return [*tried, target]


# -- checking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    """What is wrong with one link in one language: the level it is logged at, and words.

    Outcomes with the same `kind` are one problem, reported once with the words of the
    first language that has it (an anchor missing in a page and in its translations).
    """

    kind: str
    level: int
    message: str
    fix: str


FIX_PATH = "correct the path, written from this file's folder, e.g. ../about.md; or add the file"


def _outcome(url: str, source: SourceFile, here: str, language: _Language,
             site: Site, rules: Rules, ids: Any) -> _Outcome | None:
    """Resolve one link as MkDocs does in one language's build; None when it is fine."""
    scheme, netloc, path, _query, anchor = urlsplit(url)
    if scheme or netloc or AMP_SUBSTITUTE in url:
        return None  # another site, or an e-mail address
    default = site.settings.default
    content = _content_display(site)
    if url.startswith(("/", "\\")) and rules.absolute != _RELATIVE_TO_DOCS:
        return _Outcome("absolute", rules.absolute, f"'{url}' is an absolute link",
                        "write the path from this file's folder, e.g. ../about.md, or a "
                        "full address https://...")
    if not path:  # '#anchor' on this page
        if anchor and anchor not in ids(source):
            return _anchor_outcome(url, anchor, "this page", ids(source), rules)
        return None
    path = unquote(path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path).lstrip("/"))
    found = None
    for uri in _candidates(target, language.lang, default, rules):
        found = language.files.get(uri)
        if found is not None:
            break
    if found is None:
        if not posixpath.splitext(path)[-1]:
            return _Outcome("unrecognized", rules.unrecognized, f"'{url}' does not name a file",
                            "link to the page's .md file, e.g. ../about.md")
        shown = target
        first, _, rest = target.partition("/")
        if not target.endswith(".md") and first in site.settings.languages and rest:
            shown = rest  # shared files live outside the language folders
        noun = "page" if target.endswith(".md") else "file"
        return _Outcome("not found", rules.not_found,
                        f"'{url}' leads to no {noun}: {content}/{shown} does not exist", FIX_PATH)
    if found == _UNPUBLISHED:
        return _Outcome("unpublished", rules.not_found, f"'{url}' leads to a news item that is not "
                        "published (a draft, or dated after today)",
                        "remove the link until that item is published")
    if not anchor or found == _OTHER:
        return None
    present = frozenset() if found == _LISTING else ids(found)
    if anchor in present:
        return None
    if found is source:
        where = "this page"
    elif isinstance(found, str):
        where = f"the generated page {uri}"
    else:
        where = found.display
    return _anchor_outcome(url, anchor, where, present, rules)


def _anchor_outcome(url: str, anchor: str, where: str, present: frozenset[str],
                    rules: Rules) -> _Outcome:
    known = sorted(present)
    give = f"give a heading that id: ## Its title {{#{anchor}}}"
    if known:
        more = ", ..." if len(known) > 8 else ""
        give = f"use one of its ids: {', '.join(known[:8])}{more}; or {give}"
    return _Outcome("anchor", rules.anchors,
                    f"'{url}': {where} has no heading or anchor '{anchor}'", give)


def _content_display(site: Site) -> str:
    settings = site.settings
    root = settings.display_root or settings.content_dir.parent
    try:
        return settings.content_dir.relative_to(root).as_posix()
    except ValueError:
        return settings.content_dir.as_posix()


def check_links(site: Site, plan: Any, config: Any, store_path: Path | None) -> list[Problem]:
    """Every link problem of the pages the build renders, one line each.

    `plan` is the site plan of every language (plan.SitePlan), `config` the loaded MkDocs
    configuration; `store_path` keeps what each body holds between runs (None: not kept).
    """
    rules = Rules.from_config(config)
    extensions = list(config.markdown_extensions)
    configs = dict(config.mdx_configs or {})
    store = BodyStore(store_path, repr((extensions, sorted(configs.items(), key=str))))
    renderer: Renderer | None = None
    bodies: dict[int, Body] = {}  # by id(source): SourceFile holds dicts, so is unhashable

    def body_of(source: SourceFile) -> Body:
        nonlocal renderer
        known = bodies.get(id(source))
        if known is not None:
            return known
        digest = hashlib.sha1(source.body.encode("utf-8", "surrogatepass")).hexdigest()
        found = store.get(digest)
        if found is None and deep_nesting(source.body) is not None:
            # Refused by the model already (one line); rendering it would take seconds.
            found = Body((), frozenset())
        elif found is None:
            if renderer is None:
                renderer = Renderer(extensions, configs)
            found = renderer.read(source.body)
            store.put(digest, found)
        bodies[id(source)] = found
        return found

    def ids(source: SourceFile) -> frozenset[str]:
        return body_of(source).ids

    languages = _languages(site, plan, rules)
    problems: list[Problem] = []
    for here, (source, langs) in _rendered_in(site, plan, rules).items():
        body = body_of(source)
        offset: int | None = None
        for tag, url, line in body.links:
            outcomes: dict[str, tuple[_Outcome, list[str]]] = {}
            for lang in langs:
                outcome = _outcome(url, source, here, languages[lang], site, rules, ids)
                if outcome is not None:
                    outcomes.setdefault(outcome.kind, (outcome, []))[1].append(lang)
            for outcome, where in outcomes.values():
                severity = rules.severity(outcome.level)
                if severity is None:
                    continue
                if offset is None:
                    offset = source.body_line()
                message = outcome.message
                if where != langs:  # e.g. only where a translation lacks the heading
                    message += f" (in {', '.join(where)})"
                problems.append(Problem(source.display, offset + line,
                                        "image" if tag == "img" else "link", message,
                                        outcome.fix, severity))  # type: ignore[arg-type]
    store.save()
    return problems + _check_nav(site, config, rules, languages)


def _nav_entries(items: Any, titles: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """(titles leading to it, path) of every page entry of mkdocs.yml's nav."""
    found: list[tuple[tuple[str, ...], str]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            found.append((titles, item))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found.append(((*titles, str(title)), value))
                else:
                    found += _nav_entries(value, (*titles, str(title)))
    return found


def _check_nav(site: Site, config: Any, rules: Rules,
               languages: dict[str, _Language]) -> list[Problem]:
    """The nav's pages, found as MkDocs finds them in each language's build."""
    level = int(config.validation.nav.not_found)
    severity = rules.severity(level)
    if severity is None or not config.nav:
        return []
    config_file = Path(config.config_file_path) if config.config_file_path else None
    content = _content_display(site)
    problems = []
    for titles, path in _nav_entries(config.nav):
        scheme, netloc, *_ = urlsplit(path)
        if scheme or netloc or path.startswith(("/", "\\")):
            continue  # a link to another site, or checked by validation.nav.absolute_links
        target = posixpath.normpath(path)
        missing = [lang for lang, language in languages.items()
                   if not any(uri in language.files for uri in
                              _candidates(target, lang, site.settings.default, rules))]
        if not missing:
            continue
        where = "" if len(missing) == len(languages) else f" (in {', '.join(missing)})"
        problems.append(Problem(
            "mkdocs.yml", yaml_line(config_file, "nav", *titles), "nav",
            f"'{path}' leads to no page: {content}/{site.settings.default}/{target} "
            f"does not exist{where}",
            "correct the path, written from the language folder, e.g. about.md; "
            "or remove the entry", severity))  # type: ignore[arg-type]
    return problems
