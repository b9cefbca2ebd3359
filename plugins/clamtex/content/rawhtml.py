"""Raw HTML in a body: nothing may load from another host, and nothing may run.

The site promises its visitors that no request leaves it. An editor's body is Markdown,
which lets raw HTML through untouched: an `<iframe>` of a video, a tracking pixel, a
stylesheet from a CDN. Each body is rendered with the site's Markdown extensions (as the
build renders it) and the HTML is read with lxml, element by element and attribute by
attribute; what would load from another host, and any script or event handler, is a
`Problem` on the line of the Markdown file where it was written.

Whatever a browser would read as markup is read as markup: comments and the text of
elements whose content lxml keeps as text (`<style>` inside `<svg>` is markup to a
browser) are parsed again, and an `<iframe srcdoc>` is checked as a document of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

import lxml.etree
import lxml.html
import markdown

from clamtex.content.frontmatter import SourceFile
from clamtex.content.problems import Problem

FIELD = "body"

# A body needs rendering only if it can hold HTML (a tag), an image, attributes
# (attr_list's `{: ...=...}`) or a link that runs code (`javascript:`, `data:`): most
# bodies are plain prose and cost nothing.
_MAY_LOAD = re.compile(r"<[A-Za-z!/?]|!\[|\{[^}\n]*=|\]\(?:?\s*<?\s*(?:\w*script|data)\s*:",
                       re.I)

# Attributes whose value is a URL the browser fetches (or submits to, or navigates to on
# its own). `href` is a load everywhere except on links (a, area).
_LOAD_ATTRIBUTES = frozenset({
    "src", "href", "data", "poster", "action", "formaction", "background", "codebase",
    "classid", "archive", "manifest", "lowsrc", "dynsrc", "ping", "icon", "profile",
    "xlink:href", "xml:base"})
_SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
_LINK_ELEMENTS = frozenset({"a", "area"})
# Elements a browser reads as markup where lxml may keep text: their text is parsed again.
_TEXT_ELEMENTS = frozenset({"style", "textarea", "title", "xmp", "noembed", "noframes",
                            "iframe", "noscript", "plaintext", "template", "script"})
_IMAGE_ELEMENTS = frozenset({"img", "source", "input", "image", "video", "picture", "feimage"})
_SPECIAL_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})
_CODE_SCHEMES = frozenset({"javascript", "vbscript", "livescript"})
_VIDEO_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com")
_MAX_NESTING = 3  # comments inside comments...: deeper is refused, not parsed on

FIX_VIDEO = ("write the video's YouTube or Vimeo link alone on its own line instead: it "
             "becomes a player that loads only when the visitor clicks; see docs/editors.md")
FIX_FILE = ("save the file under content/assets/ and write its path from this page, "
            "or link to it instead: [text](address)")
FIX_FRAME = "link to it instead: [text](address)"
FIX_CODE = "remove it: a page body holds text and media, never code"
FIX_STYLE = ("remove the url() or @import: save the file under content/assets/ and write "
             "its path, or leave the styling to the theme")
FIX_LINK = "remove it: the theme already loads the page's styles, fonts and scripts"
FIX_FORM = "link to the form instead: [Register](https://...)"
FIX_REDIRECT = "remove it, and link to the other page instead: [text](address)"


@dataclass(frozen=True)
class Finding:
    """One thing in the rendered HTML, and what to look for to find its line."""

    message: str
    fix: str
    needle: str  # text of the Markdown source to find the line by (a URL, a tag)
    tag: str = ""


# -- the entry point ------------------------------------------------------------------------


def check_bodies(sources: Iterable[SourceFile], site_url: str,
                 extensions: Iterable[Any] = (),
                 configs: Mapping[str, Any] | None = None) -> list[Problem]:
    """A problem for each thing in each body that would load from another host or run."""
    names = tuple(e for e in extensions if isinstance(e, str))  # not plugin-added instances
    host = _host_of(site_url)
    frozen = _freeze({name: (configs or {}).get(name, {}) for name in names})
    problems: list[Problem] = []
    for source in sources:
        if not source.body or not _MAY_LOAD.search(source.body):
            continue
        try:
            problems.extend(_check_body(source.display, str(source.path), source.body,
                                        host, names, frozen))
        except Exception as exc:  # a bug here must not hide the rest: one line, no traceback
            problems.append(Problem(source.display, 1, FIELD,
                                    f"its HTML could not be checked ({type(exc).__name__})",
                                    "simplify the raw HTML in this file"))
    return problems


@lru_cache(maxsize=4096)  # a preview loads the site after every edit: unchanged bodies
def _check_body(display: str, path: str, body: str, host: str, names: tuple[str, ...],
                configs: Any) -> tuple[Problem, ...]:
    findings = list(findings_in(render(body, names, configs), host))
    if not findings:
        return ()
    offset = _body_offset(path, body)
    lines = body.splitlines()
    problems: dict[tuple[int, str], Problem] = {}
    cursor = 0
    for finding in findings:
        index = _line_of(lines, finding, cursor)
        if index is None:
            index = _line_of(lines, finding, 0)
        if index is not None:
            cursor = index
        line = offset + (index if index is not None else 0)
        problems.setdefault((line, finding.message),
                            Problem(display, line, FIELD, finding.message, finding.fix))
    return tuple(problems.values())


def render(body: str, names: tuple[str, ...], configs: Any) -> str:
    """The body's HTML as the build renders it (without the plugin's own extensions)."""
    md = _markdown(names, configs)
    md.reset()
    try:
        return md.convert(body)
    except Exception:  # pathological Markdown: its raw HTML is still checked, as HTML
        return body


@lru_cache(maxsize=8)
def _markdown(names: tuple[str, ...], configs: Any) -> markdown.Markdown:
    try:
        return markdown.Markdown(extensions=list(names), extension_configs=_thaw(configs))
    except Exception:  # an extension MkDocs would refuse anyway: check with none
        return markdown.Markdown()


def _freeze(value: Any) -> Any:
    """A hashable copy of extension configs (for the caches above)."""
    if isinstance(value, Mapping):
        return ("__map__", tuple((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("__seq__", tuple(_freeze(v) for v in value))
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__map__":
        return {k: _thaw(v) for k, v in value[1]}
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "__seq__":
        return [_thaw(v) for v in value[1]]
    return value


# -- reading the HTML -----------------------------------------------------------------------


def findings_in(html: str, host: str, depth: int = 0) -> Iterator[Finding]:
    """What in this HTML loads from another host or runs code, in document order."""
    if depth > _MAX_NESTING:
        yield Finding("raw HTML nested too deeply to be checked", FIX_FRAME, "<")
        return
    # NUL and other controls make lxml refuse the text; a browser ignores them as we do.
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", "\ufffd", html)
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        doc = lxml.html.document_fromstring(
            f"<!DOCTYPE html><html><head></head><body>{text}</body></html>", parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return
    if any("depth" in entry.message.lower() for entry in parser.error_log):
        # lxml drops what lies deeper than its limit; a browser would still load it.
        yield Finding("raw HTML nested too deeply to be checked",
                      "simplify the HTML: a few levels of elements are plenty", "<")
        return
    for element in doc.iter():
        if not isinstance(element.tag, str):  # comment or processing instruction
            if element.text and "<" in element.text:
                yield from findings_in(element.text, host, depth + 1)
            continue
        yield from _element_findings(element, host, depth)


def _name(raw: str) -> str:
    return raw.lower().rpartition("}")[2]


def _element_findings(element: Any, host: str, depth: int) -> Iterator[Finding]:
    tag = _name(element.tag).rpartition(":")[2]
    shown = f"<{tag}>"
    if tag == "script":
        yield Finding(f"{shown} runs code in the page", FIX_CODE, "<script", tag)
    for raw_name, value in element.attrib.items():
        name = _name(raw_name)
        local = name.rpartition(":")[2]
        if local.startswith("on"):
            yield Finding(f"{shown} has an event handler ({name}=) that runs code",
                          f"remove the {name} attribute: a page body holds text and media, "
                          "never code", name, tag)
            continue
        if local == "style" or "url(" in value.lower() or "image-set(" in value.lower():
            for url in css_urls(value):
                problem = _load_problem(url, host, "css")
                if problem:
                    yield Finding(f"{shown} style {problem}", FIX_STYLE, url, tag)
        if local in _SRCSET_ATTRIBUTES:
            for url in srcset_urls(value):
                problem = _load_problem(url, host, "image")
                if problem:
                    yield Finding(f"{shown} {problem}", _fix(tag, url), url, tag)
        elif name in _LOAD_ATTRIBUTES or local in _LOAD_ATTRIBUTES:
            if local == "href" and tag in _LINK_ELEMENTS:
                code = _code_scheme(value)
                if code:
                    yield Finding(f"{shown} link runs code ({code}:)",
                                  "link to a web page (https://...) instead", value, tag)
                continue
            context = "image" if tag in _IMAGE_ELEMENTS else "other"
            submits = tag == "form" or local == "formaction"
            problem = _load_problem(value, host, context,
                                    "sends the form to" if submits else "loads from")
            if problem is None:
                continue
            if tag == "base":
                problem = "points every link of the page to another host"
            fix = (FIX_FORM if submits else FIX_LINK if tag == "link"
                   else "remove it" if tag == "base" else _fix(tag, value))
            yield Finding(f"{shown} {problem}", fix, value, tag)
    if tag == "meta" and (element.get("http-equiv") or "").strip().lower() == "refresh":
        target = _refresh_target(element.get("content") or "")
        if target is not None and _load_problem(target, host, "other"):
            yield Finding(f"<meta http-equiv=refresh> sends visitors to another site "
                          f"({_host_of(target) or target})", FIX_REDIRECT, target or "refresh",
                          tag)
    animated = element.get("attributename") or element.get("attributeName") or ""
    if tag in ("set", "animate") and _name(animated).rpartition(":")[2] in ("href", "src"):
        yield Finding(f"{shown} changes a link while the page is shown", FIX_CODE, "<" + tag,
                      tag)
    if tag == "param":
        value = element.get("value") or ""
        if _looks_absolute(value) and _load_problem(value, host, "other"):
            yield Finding(f"<param> {_load_problem(value, host, 'other')}", FIX_FRAME, value,
                          tag)
    if tag == "iframe" and element.get("srcdoc"):
        yield from findings_in(element.get("srcdoc"), host, depth + 1)
    if tag == "style" and element.text:
        for url in css_urls(element.text):
            problem = _load_problem(url, host, "css")
            if problem:
                yield Finding(f"<style> {problem}", FIX_STYLE, url, tag)
    if tag in _TEXT_ELEMENTS and element.text and "<" in element.text:
        yield from findings_in(element.text, host, depth + 1)


def _fix(tag: str, url: str) -> str:
    host = _host_of(url)
    if any(host == known or host.endswith("." + known) for known in _VIDEO_HOSTS):
        return FIX_VIDEO
    if tag in ("iframe", "frame", "embed", "object", "portal", "fencedframe"):
        return FIX_FRAME
    return FIX_FILE


# -- URLs --------------------------------------------------------------------------------


def _clean(url: str) -> str:
    """A URL as a browser reads it: outer spaces and controls stripped, tabs and newlines
    removed, backslashes as slashes."""
    url = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                               "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                               "\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    return url.replace("\\", "/")


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def _scheme(url: str) -> str:
    match = _SCHEME.match(_clean(url))
    return match.group(1).lower() if match else ""


def _code_scheme(url: str) -> str:
    scheme = _scheme(url)
    if scheme in _CODE_SCHEMES:
        return scheme
    if scheme == "data" and not _clean(url)[5:].lstrip().lower().startswith("image/"):
        return scheme
    return ""


def _host_of(url: str) -> str:
    """The host a URL leads to ('' for a relative URL), as a browser would read it."""
    url = _clean(url)
    scheme = _scheme(url)
    if scheme:
        if scheme not in _SPECIAL_SCHEMES:
            return ""
        rest = url[len(scheme) + 1:]
        if not rest.startswith("/"):
            # `https:host` is relative only on a page with the same scheme: never trust it.
            rest = "//" + rest
    elif url.startswith("//"):
        rest = url
    else:
        return ""
    authority = re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    host = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
    return unquote(host).lower().rstrip(".")


def _looks_absolute(url: str) -> bool:
    return bool(_scheme(url)) or _clean(url).startswith("//")


def _load_problem(url: str, host: str, context: str,
                  verb: str = "loads from") -> str | None:
    """Why loading `url` from a page of the site at `host` is not allowed, or None."""
    cleaned = _clean(url)
    if not cleaned:
        return None
    scheme = _scheme(cleaned)
    if scheme in _CODE_SCHEMES:
        return f"runs code ({scheme}:)"
    if scheme == "data":
        media = cleaned[5:].lstrip().lower()
        if context in ("image", "css") and media.startswith(("image/", "font/")):
            return None  # the bytes are in the page: nothing is requested
        return "embeds a data: address (it can hold a page or a script)"
    target = _host_of(cleaned)
    if scheme and scheme not in _SPECIAL_SCHEMES:
        return f"loads a {scheme}: address"
    if not target and not scheme and not cleaned.startswith("//"):
        return None  # relative: the site's own file
    if target and target == host:
        return None
    return f"{verb} another host ({target or cleaned})"


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset (each candidate: a URL, then optional descriptors)."""
    urls = []
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0  # descriptors run to the next comma outside parentheses
            while position < length and (value[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(value[position], 0)
                position += 1
        if url:
            urls.append(url)
    return urls


_CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6})[ \t\n\r\f]?|\\(.)", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))\s*\)?", re.I)
_CSS_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")


