"""The content model: every Markdown file read once, validated, with translations inherited.

A news item, partner or page is one *entry*, keyed by its path under the language folder
(news/2020-06-30-x.md). Shared facts (date, tags, partners, images, ...) live in the
default-language file; a translation carries only what it translates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import urlsplit

import pycountry
from slugify import slugify

from clamtex.content import frontmatter, rawhtml, schedule, sources
from clamtex.content.focus import FIX as FOCUS_FIX
from clamtex.content.focus import check_focus
from clamtex.content.frontmatter import SourceFile, printable
from clamtex.content.problems import Problem

DATED_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MD_NAME = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")  # a page's or partner's file name
# A consortium's roles as grant agreements name them; `partner` is a plain "project
# partner", for projects that do not use those terms.
ROLES = ("coordinator", "beneficiary", "affiliated_entity", "associated_partner", "partner")
# Fields only clamtex writes or MkDocs reads; allowed in any file.
TRANSLATION_MARKS = ("stub", "source_hash")


@dataclass(frozen=True)
class Settings:
    """What validation needs to know about the site."""

    content_dir: Path
    languages: tuple[str, ...]
    default: str
    tags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    partners_order: tuple[str, ...] = ()
    news_dir: str = "news"
    partners_dir: str = "partners"
    # The build's today (content/schedule.py: the site's time zone or CLAMTEX_TODAY):
    # always given, never the clock's.
    today: dt.date = field(kw_only=True)
    show_future: bool = False
    drafts: bool = False  # a drafts preview (`clamtex serve --drafts`), never a real build
    display_root: Path | None = None  # paths in messages are relative to this
    parse_store: Path | None = None  # parsed files kept between runs (frontmatter.py)
    # The generated listing (if any) at a path of site/: reserved addresses (sources.py).
    # Given by the structure layer, which knows where listings live.
    reserved: Callable[[str, str], str | None] = field(default=lambda news_dir, dest: None)
    # What the raw HTML check of bodies needs (rawhtml.py): the site's own host, and the
    # Markdown extensions the build renders bodies with.
    site_url: str = ""
    markdown_extensions: tuple[Any, ...] = ()
    mdx_configs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Text:
    """The translated part of an entry in one language."""

    lang: str
    source: SourceFile
    title: str
    summary: str = ""
    image_alt: str = ""


@dataclass
class Entry:
    """Something with one file per language: a page, a news item or a partner."""

    key: str
    default: str
    texts: dict[str, Text] = field(default_factory=dict)  # published translations
    stubs: dict[str, SourceFile] = field(default_factory=dict)  # not yet translated
    kind: str = ""  # the name of its content kind (clamtex.kinds), set by the loader

    def text(self, lang: str) -> Text:
        """The text in `lang`, or the default language's when not translated."""
        return self.texts.get(lang) or self.texts[self.default]

    def is_translated(self, lang: str) -> bool:
        return lang in self.texts

    @property
    def original(self) -> SourceFile:
        return self.texts[self.default].source

    def state(self, today: dt.date) -> schedule.State:
        """Published, scheduled or draft on `today` (a real build has only the published)."""
        return schedule.State.PUBLISHED

    def pictures(self) -> tuple[tuple[str, str, str, str], ...]:
        """(field, path, role, focus) of every front-matter image its pages show: the
        image pipeline's input (role: "photo" or "logo")."""
        return ()

    def lastmod(self) -> dt.date | None:
        """The date the sitemap gives its page (None: undated)."""
        return None


@dataclass
class Page(Entry):
    """A plain page: home, project, partners overview, legal pages."""


@dataclass
class NewsItem(Entry):
    date: dt.date = dt.date.min
    slug: str = ""
    tags: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    image: str = ""
    image_focus: str = "center"  # where a crop keeps the subject (content/focus.py)
    draft: bool = False

    def state(self, today: dt.date) -> schedule.State:
        return schedule.state(self.date, self.draft, today)

    def pictures(self) -> tuple[tuple[str, str, str, str], ...]:
        return (("image", self.image, "photo", self.image_focus),) if self.image else ()

    def lastmod(self) -> dt.date | None:
        return self.date


@dataclass
class Partner(Entry):
    id: str = ""
    name: str = ""
    acronym: str = ""
    full_name: str = ""
    country: str = ""
    region: str = ""
    city: str = ""
    website: str = ""
    email: str = ""  # public contact (the contact page)
    contact_url: str = ""
    logo: str = ""
    role: str = "partner"

    def pictures(self) -> tuple[tuple[str, str, str, str], ...]:
        return (("logo", self.logo, "logo", "center"),) if self.logo else ()


