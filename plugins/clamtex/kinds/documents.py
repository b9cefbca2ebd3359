"""Documents (a project's results): content/<lang>/documents/YYYY-MM-DD-slug.md, one page
each with its download link ("PDF, 1.2 MB"), the results page of each language (grouped
by type, newest first), and the documents a partner's page and a news item show.

A document's file is a path under content/assets/ that MkDocs publishes as it is; what
formats are allowed and how a file is told to be what its name says is
content/document_files.py. A translation may give its own `file` (the document in its
language); otherwise the original's is offered, marked with its language. Related news
are named by the document (`news: [news/2020-06-30-x.md]`): the news item's page then
lists it, so a news item's front matter needs no field of another kind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, ClassVar

from babel.numbers import format_decimal

from clamtex.content import schedule
from clamtex.content.document_files import (
    FORMATS,
    Format,
    check_document_path,
    extension,
    file_problem,
)
from clamtex.content.focus import FIX as FOCUS_FIX
from clamtex.content.focus import check_focus
from clamtex.content.frontmatter import SourceFile, printable
from clamtex.content.model import (
    DATE,
    SOURCE_HASH,
    STUB,
    SUMMARY,
    TITLE,
    Entry,
    FieldSpec,
    Finding,
    Loader,
    NewsItem,
    Site,
    Text,
    _bool,
    _date,
    _image_path,
    _list_of_text,
    _text,
    plain_text,
)
from clamtex.kinds.base import ContentKind
from clamtex.l10n import strings as l10n
from clamtex.l10n.strings import Strings
from clamtex.outputs.cms import CmsCollection
from clamtex.outputs.jsonld import document_jsonld
from clamtex.outputs.seo import script_json
from clamtex.structure.listings import Listing
from clamtex.structure.pictures import Picture
from clamtex.structure.views import Link, NewsCard, PageView, ViewFactory

FOLDER = "documents"
INDEX = f"{FOLDER}/index.md"
# The results page's order of groups; each has a label per language (documents.type_*).
TYPES = ("deliverable", "report", "study", "presentation", "leaflet", "newsletter", "other")


def _type(value: Any) -> Finding:
    if isinstance(value, str) and value in TYPES:
        return None
    return f"'{printable(value, 40)}' is not a document type"


FIELDS: tuple[FieldSpec, ...] = (
    TITLE,
    FieldSpec("date", _date, "write the publication date as YYYY-MM-DD, e.g. 2020-06-30",
              required=True, shared=True),
    SUMMARY,
    FieldSpec("type", _type, f"write one of: {', '.join(TYPES)}", required=True, shared=True),
    # Translated: a translation may give the document in its own language.
    FieldSpec("file", check_document_path,
              "write the file's path from the content folder, e.g. "
              "assets/documents/d2-1-baseline.pdf"),
    FieldSpec("deliverable", _text, "write the deliverable's reference, e.g. D2.1",
              shared=True),
    FieldSpec("partners", _list_of_text, "write e.g. partners: [acme, northlab]",
              shared=True),
    FieldSpec("tags", _list_of_text, "write e.g. tags: [project-meetings]", shared=True),
    FieldSpec("news", _list_of_text,
              "write e.g. news: [news/2020-06-30-second-meeting.md]", shared=True),
    FieldSpec("image", _image_path, "write the image's path, e.g. "
              "assets/images/documents/x.png", shared=True),
    FieldSpec("image_alt", _text, "describe the image in a short sentence"),
    FieldSpec("image_focus", check_focus, FOCUS_FIX, shared=True),
    FieldSpec("draft", _bool, "write draft: true or draft: false", shared=True),
    STUB,
    SOURCE_HASH,
)


@dataclass(frozen=True)
class DocumentFile:
    """A published file: its path under content/, format, size in bytes and language."""

    path: str
    format: Format
    size: int
    lang: str


@dataclass
class DocumentItem(Entry):
    date: dt.date = dt.date.min
    slug: str = ""
    type: str = "other"
    deliverable: str = ""
    partners: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    news: tuple[str, ...] = ()  # keys of related news items (news/2020-06-30-x.md)
    image: str = ""
    image_focus: str = "center"
    draft: bool = False
    files: dict[str, DocumentFile] = dataclasses.field(default_factory=dict)  # lang -> file

    def state(self, today: dt.date) -> schedule.State:
        return schedule.state(self.date, self.draft, today)

    def pictures(self) -> tuple[tuple[str, str, str, str], ...]:
        return (("image", self.image, "photo", self.image_focus),) if self.image else ()

    def lastmod(self) -> dt.date | None:
        return self.date

    def file(self, lang: str) -> DocumentFile:
        """The file a page in `lang` offers: its translation's own, else the original's."""
        own = self.files.get(lang) if self.is_translated(lang) else None
        return own or self.files[self.default]


@dataclass(frozen=True)
class DocumentCard:
    """A document as its page, the results page, a partner's page and a news item show it."""

    key: str
    url: str
    title: str
    summary: str
    type: str
    type_label: str
    date_iso: str
    date_text: str
    deliverable: str
    file_url: str  # site-root-relative (the file's own path: assets/...)
    file_mime: str
    file_lang: str
    file_text: str  # "PDF, 1.2 MB" in the page's language
    file_note: str  # "In English" when the file's language is not the page's, else ""
    partners: tuple[Link, ...]
    tags: tuple[Link, ...]
    news: tuple[NewsCard, ...]
    image: Picture | None
    figure: Picture | None
    image_alt: str
    translated: bool
    content_lang: str
    notice: str  # the untranslated notice, '' when translated