def _css_unescape(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return match.group(2)


def css_urls(css: str) -> list[str]:
    """Every address a piece of CSS can fetch: url(...) and every quoted string (@import,
    image-set(), src()); a plain string that is not a URL reads as a relative one."""
    text = _CSS_ESCAPE.sub(_css_unescape, _CSS_COMMENT.sub("", css))
    urls = [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(text)]
    without = _CSS_URL.sub("", text)
    urls += [m.group(1) if m.group(1) is not None else m.group(2)
             for m in _CSS_STRING.finditer(without)]
    return [url for url in urls if _looks_absolute(url) or url.strip().startswith("//")]


def _refresh_target(content: str) -> str | None:
    """The URL a meta refresh goes to (None: it reloads the page itself)."""
    match = re.match(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)$", content, re.I | re.S)
    target = (match.group(1) if match else "").strip().strip("'\"")
    return target or None


# -- lines ------------------------------------------------------------------------------


def _body_offset(path: str, body: str) -> int:
    """The line number in the file of the body's first line."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return 1
    if not text.endswith(body):
        text = text.replace("\r\n", "\n")
        if not text.endswith(body.replace("\r\n", "\n")):
            return 1
        body = body.replace("\r\n", "\n")
    return text[: len(text) - len(body)].count("\n") + 1


def _line_of(lines: list[str], finding: Finding, start: int) -> int | None:
    """Index of the first line from `start` that holds what the finding is about."""
    needles = [finding.needle.strip()]
    if finding.tag:
        needles.append("<" + finding.tag)
    for needle in filter(None, needles):
        lowered = needle.lower()
        for index in range(start, len(lines)):
            if lowered in lines[index].lower():
                return index
    return None