@dataclass
class Site:
    """Every entry of the content folder, validated."""

    settings: Settings
    pages: dict[str, Page] = field(default_factory=dict)
    news: list[NewsItem] = field(default_factory=list)  # all items, newest first
    partners: dict[str, Partner] = field(default_factory=dict)  # in display order
    problems: list[Problem] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)  # every entry by key
    items: dict[str, list[Entry]] = field(default_factory=dict)  # kind name -> its entries

    def state_of(self, entry: Entry) -> schedule.State:
        """Published, scheduled or draft, on the build's today."""
        return entry.state(self.settings.today)

    def is_published(self, entry: Entry) -> bool:
        """Whether this build has the entry's page (a drafts preview has them all)."""
        visibility = schedule.Visibility(self.settings.drafts, self.settings.show_future)
        return visibility.shows(self.state_of(entry))

    @property
    def published_news(self) -> list[NewsItem]:
        return [item for item in self.news if self.is_published(item)]

    def published(self, kind: str) -> list[Entry]:
        """A kind's published entries, in the kind's order."""
        return [entry for entry in self.items.get(kind, ()) if self.is_published(entry)]

    def entry(self, key: str) -> Entry | None:
        return self.entries.get(key)

    def news_of_partner(self, partner_id: str) -> list[NewsItem]:
        return [item for item in self.published_news if partner_id in item.partners]


# ---------------------------------------------------------------------------------------
# Field schemas


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field: who may write it and what it must hold."""

    name: str
    check: Callable[[Any], Finding]  # returns a problem or None
    fix: str
    required: bool = False
    shared: bool = False  # set once in the default language, inherited
    # What a translation may write, where it differs from the original's check (an event's
    # location: its name and address in the translation's words, not its city).
    translation_check: Callable[[Any], Finding] | None = None


# What a check finds: nothing, a problem (the field's own fix applies), or a problem and
# the fix that goes with it.
Finding = str | tuple[str, str] | None


def _kind(value: Any) -> str:
    """What YAML made of a value that is not text, in editors' words."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "read as true/false (YAML reads yes, no, on, off that way)"
    if isinstance(value, (int, float)):
        return f"a number ({printable(value, 20)})"
    if isinstance(value, (list, tuple, set)):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date and time"
    return "not text"


def _not_text(value: Any) -> Finding:
    """The problem of a value where text is expected (None if it is text)."""
    if isinstance(value, str):
        return None
    kind = _kind(value)
    if isinstance(value, bool):
        return f"is {kind}, not text", "put the text in quotes, e.g. \"Yes\""
    if isinstance(value, (int, float)):
        return f"is {kind}, not text", f"put it in quotes: \"{printable(value, 20)}\""
    return f"is {kind}, not text" if kind != "empty" else "must be non-empty text"


def _text(value: Any) -> Finding:
    if not isinstance(value, str):
        return _not_text(value)
    if not value.strip():
        return "must be non-empty text"
    return None


def _bool(value: Any) -> Finding:
    if isinstance(value, bool):
        return None
    return f"'{printable(value, 40)}' is not true or false"


def parse_date(value: str) -> dt.date | None:
    """The date a YYYY-MM-DD text names, or None: the one date rule of front matter,
    file names and `clamtex new --date`."""
    if not DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _date(value: Any) -> Finding:
    if not isinstance(value, str):
        return f"is {_kind(value)}, not a date"
    if parse_date(value) is None:
        return f"'{printable(value, 40)}' is not a date"
    return None


def _list_of_text(value: Any) -> Finding:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return None
    return "must be a list of names, e.g. [a, b]"


# -- characters ------------------------------------------------------------------------
# Never in a field: C0 controls but tab and new line, DEL, C1 controls, line/paragraph
# separators (they break lines where none shows, and scripts), bidi embeddings, overrides
# and isolates (they make text display in another order than it is written: right-to-left
# text needs none of them), lone surrogates and the non-characters XML refuses.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e"
                        "\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def bad_character(value: Any) -> Finding:
    """The first forbidden character in a value (its texts, at any depth), or None."""
    if isinstance(value, str):
        match = _FORBIDDEN.search(value)
        if match is None:
            return None
        code = ord(match.group())
        name = f"U+{code:04X}"
        if code in (0x2028, 0x2029):
            return (f"holds an invisible line separator ({name})",
                    "replace it with a space or a new line")
        if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            return (f"holds an invisible text-direction control ({name}) that makes text "
                    "display in another order than it is written",
                    "delete it: right-to-left text needs no control characters")
        return (f"holds the invisible control character {name}",
                "delete it (retype the text if you cannot see it)")
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set)):
        for item in value:
            inner = bad_character(item)
            if inner:
                return inner
    return None


