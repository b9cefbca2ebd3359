"""The content model: every Markdown file read once, validated, with translations inherited.

A news item, partner or page is one *entry*, keyed by its path under the language folder
(news/2020-06-30-x.md). Shared facts (date, tags, partners, images, ...) live in the
default-language file; a translation carries only what it translates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pycountry

from clamtex.content import frontmatter
from clamtex.content.focus import FIX as FOCUS_FIX
from clamtex.content.focus import check_focus
from clamtex.content.frontmatter import SourceFile
from clamtex.content.problems import Problem

NEWS_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ROLES = ("coordinator", "partner")
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
    today: dt.date = field(default_factory=dt.date.today)
    show_future: bool = False
    display_root: Path | None = None  # paths in messages are relative to this
    parse_store: Path | None = None  # parsed files kept between runs (frontmatter.py)


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

    def text(self, lang: str) -> Text:
        """The text in `lang`, or the default language's when not translated."""
        return self.texts.get(lang) or self.texts[self.default]

    def is_translated(self, lang: str) -> bool:
        return lang in self.texts

    @property
    def original(self) -> SourceFile:
        return self.texts[self.default].source


@dataclass
class Page(Entry):
    """A plain page: home, project, ClusterXchange, partners overview."""


@dataclass
class NewsItem(Entry):
    date: dt.date = dt.date.min
    slug: str = ""
    tags: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    image: str = ""
    image_focus: str = "center"  # where a crop keeps the subject (content/focus.py)
    draft: bool = False


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
    logo: str = ""
    role: str = "partner"


@dataclass
class Site:
    """Every entry of the content folder, validated."""

    settings: Settings
    pages: dict[str, Page] = field(default_factory=dict)
    news: list[NewsItem] = field(default_factory=list)  # all items, newest first
    partners: dict[str, Partner] = field(default_factory=dict)  # in display order
    problems: list[Problem] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)  # every entry by key

    def is_published(self, item: NewsItem) -> bool:
        if item.draft:
            return False
        return self.settings.show_future or item.date <= self.settings.today

    @property
    def published_news(self) -> list[NewsItem]:
        return [item for item in self.news if self.is_published(item)]

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
    check: Callable[[Any], str | None]  # returns a problem or None
    fix: str
    required: bool = False
    shared: bool = False  # set once in the default language, inherited


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be non-empty text"
    return None


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"'{value}' is not true or false"


def _date(value: Any) -> str | None:
    if not isinstance(value, str) or not DATE.match(value):
        return f"'{value}' is not a date"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"'{value}' is not a date"
    return None


