"""A document's file (a PDF, an office document): which formats are published, and whether
a file is what its name says, read from its bytes.

Pure building blocks for the documents kind: `check_document_path` (a `FieldSpec.check`:
the path's form and extension) and `file_problem` (the file itself: empty, cut short, or
another format than its extension). Office formats are ZIP archives: which one a file is
is read from its table of contents (OOXML's main part, OpenDocument's `mimetype`), so a
spreadsheet saved as `.docx` is told apart from a text document. Raster images are not
documents: they go through the image pipeline (an item's `image`), never as a download.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from typing import Any

from clamtex.content.frontmatter import printable
from clamtex.content.model import IMAGE_TYPES, Finding, asset_path

ASSETS = "assets/"


@dataclass(frozen=True)
class Format:
    """A document format the site publishes."""

    extension: str  # without the dot
    label: str  # as visitors read it next to the size: "PDF"
    mime: str


FORMATS: dict[str, Format] = {f.extension: f for f in (
    Format("pdf", "PDF", "application/pdf"),
    Format("docx", "DOCX", "application/vnd.openxmlformats-officedocument."
           "wordprocessingml.document"),
    Format("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    Format("pptx", "PPTX", "application/vnd.openxmlformats-officedocument."
           "presentationml.presentation"),
    Format("odt", "ODT", "application/vnd.oasis.opendocument.text"),
    Format("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet"),
    Format("odp", "ODP", "application/vnd.oasis.opendocument.presentation"),
    Format("epub", "EPUB", "application/epub+zip"),
)}
ALLOWED = ", ".join(f".{ext}" for ext in FORMATS)
# OOXML: the part only that kind of document has.
_OOXML = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml",
          "pptx": "ppt/presentation.xml"}
# OpenDocument and EPUB: the archive's first member, `mimetype`, names the format.
_BY_MIME = {f.mime: f.extension for f in FORMATS.values() if f.extension in
            ("odt", "ods", "odp", "epub")}
PDF_END_WINDOW = 2048  # %%EOF must be this close to the end (readers allow junk after it)


def extension(path: str) -> str:
    return path.rpartition(".")[2].lower() if "." in path.rpartition("/")[2] else ""


def check_document_path(value: Any) -> Finding:
    """A path under content/assets/ to a file of a published document format."""
    found = asset_path(value)
    if found is not None:
        return found
    shown = f"'{printable(value, 60)}'"
    if not value.startswith(ASSETS):
        return (f"{shown} is not under content/assets/",
                f"move the file into content/assets/, e.g. assets/documents/"
                f"{value.rpartition('/')[2]}, and write that path")
    ext = extension(value)
    if value.lower().endswith(IMAGE_TYPES):
        return (f"{shown} is an image, not a document",
                f"publish a document ({ALLOWED}); show a picture with image: instead")
    if ext not in FORMATS:
        kind = f"'.{printable(ext, 12)}'" if ext else "no extension"
        return (f"{shown} has {kind}, not a document format this site publishes",
                f"use one of: {ALLOWED} (e.g. save or export it as PDF)")
    return None


def sniff(path: str) -> str:
    """What the file's bytes say it is: an extension of FORMATS, or a word for another
    kind of file ('zip', 'png', 'html', ...), or '' when unknown."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    signatures = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"),
                  (b"GIF8", "gif"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
                  (b"{\\rtf", "rtf"))
    for signature, kind in signatures:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    return ""


def _zip_kind(path: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mime = archive.read("mimetype").decode("ascii", "replace").strip()
                if mime in _BY_MIME:
                    return _BY_MIME[mime]
            for ext, part in _OOXML.items():
                if part in names and "[Content_Types].xml" in names:
                    return ext
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return "broken-zip"
    return "zip"


_WHAT = {"zip": "a ZIP archive", "broken-zip": "a damaged ZIP archive", "png": "a PNG image",
         "jpeg": "a JPEG image", "gif": "a GIF image", "webp": "a WebP image",
         "ole": "an old Microsoft Office file (.doc, .xls or .ppt)", "rtf": "an RTF file",
         "html": "a web page (HTML)"}


def file_problem(path: str, shown: str) -> tuple[str, str] | None:
    """(problem, fix) of the document file at `path` (which exists), or None.

    `shown` is the path as the editor wrote it. Read: the first KB, a ZIP's table of
    contents, a PDF's last KB or two; never the whole file.
    """
    ext = extension(shown)
    size = os.path.getsize(path)
    if size == 0:
        return f"{shown} is empty (0 bytes)", "put the real file there (upload it again)"
    found = sniff(path)
    if found == ext:
        if ext == "pdf" and not _pdf_ends(path, size):
            return (f"{shown} is cut short: a PDF ends with %%EOF",
                    "export or upload the PDF again")
        return None
    expected = FORMATS[ext].label
    if found in FORMATS:
        return (f"{shown} is a {FORMATS[found].label} file, not {expected}",
                f"rename it to .{found}, or export it as {expected}")
    what = _WHAT.get(found, "not a file of that format")
    fix = ("save it as PDF (or .docx, .xlsx, .pptx)" if found == "ole"
           else f"export the document as {expected} again")
    return f"{shown} is {what}, not a {expected} file", fix


def _pdf_ends(path: str, size: int) -> bool:
    with open(path, "rb") as handle:
        handle.seek(max(0, size - PDF_END_WINDOW))
        return b"%%EOF" in handle.read()