# -- web addresses ---------------------------------------------------------------------
# One rule for every field that holds a link an editor gives (a partner's website today;
# registration or online links tomorrow): an http(s) address with a host name, or a path
# on this site starting with /. Anything else (javascript:, data:, vbscript:, file:,
# //host, tricks with case, entities, percent signs, spaces or invisible characters) could
# run code or lead elsewhere than it shows.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]\.?$")
_SITE_PATH = re.compile(r"^/(?![/\\])[A-Za-z0-9\-._~/!$&'()*+,;=:@%?#]*$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def web_address(value: Any) -> Finding:
    """The shared check of every URL field: see above."""
    if not isinstance(value, str):
        return _not_text(value) or "is not text"
    if not value:
        return "is empty"
    shown = f"'{printable(value, 60)}'"
    if any(c.isspace() or not c.isprintable() for c in value):
        return (f"{shown} holds a space or an invisible character",
                "remove it; a space inside an address is written %20")
    if "\\" in value:
        return f"{shown} holds a backslash", "write / instead of \\"
    if any(c in value for c in "\"<>`{}|^"):
        return (f"{shown} holds one of \" < > ` {{ }} | ^",
                "copy the address from the browser's address bar")
    if _BAD_PERCENT.search(value):
        return f"{shown} has a % not followed by two hex digits", "write % as %25"
    if value.startswith("//"):
        return (f"{shown} has no https: in front",
                f"write the full address: https:{value}")
    if value.startswith("/"):
        return None if _SITE_PATH.match(value) else (
            f"{shown} is not a plain path on this site",
            "use letters, digits, - _ . / only, e.g. /en/news/")
    scheme = _SCHEME.match(value)
    if scheme is None:
        return (f"{shown} is not a web address, nor a path on this site",
                "write the full address, e.g. https://example.org, or a path starting "
                "with /")
    if scheme[1].lower() not in ("http", "https"):
        return (f"{shown} is a {scheme[1].lower()}: link; only https://, http:// or a path "
                "on this site starting with / are allowed",
                "write the web address, e.g. https://example.org")
    parts = urlsplit(value)
    if not value.lower().startswith(("http://", "https://")) or not parts.netloc:
        return f"{shown} has no host name", "write it as https://example.org/..."
    if "@" in parts.netloc:
        return (f"{shown} holds a user name or password before @",
                "write the address without the part before @")
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii").lower()
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except (UnicodeError, ValueError):
        host = ""
    if not _HOST.match(host):
        return (f"{shown} has no valid host name", "write it as https://example.org/...")
    return None


def check_url(value: Any) -> str | None:
    """`web_address` as one message (mkdocs.yml's checks: publisher and social links)."""
    found = web_address(value)
    if found is None:
        return None
    return found if isinstance(found, str) else f"{found[0]} ({found[1]})"


# One address, no display name, no spaces or angle brackets (it goes into a mailto: link).
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
                   r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def check_email(value: Any) -> str | None:
    """An e-mail address as a mailto: link can carry it."""
    if isinstance(value, str) and EMAIL.match(value) and ".." not in value:
        return None
    return f"'{printable(value, 60)}' is not an e-mail address"


# -- asset paths -------------------------------------------------------------------------
# A path to a file under content/ (assets/images/news/x.jpg): relative, with /, inside
# content/, and every name plain: a name that needs escaping in a URL or a file system
# (quotes, < >, spaces, & # ? %, upper case, accents, control characters) must be renamed.
PLAIN_NAME = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif")


def plain_name(name: str, *, keep_suffix: bool = True) -> str:
    """The plain name to rename `name` to: 'My photo (1).JPG' -> 'my-photo-1.jpg'."""
    stem, dot, suffix = name.rpartition(".") if keep_suffix and "." in name.lstrip(".") \
        else (name, "", "")
    plain = slugify(stem) or "file"
    return f"{plain}.{slugify(suffix, separator='')}" if dot and slugify(suffix) else plain


def name_faults(name: str) -> str:
    """Why a file or folder name is not plain, in editors' words."""
    faults = []
    if any(c.isupper() for c in name):
        faults.append("upper-case letters")
    if any(ord(c) > 127 and c.isalpha() for c in name):
        faults.append("accented or non-Latin letters")
    if any(c.isspace() for c in name):
        faults.append("spaces")
    if any(not c.isprintable() and not c.isspace() for c in name):
        faults.append("invisible control characters")
    odd = sorted({c for c in name if c.isascii() and c.isprintable()
                  and not c.isalnum() and c not in "-_. "})
    if odd:
        faults.append(" ".join(odd))
    if name.startswith((".", "-", "_")) or name.endswith((".", "-", "_")):
        faults.append("a dot, hyphen or underscore at an end")
    if not faults:
        faults.append("other characters than a-z, 0-9 and - _ .")
    return ", ".join(faults)


def asset_path(value: Any) -> Finding:
    """The shared check of every path to a file under content/ (written, not resolved)."""
    if not isinstance(value, str):
        return _not_text(value) or "is not text"
    if not value.strip():
        return "is empty"
    shown = f"'{printable(value, 60)}'"
    fix = "write the path from the content folder, e.g. assets/images/news/x.jpg"
    if "\\" in value:
        return f"{shown} holds a backslash", "write / between folders"
    if value.startswith("/") or _SCHEME.match(value):
        return f"{shown} is not a path inside the content folder", fix
    parts = value.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return f"{shown} has an empty, . or .. part: it must stay inside content/", fix
    for number, part in enumerate(parts):
        if not PLAIN_NAME.match(part):
            last = number == len(parts) - 1
            better = plain_name(part, keep_suffix=last)
            path = "/".join([*parts[:number], better, *parts[number + 1:]])
            what = "file" if last else "folder"
            return (f"{what} name '{printable(part, 60)}' has {name_faults(part)}",
                    f"rename '{printable(part, 60)}' to '{better}' and write {path}")
    return None


def _image_path(value: Any) -> Finding:
    found = asset_path(value)
    if found is None and not value.lower().endswith(IMAGE_TYPES):
        return (f"'{printable(value, 60)}' is not an image",
                f"use a picture file: {', '.join(IMAGE_TYPES)}")
    return found


def _role(value: Any) -> str | None:
    return None if value in ROLES else f"'{value}' is not a role"


def _country(value: Any) -> str | None:
    if isinstance(value, str) and pycountry.countries.get(alpha_2=value) is not None:
        return None
    return f"'{value}' is not an ISO 3166 country code"


def _region(value: Any) -> str | None:
    if isinstance(value, str) and pycountry.subdivisions.get(code=value) is not None:
        return None
    return f"'{value}' is not an ISO 3166-2 region code"


TITLE = FieldSpec("title", _text, "add title: followed by the title", required=True)
SUMMARY = FieldSpec("summary", _text, "write one or two sentences after summary:")
STUB = FieldSpec("stub", _bool, "write stub: true, or delete the line once translated")
SOURCE_HASH = FieldSpec("source_hash", _text, "let `clamtex status --mark-translated` write it")
HIDE = FieldSpec("hide", _list_of_text, "write e.g. hide: [toc]", shared=True)

NEWS_FIELDS = (
    TITLE,
    FieldSpec("date", _date, "write the date as YYYY-MM-DD, e.g. 2020-06-30",
              required=True, shared=True),
    SUMMARY,
    FieldSpec("tags", _list_of_text, "write e.g. tags: [project-meetings]", shared=True),
    FieldSpec("partners", _list_of_text, "write e.g. partners: [acme, northlab]",
              shared=True),
    FieldSpec("image", _image_path, "write the image's path, e.g. assets/images/news/x.svg",
              shared=True),
    FieldSpec("image_alt", _text, "describe the image in a short sentence"),
    FieldSpec("image_focus", check_focus, FOCUS_FIX, shared=True),
    FieldSpec("draft", _bool, "write draft: true or draft: false", shared=True),
    STUB,
    SOURCE_HASH,
)
PARTNER_FIELDS = (
    FieldSpec("name", _text, "add name: with the cluster's name", required=True, shared=True),
    FieldSpec("acronym", _text, "write the short name after acronym:", shared=True),
    FieldSpec("full_name", _text, "write the full name after full_name:", shared=True),
    FieldSpec("country", _country, "write the two-letter ISO code, e.g. ES, PT, FR",
              required=True, shared=True),
    FieldSpec("region", _region, "write the ISO 3166-2 code, e.g. ES-CT, or delete the line",
              shared=True),
    FieldSpec("city", _text, "write the city's name", shared=True),
    FieldSpec("website", web_address, "write the full address, e.g. https://example.org",
              shared=True),
    FieldSpec("email", check_email, "write one public address, e.g. info@example.org",
              shared=True),
    FieldSpec("contact_url", web_address, "write the full address of the partner's contact "
              "page, e.g. https://example.org/contact", shared=True),
    FieldSpec("logo", _image_path, "write the logo's path, e.g. assets/partners/acme.svg",
              required=True, shared=True),
    FieldSpec("logo_alt", _text, "describe the logo, e.g. 'ACME logo'", required=True),
    FieldSpec("role", _role, f"write one of: {', '.join(ROLES)}", shared=True),
    SUMMARY,
    STUB,
    SOURCE_HASH,
)
PAGE_FIELDS = (TITLE, SUMMARY, HIDE, STUB, SOURCE_HASH)


# -- bodies ------------------------------------------------------------------------------
# Markdown nested hundreds of levels deep (quotes, lists, admonitions, raw HTML, emphasis,
# brackets) makes Python-Markdown recurse until it fails, or makes HTML that lxml cuts at
# 256 levels (then a later check blames something else, e.g. a missing funding notice).
# No honest page nests so deep: measure it here, cheaply, and say so.
MAX_BLOCK_DEPTH = 100  # HTML levels of quotes, lists (two per level) and raw HTML
MAX_INLINE_DEPTH = 50  # [ brackets open inside each other; * or _ in a row
_BLOCK_HINT = re.compile(r"^[ \t]*(?:>[ \t]*){20}|^[ \t]{80}", re.M)
_PREFIX = re.compile(r"[ \t>]*")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "source", "track", "wbr"])
_RUN_HINT = re.compile(f"[*_]{{{MAX_INLINE_DEPTH}}}")
# A run of * or _ in a line that is not only that run (a line of them is a rule, not nesting).
_RUN = re.compile(f"^(?![ \t]*[*_]+[ \t]*$).*?([*_]{{{MAX_INLINE_DEPTH},}})", re.M)