def size_text(size: int, locale: str, t: Strings) -> str:
    """A file size in the language's numbers and units: decimal units (1 kB = 1000 B), as
    operating systems show them; one decimal in MB ("1.2 MB", "1,2 Mo")."""
    if size < 1000:
        return t("documents.size_bytes", size=format_decimal(size, locale=locale))
    kilo = (Decimal(size) / 1000).quantize(Decimal(1))
    if kilo < 1000:
        return t("documents.size_kb", size=format_decimal(kilo, format="#,##0",
                                                           locale=locale))
    mega = Decimal(size) / 1_000_000
    return t("documents.size_mb", size=format_decimal(mega, format="#,##0.#", locale=locale))


class Documents(ContentKind):
    name = "document"
    collection = "documents"
    fields = FIELDS
    templates: ClassVar[Mapping[str, str]] = {"document": "clamtex/document.html",
                                              "results": "clamtex/results.html"}
    full_width = frozenset({"results"})
    searchable = frozenset({"document"})
    follows_show_untranslated = True  # as news
    index_key = INDEX  # the results page

    def claims(self, key: str) -> bool:
        parts = PurePosixPath(key).parts
        return len(parts) == 2 and parts[0] == FOLDER and parts[1] != "index.md"

    def reserved(self, dest: str) -> str | None:
        return "the results page" if dest == f"{FOLDER}/index.html" else None

    # -- content ---------------------------------------------------------------------

    def load(self, loader: Loader, key: str, source: SourceFile,
             fields: dict[str, Any]) -> Entry | None:
        named = loader.check_dated_entry(source, "document", fields)
        if named is None:
            return None
        _, slug = named
        if "file" not in source.meta:
            loader.problem(source, "file", "missing: a document needs its file",
                           "add file: the path of the PDF (or other document) under "
                           "content/, e.g. assets/documents/d2-1-baseline.pdf")
        item = DocumentItem(key=key, default=source.lang,
                            date=dt.date.fromisoformat(fields["date"]), slug=slug,
                            type=fields.get("type", "other"),
                            deliverable=fields.get("deliverable", ""),
                            partners=tuple(fields.get("partners", ())),
                            tags=tuple(fields.get("tags", ())),
                            news=tuple(fields.get("news", ())),
                            image=fields.get("image", ""),
                            image_focus=fields.get("image_focus", "center"),
                            draft=fields.get("draft", False))
        loader.check_named(source, fields, item.tags, item.partners, item.image)
        file = self.check_file(loader, source, fields.get("file", ""))
        if file is None or "title" not in fields or "type" not in fields:
            return None
        item.files[source.lang] = file
        item.texts[source.lang] = Text(source.lang, source, fields["title"],
                                       fields.get("summary", ""), fields.get("image_alt", ""))
        return item

    @staticmethod
    def check_file(loader: Loader, source: SourceFile, path: str) -> DocumentFile | None:
        """The document file a front matter names, or None (and its one-line problem)."""
        if not path or not loader.asset_exists(source, "file", path):
            return None
        target = os.path.join(loader.settings.content_dir, path)
        found = file_problem(target, path)
        if found is not None:
            loader.problem(source, "file", *found)
            return None
        return DocumentFile(path, FORMATS[extension(path)], os.path.getsize(target),
                            source.lang)

    def translation(self, loader: Loader, entry: Entry, source: SourceFile,
                    fields: dict[str, Any]) -> Text:
        assert isinstance(entry, DocumentItem)
        if "file" in fields:
            original = entry.files.get(entry.default)
            if original is not None and fields["file"] == original.path:
                loader.problem(source, "file", "repeats the original's file",
                               "delete the line: without it, the original's file is offered "
                               "(marked with its language)", severity="warning")
            else:
                file = self.check_file(loader, source, fields["file"])
                if file is not None:
                    entry.files[source.lang] = file
        if entry.image and "image_alt" not in source.meta:
            loader.problem(source, "image_alt", "missing: the translated text alternative",
                           "add image_alt: the image's description in this language")
        return plain_text(entry, source, fields)

    def finish(self, loader: Loader) -> None:
        items = loader.site.items[self.name]
        items.sort(key=lambda item: (item.lastmod(), item.key), reverse=True)
        news = {entry.key for entry in loader.site.items.get("news", ())}
        for item in items:
            assert isinstance(item, DocumentItem)
            for key in item.news:
                if key not in news:
                    close = difflib.get_close_matches(key, sorted(news), n=1)
                    example = close[0] if close else "news/2020-06-30-x.md"
                    loader.problem(item.original, "news",
                                   f"unknown news item '{printable(key, 60)}'",
                                   f"write the news file's path under content/{item.default}/,"
                                   f" e.g. {example}")

    # -- structure -------------------------------------------------------------------

    # -- views -----------------------------------------------------------------------

    def card(self, views: ViewFactory, entry: Entry) -> DocumentCard:
        """The document's card in the factory's language (made once per language)."""
        return self.memo(views, entry, lambda: self._make_card(views, entry))

    def _make_card(self, views: ViewFactory, entry: Entry) -> DocumentCard:
        assert isinstance(entry, DocumentItem)
        text = entry.text(views.lang)
        file = entry.file(views.lang)
        t = views.t
        file_note = ""
        if file.lang != views.lang:
            names = l10n.babel_locale(views.locale).languages
            file_note = t("documents.file_language", language=names.get(file.lang, file.lang))
        site, plan = views.plan.site, views.plan
        shown = plan.by_lang[views.lang]
        news = tuple(views.news_card(item) for key in entry.news
                     if isinstance(item := site.entry(key), NewsItem) and shown.shows(key))
        translated = entry.is_translated(views.lang)
        return DocumentCard(
            key=entry.key, url=plan.url(views.lang, entry.key), title=text.title,
            summary=text.summary, type=entry.type, type_label=t(f"documents.type_{entry.type}"),
            date_iso=entry.date.isoformat(), date_text=l10n.long_date(entry.date, views.locale),
            deliverable=entry.deliverable, file_url=file.path, file_mime=file.format.mime,
            file_lang=file.lang,
            file_text=t("documents.file_info", format=file.format.label,
                        size=size_text(file.size, views.locale, t)),
            file_note=file_note,
            partners=tuple(Link(site.partners[p].name, plan.url(views.lang, site.partners[p].key))
                           for p in entry.partners if p in site.partners),
            tags=tuple(views.tag_link(tag) for tag in entry.tags), news=news,
            image=views.picture(entry.image, text.image_alt, "list", entry.image_focus),
            figure=views.picture(entry.image, text.image_alt, "article", entry.image_focus),
            image_alt=text.image_alt, translated=translated, content_lang=text.lang,
            notice="" if translated else self.notice(views))

    @staticmethod
    def notice(views: ViewFactory) -> str:
        return views.t("documents.not_translated", language=views.default_name)

    def page_view(self, views: ViewFactory, entry: Entry) -> PageView:
        assert isinstance(entry, DocumentItem)
        view = views.base("document", entry.key)
        card = self.card(views, entry)
        file = entry.file(views.lang)
        view.extra["document"] = card
        view.extra["documents_index"] = views.plan.url(views.lang, INDEX)
        data = document_jsonld(
            name=card.title, url=view.canonical, doc_type=entry.type,
            language=card.content_lang, published=card.date_iso,
            file_url=views.absolute(file.path), mime=file.format.mime, size=file.size,
            file_language=file.lang, description=card.summary, number=entry.deliverable,
            authors=[{"@type": "Organization", "name": link.text,
                      "url": views.absolute(link.url)} for link in card.partners],
            keywords=[tag.text for tag in card.tags],
            image=[views.absolute(card.figure.src)] if card.figure else [])
        view.extra["document_json"] = script_json(data)
        return view

    def listing_view(self, views: ViewFactory, listing: Listing) -> PageView:
        view = views.base("results", listing.key)
        view.listing = listing
        view.listing_title = views.t("documents.results")
        cards = [self.card(views, entry) for entry in listing.items]  # newest first
        view.extra["document_groups"] = [
            (kind, views.t(f"documents.group_{kind}"), group)
            for kind in TYPES if (group := [card for card in cards if card.type == kind])]
        return view

    def extend(self, views: ViewFactory, view: PageView) -> None:
        shown = views.plan.by_lang[views.lang].shown.get(self.name, [])
        if view.kind == "document" and view.fallback_notice:  # says "document", not "item"
            view.fallback_notice = self.notice(views)
        if not shown:  # nothing added: a site without documents renders as before
            return
        if view.kind == "partner" and view.partner is not None:
            partner_id = view.partner.id
            cards = [self.card(views, e) for e in shown
                     if isinstance(e, DocumentItem) and partner_id in e.partners]
            if cards:
                view.extra["partner_documents"] = cards
        elif view.kind == "news" and view.item is not None:
            key = view.item.key
            cards = [self.card(views, e) for e in shown
                     if isinstance(e, DocumentItem) and key in e.news]
            if cards:
                view.extra["news_documents"] = cards

    # -- editors' tools ----------------------------------------------------------------

    def cms_collection(self, site: Site) -> CmsCollection:
        """The documents in the browser CMS: the file is uploaded under assets/documents/
        (written as the model reads it, a path under content/), the type is one of TYPES,
        related news are chosen from the site's news items."""
        folder = "assets/documents"
        return CmsCollection("Documents", {
            "label_singular": "Document",
            "folder": f"content/{{{{locale}}}}/{FOLDER}", "create": True,
            "extension": "md", "format": "frontmatter", "i18n": True,
            "identifier_field": "title",
            # The file-name rule: YYYY-MM-DD-short-title.md (Loader.check_dated_name).
            "slug": "{{fields.date | date('YYYY-MM-DD')}}-{{title}}",
            "filter": {"field": "date", "pattern": DATE.pattern},
            "summary": "{{fields.date}} · {{title}}",
            "sortable_fields": ["date", "title"]}, widgets={
            "type": {"widget": "select", "options": list(TYPES)},
            "file": {"widget": "file", "media_folder": f"/content/{folder}",
                     "public_folder": folder,
                     "accept": ",".join(f".{ext}" for ext in FORMATS)},
            "deliverable": {"widget": "string"},
            "news": {"widget": "select", "multiple": True, "options": [
                item.key for item in site.news]},
        })