def _list_of_text(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return None
    return "must be a list of names, e.g. [a, b]"


def _url(value: Any) -> str | None:
    if isinstance(value, str) and re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        return None
    return f"'{value}' is not a web address"


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
    FieldSpec("partners", _list_of_text, "write e.g. partners: [aei-textils, emc2]",
              shared=True),
    FieldSpec("image", _text, "write the image's path, e.g. assets/images/news/x.svg",
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
    FieldSpec("website", _url, "write the full address, e.g. https://example.org", shared=True),
    FieldSpec("logo", _text, "write the logo's path, e.g. assets/partners/emc2.svg",
              required=True, shared=True),
    FieldSpec("logo_alt", _text, "describe the logo, e.g. 'EMC2 logo'", required=True),
    FieldSpec("role", _role, f"write one of: {', '.join(ROLES)}", shared=True),
    SUMMARY,
    STUB,
    SOURCE_HASH,
)
PAGE_FIELDS = (TITLE, SUMMARY, HIDE, STUB, SOURCE_HASH)


# ---------------------------------------------------------------------------------------
# Loading


def load_site(settings: Settings) -> Site:
    """Read every Markdown file once and build the validated model."""
    if settings.parse_store is not None:
        frontmatter.load_store(settings.parse_store)
    sources, problems = _read_sources(settings)
    if settings.parse_store is not None:
        frontmatter.save_store(settings.parse_store)
    site = Site(settings, problems=problems)
    loader = _Loader(settings, site)
    loader.load(sources)
    return site


def _display(settings: Settings, path: Path) -> str:
    root = settings.display_root or settings.content_dir.parent
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _markdown_files(content: Path) -> list[tuple[str, ...]]:
    """The path parts, under `content`, of every .md file, sorted as sorted(rglob) sorts.

    os.walk and plain strings: pathlib costs more than the parsing for thousands of files.
    """
    found: list[tuple[str, ...]] = []
    for root, _dirs, names in os.walk(content):
        rel = os.path.relpath(root, content)
        base = () if rel == "." else tuple(rel.split(os.sep))
        found.extend((*base, name) for name in names if name.endswith(".md"))
    found.sort()
    return found


def _read_sources(settings: Settings) -> tuple[list[SourceFile], list[Problem]]:
    sources: list[SourceFile] = []
    problems: list[Problem] = []
    content = settings.content_dir
    if not content.is_dir():
        return [], [Problem(_display(settings, content), 1, "docs_dir", "folder not found",
                            "create it or fix docs_dir in mkdocs.yml")]
    shown = _display(settings, content)
    for parts in _markdown_files(content):
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
        source, found = frontmatter.read(path, display=display, lang=lang, key=key)
        problems.extend(found)
        if not found:
            sources.append(source)
    return sources, problems


class _Loader:
    """Turns source files into entries, collecting problems as it goes."""

    def __init__(self, settings: Settings, site: Site) -> None:
        self.settings = settings
        self.site = site
        self.problems = site.problems

    def problem(self, source: SourceFile, name: str, message: str, fix: str,
                severity: str = "error") -> None:
        self.problems.append(Problem(source.display, source.line_of(name), name, message, fix,
                                     severity))  # type: ignore[arg-type]

    def kind(self, key: str) -> tuple[str, tuple[FieldSpec, ...]]:
        parts = PurePosixPath(key).parts
        if len(parts) == 2 and parts[0] == self.settings.news_dir and parts[1] != "index.md":
            return "news", NEWS_FIELDS
        if len(parts) == 2 and parts[0] == self.settings.partners_dir and parts[1] != "index.md":
            return "partner", PARTNER_FIELDS
        return "page", PAGE_FIELDS

    def load(self, sources: list[SourceFile]) -> None:
        by_key: dict[str, dict[str, SourceFile]] = {}
        for source in sources:
            by_key.setdefault(source.key, {})[source.lang] = source
        default = self.settings.default
        # Partners first: news items name them.
        keys = sorted(by_key, key=lambda k: (self.kind(k)[0] != "partner", k))
        for key in keys:
            files = by_key[key]
            original = files.get(default)
            kind, specs = self.kind(key)
            if original is None:
                if (self.settings.content_dir / default / key).is_file():
                    continue  # the original exists but cannot be read: reported already
                for source in files.values():
                    self.problem(source, "file", f"has no original in content/{default}/",
                                 f"create content/{default}/{key} first, or fix this file's name")
                continue
            entry = self.load_entry(kind, specs, key, original)
            if entry is None:
                continue
            for lang, source in sorted(files.items()):
                if lang != default:
                    self.add_translation(entry, specs, source)
        self.site.news.sort(key=lambda item: (item.date, item.key), reverse=True)
        self.order_partners()
        site = self.site
        for entry in [*site.pages.values(), *site.news, *site.partners.values()]:
            site.entries[entry.key] = entry

    # -- one file ---------------------------------------------------------------------

    def check_fields(self, source: SourceFile, specs: tuple[FieldSpec, ...],
                     translation: bool) -> dict[str, Any]:
        """Type-check every field; return those that are valid."""
        known = {spec.name: spec for spec in specs}
        valid: dict[str, Any] = {}
        for name, value in source.meta.items():
            spec = known.get(name)
            if spec is None:
                names = ", ".join(s.name for s in specs if not (translation and s.shared))
                self.problem(source, name, "unknown field",
                             f"remove it or correct its spelling; fields here: {names}")
                continue
            if spec.name in TRANSLATION_MARKS and not translation:
                self.problem(source, name, "only translations carry this mark",
                             "remove it from the original")
                continue
            error = spec.check(value)
            if error:
                self.problem(source, name, error, spec.fix)
                continue
            valid[name] = value
        required = [s for s in specs if s.required and not (translation and s.shared)]
        stub = translation and valid.get("stub") is True
        for spec in required:
            if spec.name not in source.meta and not stub:
                self.problem(source, spec.name, "missing", spec.fix)
        return valid

    def asset_exists(self, source: SourceFile, name: str, path: str) -> bool:
        target = self.settings.content_dir / path
        if path.startswith(("/", "http:", "https:")) or not target.is_file():
            self.problem(source, name, f"file not found: {path}",
                         "put the file under content/assets/ and write its path from there, "
                         "e.g. assets/images/news/x.svg")
            return False
        return True

    def load_entry(self, kind: str, specs: tuple[FieldSpec, ...], key: str,
                   source: SourceFile) -> Entry | None:
        fields = self.check_fields(source, specs, translation=False)
        if kind == "news":
            return self.load_news(key, source, fields)
        if kind == "partner":
            return self.load_partner(key, source, fields)
        page = Page(key=key, default=source.lang)
        page.texts[source.lang] = Text(source.lang, source, fields.get("title", key),
                                       fields.get("summary", ""))
        self.site.pages[key] = page
        return page

    def load_news(self, key: str, source: SourceFile, fields: dict[str, Any]) -> NewsItem | None:
        name = PurePosixPath(key).name
        match = NEWS_NAME.match(name)
        if not match:
            self.problem(source, "file", f"news file name '{name}' does not start with its date",
                         "rename it to YYYY-MM-DD-short-title.md, lowercase, with hyphens")
            return None
        if "date" not in fields:
            return None
        date = dt.date.fromisoformat(fields["date"])
        if match["date"] != fields["date"]:
            self.problem(source, "date", f"{fields['date']} differs from the file name's date "
                         f"{match['date']}", "make the file name start with the same date")
        item = NewsItem(key=key, default=source.lang, date=date, slug=match["slug"],
                        tags=tuple(fields.get("tags", ())),
                        partners=tuple(fields.get("partners", ())),
                        image=fields.get("image", ""),
                        image_focus=fields.get("image_focus", "center"),
                        draft=fields.get("draft", False))
        for tag in item.tags:
            if tag not in self.settings.tags:
                known = ", ".join(self.settings.tags) or "none yet"
                self.problem(source, "tags", f"unknown tag '{tag}'",
                             f"use one of: {known}; or add it under plugins.clamtex.tags "
                             "in mkdocs.yml")
        for partner in item.partners:
            if partner not in self.site.partners:
                known = ", ".join(self.site.partners) or "none yet"
                self.problem(source, "partners", f"unknown partner '{partner}'",
                             f"use one of: {known} (the files in content/{source.lang}/"
                             f"{self.settings.partners_dir}/)")
        if item.image:
            self.asset_exists(source, "image", item.image)
            if "image_alt" not in fields and "image_alt" not in source.meta:
                self.problem(source, "image_alt", "missing: the image has no text alternative",
                             "add image_alt: a short description of the image")
        if "title" not in fields:
            return None
        item.texts[source.lang] = Text(source.lang, source, fields["title"],
                                       fields.get("summary", ""), fields.get("image_alt", ""))
        self.site.news.append(item)
        return item

    def load_partner(self, key: str, source: SourceFile, fields: dict[str, Any]) -> Partner | None:
        partner_id = PurePosixPath(key).stem
        if "name" not in fields:
            return None
        partner = Partner(key=key, default=source.lang, id=partner_id, name=fields["name"],
                          acronym=fields.get("acronym", fields["name"]),
                          full_name=fields.get("full_name", ""),
                          country=fields.get("country", ""), region=fields.get("region", ""),
                          city=fields.get("city", ""), website=fields.get("website", ""),
                          logo=fields.get("logo", ""), role=fields.get("role", "partner"))
        if partner.region and partner.country and not partner.region.startswith(
                partner.country + "-"):
            self.problem(source, "region", f"{partner.region} is not in country {partner.country}",
                         "make the region code start with the country code")
        if partner.logo:
            self.asset_exists(source, "logo", partner.logo)
        partner.texts[source.lang] = Text(source.lang, source, partner.name,
                                          fields.get("summary", ""), fields.get("logo_alt", ""))
        self.site.partners[partner_id] = partner
        return partner

    def add_translation(self, entry: Entry, specs: tuple[FieldSpec, ...],
                        source: SourceFile) -> None:
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
        base = entry.texts[entry.default]
        if isinstance(entry, NewsItem) and entry.image and "image_alt" not in source.meta:
            self.problem(source, "image_alt", "missing: the translated text alternative",
                         "add image_alt: the image's description in this language")
        title = fields.get("title", base.title)
        if isinstance(entry, Partner):
            title = entry.name
        entry.texts[source.lang] = Text(source.lang, source, title,
                                        fields.get("summary", base.summary),
                                        fields.get("image_alt", fields.get("logo_alt",
                                                                           base.image_alt)))

    def order_partners(self) -> None:
        order = list(self.settings.partners_order)
        for partner_id in order:
            if partner_id not in self.site.partners:
                self.problems.append(Problem(
                    "mkdocs.yml", 1, "partners_order", f"unknown partner '{partner_id}'",
                    f"remove it, or add content/{self.settings.default}/"
                    f"{self.settings.partners_dir}/{partner_id}.md"))
        ranked = {pid: i for i, pid in enumerate(order)}
        ordered = sorted(self.site.partners.values(),
                         key=lambda p: (ranked.get(p.id, len(ranked)),
                                        p.role != "coordinator", p.name.lower()))
        self.site.partners = {p.id: p for p in ordered}


def tag_label(tags: Mapping[str, Mapping[str, str]], tag: str, lang: str, default: str) -> str:
    labels = tags.get(tag) or {}
    return labels.get(lang) or labels.get(default) or tag