def deep_nesting(body: str) -> tuple[int, str, str] | None:
    """(line index in the body, problem, fix) of the first place nested too deep, or None.

    Cheap for ordinary pages: a few searches; the line-by-line count runs only where
    something is suspiciously deep.
    """
    run = _RUN.search(body) if _RUN_HINT.search(body) else None
    if run:
        return (body.count("\n", 0, run.start()),
                f"has {len(run[1])} * or _ in a row: Markdown nests them as emphasis",
                "shorten the run, or write \\* or \\_ for the character itself")
    if body.count("[") > MAX_INLINE_DEPTH:
        depth = 0
        for found in re.finditer(r"[\[\]]", body):
            depth = depth + 1 if found.group() == "[" else max(depth - 1, 0)
            if depth > MAX_INLINE_DEPTH:
                return (body.count("\n", 0, found.start()),
                        f"opens more than {MAX_INLINE_DEPTH} [ brackets inside each other",
                        "close each [ with a ], or write \\[ for the character itself")
    html = body.count("<") > MAX_BLOCK_DEPTH // 2
    if not html and not _BLOCK_HINT.search(body):
        return None
    open_tags = 0
    for number, line in enumerate(body.split("\n")):
        prefix = _PREFIX.match(line).group()  # type: ignore[union-attr]
        quotes = prefix.count(">")
        indent = len(prefix.replace(">", "").expandtabs(4))
        if html:
            for tag in _TAG.finditer(line):
                if tag[2].lower() in _VOID or tag[3]:
                    continue
                open_tags = max(open_tags - 1, 0) if tag[1] else open_tags + 1
        depth = quotes + indent // 2 + open_tags
        if depth > MAX_BLOCK_DEPTH:
            return (number, f"nests quotes, lists or HTML more than {MAX_BLOCK_DEPTH} levels "
                    "deep", "flatten it: fewer > marks, indentation or nested HTML elements")
    return None


# ---------------------------------------------------------------------------------------
# Loading


def load_site(settings: Settings, kinds: Sequence[EntryKind]) -> Site:
    """Read every Markdown file once and build the validated model of these kinds."""
    if settings.parse_store is not None:
        frontmatter.load_store(settings.parse_store)
    sources, problems = _read_sources(settings)
    if settings.parse_store is not None:
        frontmatter.save_store(settings.parse_store)
    site = Site(settings, problems=problems)
    loader = Loader(settings, site, kinds)
    loader.load(sources)
    site.problems.extend(rawhtml.check_bodies(sources, settings.site_url,
                                              settings.markdown_extensions, settings.mdx_configs))
    return site


def _display(settings: Settings, path: Path) -> str:
    root = settings.display_root or settings.content_dir.parent
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _markdown_files(content: Path) -> list[tuple[str, ...]]:
    """The path parts, under `content`, of every .md file that is published, sorted as
    sorted(rglob) sorts (junk, hidden and unreadable files left out: sources.walk)."""
    walked = sources.walk(str(content), shown=str(content), project=str(content))
    return [parts for parts in walked.files if parts[-1].endswith(".md")]


def _read_sources(settings: Settings) -> tuple[list[SourceFile], list[Problem]]:
    found: list[SourceFile] = []
    content = settings.content_dir
    if not content.is_dir():
        return [], [Problem(_display(settings, content), 1, "docs_dir", "folder not found",
                            "create it or fix docs_dir in mkdocs.yml")]
    shown = _display(settings, content)
    project = settings.display_root or content.parent
    walked = sources.walk(str(content), shown=shown, project=str(project))
    problems = walked.problems + [sources.left_out_problem(f"{shown}/{path}")
                                  for path in walked.left_out]
    problems += sources.collisions(
        walked.files, shown=shown, languages=settings.languages, default=settings.default,
        news_dir=settings.news_dir, tags=settings.tags, listing_at=settings.reserved)
    for parts in walked.files:
        if not parts[-1].endswith(".md"):
            continue
        display = "/".join((shown, *parts))
        lang = parts[0]
        if len(parts) < 2:
            problems.append(Problem(display, 1, "file", "is outside the language folders",
                                    f"move it into content/{settings.default}/"))
            continue
        if lang not in settings.languages:
            problems.append(Problem(
                display, 1, "language", f"unknown language folder '{lang}'",
                f"use one of {', '.join(settings.languages)}, or add the language in mkdocs.yml"))
            continue
        key = "/".join(parts[1:])
        path = os.path.join(content, *parts)
        try:
            source, read = frontmatter.read(path, display=display, lang=lang, key=key)
        except OSError as error:  # gone or made unreadable since the walk
            problems.append(sources.unreadable(display, error))
            continue
        problems.extend(read)
        if not read:
            found.append(source)
    return found, problems


class EntryKind(Protocol):
    """What the loader needs of a content kind (clamtex.kinds: one module per kind)."""

    @property
    def name(self) -> str: ...
    @property
    def fields(self) -> tuple[FieldSpec, ...]: ...
    @property
    def load_order(self) -> int:
        """Lower loads first: partners before the kinds that name them."""

    def claims(self, key: str) -> bool:
        """Whether a file at `key` (news/x.md) is an entry of this kind."""

    def load(self, loader: Loader, key: str, source: SourceFile,
             fields: dict[str, Any]) -> Entry | None:
        """The entry of an original (default-language) file, or None when it is invalid."""

    def translation(self, loader: Loader, entry: Entry, source: SourceFile,
                    fields: dict[str, Any]) -> Text:
        """The text of a (non-stub) translation; the kind's own checks of it."""

    def finish(self, loader: Loader) -> None:
        """After every file: order the kind's entries, check what spans files."""


class Loader:
    """Turns source files into entries of their kinds, collecting problems as it goes."""

    def __init__(self, settings: Settings, site: Site, kinds: Sequence[EntryKind]) -> None:
        self.settings = settings
        self.site = site
        self.problems = site.problems
        self.registered = list(kinds)  # the registry's order: the site's order of entries
        self.kinds = sorted(kinds, key=lambda kind: kind.load_order)
        for kind in self.kinds:
            site.items.setdefault(kind.name, [])

    def problem(self, source: SourceFile, name: str, message: str, fix: str,
                severity: str = "error") -> None:
        self.problems.append(Problem(source.display, source.line_of(name), printable(name),
                                     message, fix, severity))  # type: ignore[arg-type]

    def kind(self, key: str) -> EntryKind:
        """The kind of a file: the first (in load order) that claims it."""
        for kind in self.kinds:
            if kind.claims(key):
                return kind
        raise ValueError(f"no content kind claims {key}: register a page kind last")

    def load(self, sources: list[SourceFile]) -> None:
        by_key: dict[str, dict[str, SourceFile]] = {}
        for source in sources:
            by_key.setdefault(source.key, {})[source.lang] = source
        default = self.settings.default
        rank = {kind.name: number for number, kind in enumerate(self.kinds)}
        keys = sorted(by_key, key=lambda k: (rank[self.kind(k).name], k))
        for key in keys:
            files = by_key[key]
            original = files.get(default)
            kind = self.kind(key)
            if original is None:
                if (self.settings.content_dir / default / key).is_file():
                    continue  # the original exists but cannot be read: reported already
                for source in files.values():
                    self.problem(source, "file", f"has no original in content/{default}/",
                                 f"create content/{default}/{key} first, or fix this file's name")
                continue
            for source in files.values():
                self.check_body(source)
            fields = self.check_fields(original, kind.fields, translation=False)
            entry = kind.load(self, key, original, fields)
            if entry is None:
                continue
            entry.kind = kind.name
            self.site.items[kind.name].append(entry)
            for lang, source in sorted(files.items()):
                if lang != default:
                    self.add_translation(kind, entry, source)
        for kind in self.kinds:
            kind.finish(self)
        self.site.entries = {entry.key: entry for kind in self.registered
                             for entry in self.site.items[kind.name]}

    # -- one file ---------------------------------------------------------------------

    def check_fields(self, source: SourceFile, specs: tuple[FieldSpec, ...],
                     translation: bool) -> dict[str, Any]:
        """Type-check every field; return those that are valid."""
        known = {spec.name: spec for spec in specs}
        valid: dict[str, Any] = {}
        for name, value in source.meta.items():
            spec = known.get(name)
            bad = bad_character(name) or bad_character(value)
            if bad:
                message, fix = bad if isinstance(bad, tuple) else (bad, "delete it")
                self.problem(source, name, message, fix)
                continue
            if spec is None:
                names = ", ".join(s.name for s in specs if not (translation and s.shared))
                self.problem(source, name, "unknown field",
                             f"remove it or correct its spelling; fields here: {names}")
                continue
            if spec.name in TRANSLATION_MARKS and not translation:
                self.problem(source, name, "only translations carry this mark",
                             "remove it from the original")
                continue
            check = spec.translation_check if translation and spec.translation_check \
                else spec.check
            error = check(value)
            if error:
                message, fix = error if isinstance(error, tuple) else (error, spec.fix)
                self.problem(source, name, message, fix)
                continue
            valid[name] = value
        required = [s for s in specs if s.required and not (translation and s.shared)]
        stub = translation and valid.get("stub") is True
        for spec in required:
            if spec.name not in source.meta and not stub:
                self.problem(source, spec.name, "missing", spec.fix)
        return valid

    def check_file_name(self, kind: str, key: str, source: SourceFile) -> None:
        """Pages' and partners' file and folder names are their URLs (and a partner's id):
        plain names only, with the exact rename."""
        parts = key.split("/")
        for number, part in enumerate(parts):
            last = number == len(parts) - 1
            stem = part[:-3] if last else part
            if MD_NAME.match(stem):
                continue
            better = plain_name(stem, keep_suffix=False) + (".md" if last else "")
            what = f"{kind} file" if last else "folder"
            also = (f" and write {better[:-3]} where news and partners_order name it"
                    if kind == "partner" else "")
            self.problem(source, "file", f"{what} name '{printable(part, 60)}' has "
                         f"{name_faults(stem)}", f"rename it to '{better}'{also}")
            return

    def check_dated_name(self, source: SourceFile, what: str,
                         date: str | None) -> tuple[str, str] | None:
        """(date, slug) of a YYYY-MM-DD-slug.md file name; else a problem with the rename."""
        name = PurePosixPath(source.key).name
        match = DATED_NAME.match(name)
        if not match:
            self.problem(source, "file", *dated_name_problem(name, what, date))
            return None
        return match["date"], match["slug"]

    def check_dated_entry(self, source: SourceFile, what: str,
                          fields: Mapping[str, Any]) -> tuple[str, str] | None:
        """(date, slug) of an entry named after its `date:` field (news, documents): the
        file-name problem, or a problem when the two dates differ (the name's is used)."""
        named = self.check_dated_name(source, what, fields.get("date"))
        if named is None or "date" not in fields:
            return None
        day, _ = named
        if day != fields["date"]:
            self.problem(source, "date", f"{fields['date']} differs from the file name's "
                         f"date {day}", "make the file name start with the same date")
        return named

    def check_tags(self, source: SourceFile, tags: Sequence[str]) -> None:
        for tag in tags:
            if tag not in self.settings.tags:
                known = ", ".join(self.settings.tags) or "none yet"
                self.problem(source, "tags", f"unknown tag '{tag}'",
                             f"use one of: {known}; or add it under plugins.clamtex.tags "
                             "in mkdocs.yml")

    def check_partners(self, source: SourceFile, partners: Sequence[str]) -> None:
        for partner in partners:
            if partner not in self.site.partners:
                known = ", ".join(self.site.partners) or "none yet"
                self.problem(source, "partners", f"unknown partner '{partner}'",
                             f"use one of: {known} (the files in content/{source.lang}/"
                             f"{self.settings.partners_dir}/)")

    def check_named(self, source: SourceFile, fields: dict[str, Any], tags: Sequence[str],
                    partners: Sequence[str], image: str) -> None:
        """What an original's shared facts name: its tags and partners exist, its image is
        a file under content/ with a text alternative (news, events, documents)."""
        self.check_tags(source, tags)
        self.check_partners(source, partners)
        if image:
            self.asset_exists(source, "image", image)
            if "image_alt" not in fields and "image_alt" not in source.meta:
                self.problem(source, "image_alt", "missing: the image has no text "
                             "alternative", "add image_alt: a short description of the image")

    def check_body(self, source: SourceFile) -> None:
        found = deep_nesting(source.body)
        if found is not None:
            index, message, fix = found
            self.problems.append(Problem(source.display, source.body_line() + index, "body",
                                         message, fix))

    def asset_exists(self, source: SourceFile, name: str, path: str) -> bool:
        """Whether a path that passed `asset_path` leads to a file inside content/ (a link
        to a file outside would publish it)."""
        content = os.path.realpath(self.settings.content_dir)
        target = os.path.realpath(os.path.join(content, path))
        if os.path.commonpath([content, target]) != content:
            self.problem(source, name, f"{path} is a link to a file outside content/",
                         "copy the file itself into content/assets/ instead of a link")
            return False
        if not os.path.isfile(target):
            self.problem(source, name, f"file not found: {path}",
                         "put the file under content/assets/ and write its path from there, "
                         "e.g. assets/images/news/x.svg")
            return False
        return True

    def add_translation(self, kind: EntryKind, entry: Entry, source: SourceFile) -> None:
        specs = kind.fields
        fields = self.check_fields(source, specs, translation=True)
        original = entry.original
        for spec in specs:
            if not spec.shared or spec.name not in source.meta:
                continue
            theirs = original.meta.get(spec.name)
            ours = source.meta[spec.name]
            where = f"it is set once, in {original.display}"
            if ours == theirs:
                self.problem(source, spec.name, "repeats the original's value",
                             f"delete the line: {where}", severity="warning")
            elif spec.name == "date":
                self.problem(source, "date", f"{ours} contradicts the original's date {theirs}",
                             f"delete the line: {where}")
            else:
                self.problem(source, spec.name, f"differs from the original ({theirs!r})",
                             f"delete the line: {where}")
        if fields.get("stub") is True:
            entry.stubs[source.lang] = source
            return
        entry.texts[source.lang] = kind.translation(self, entry, source, fields)


def dated_name_problem(name: str, what: str, date: str | None) -> tuple[str, str]:
    """What is wrong with a dated file name (news, events), and the exact rename."""
    stem = name[:-3] if name.endswith(".md") else name
    dated = re.match(r"^(\d{4}-\d{2}-\d{2})(?:-|$)(.*)$", stem)
    day, rest = (dated[1], dated[2]) if dated else (date or "YYYY-MM-DD", stem)
    better = f"{day}-{slugify(rest) or what}.md"
    shown = printable(name, 60)
    if not re.fullmatch(r"[a-z0-9-]*", rest):
        return (f"{what} file name '{shown}' has {name_faults(rest)}",
                f"rename it to '{better}'")
    if dated:
        return (f"{what} file name '{shown}' has no title after its date",
                "rename it to YYYY-MM-DD-short-title.md")
    return (f"{what} file name '{shown}' does not start with its date",
            f"rename it to '{better}'")


def plain_text(entry: Entry, source: SourceFile, fields: dict[str, Any],
               alt_field: str = "image_alt") -> Text:
    """A translation's text: its own title, summary and alt text, else the original's."""
    base = entry.texts[entry.default]
    return Text(source.lang, source, fields.get("title", base.title),
                fields.get("summary", base.summary), fields.get(alt_field, base.image_alt))


def tag_label(tags: Mapping[str, Mapping[str, str]], tag: str, lang: str, default: str) -> str:
    labels = tags.get(tag) or {}
    return labels.get(lang) or labels.get(default) or tag

