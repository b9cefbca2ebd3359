"""Check a built site for the EU funding notice (emblem, statement, disclaimer) on every page."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

BLOCK_CLASS = "clamtex-funding"
EMBLEM_CLASS = "clamtex-funding__emblem"
STATEMENT_CLASS = "clamtex-funding__statement"
DISCLAIMER_CLASS = "clamtex-funding__disclaimer"
EMBLEM_FILES = frozenset({"eu-emblem.svg", "eu-emblem-bordered.svg"})
# admin/: the browser CMS, an editing tool of our own, not a page of the site (cms.py).
SKIPPED_DIRS = frozenset({"pagefind", "assets", "admin"})

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
_PARSER = lxml.html.HTMLParser(encoding="utf-8", collect_ids=False)  # ids are not needed
# Any element whose class mentions the block's class; filtered on exact tokens afterwards.
_CLASS_CANDIDATES = etree.XPath(f"//@class[contains(., '{BLOCK_CLASS}')]/..")


@dataclass(frozen=True)
class FundingText:
    """The expected funding statement and disclaimer for one language."""

    statement: str
    disclaimer: str


@dataclass(frozen=True)
class FundingProblem:
    """One problem found on one page (path relative to the site root, posix)."""

    page: str
    problem: str


def _norm(text: str) -> str:
    """Collapse whitespace (including non-breaking spaces) and apply NFC."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _pages(site_dir: Path) -> Iterator[Path]:
    """Every *.html file under site_dir, skipping pagefind/ and assets/ folders, sorted."""
    for root, dirs, files in os.walk(site_dir):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(files):
            if name.endswith(".html"):
                yield Path(root, name)


def _has_block_class(el: lxml.html.HtmlElement) -> bool:
    return BLOCK_CLASS in (el.get("class") or "").split()


def _blocks(doc: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Elements of the page carrying the funding block's class (as a whole class token).

    The contract's <section> is looked up first (cheap); only when that does not give exactly
    one block is every element searched, whatever its tag.
    """
    blocks = [el for el in doc.iter("section") if _has_block_class(el)]
    if len(blocks) != 1:
        blocks = [el for el in _CLASS_CANDIDATES(doc) if _has_block_class(el)]
    return blocks


def _is_redirect(doc: lxml.html.HtmlElement) -> bool:
    return any(
        (meta.get("http-equiv") or "").strip().lower() == "refresh" for meta in doc.iter("meta")
    )


def _size(img: lxml.html.HtmlElement, attr: str) -> float | None:
    match = _SIZE.match(img.get(attr) or "")
    return float(match.group(1)) if match else None


def _logo_larger(block: lxml.html.HtmlElement, emblem: lxml.html.HtmlElement) -> bool:
    """True if another <img> in the block has a larger width or height than the emblem."""
    sizes = {attr: _size(emblem, attr) for attr in ("width", "height")}
    for img in block.iter("img"):
        if img is emblem:
            continue
        for attr, limit in sizes.items():
            value = _size(img, attr)
            if limit is not None and value is not None and value > limit:
                return True
    return False


class _Checker:
    """Compares each page's funding block with the expected texts; built once per site."""

    def __init__(self, expected: Mapping[str, FundingText]) -> None:
        self.expected = {
            lang: (_norm(text.statement), _norm(text.disclaimer)) for lang, text in expected.items()
        }
        self.statement_lang: dict[str, str] = {}
        self.disclaimer_lang: dict[str, str] = {}
        for lang, (statement, disclaimer) in self.expected.items():
            self.statement_lang.setdefault(statement, lang)
            self.disclaimer_lang.setdefault(disclaimer, lang)

    @staticmethod
    def _text_problem(
        what: str, found: str, want: str, lang: str, others: Mapping[str, str], noun: str
    ) -> list[str]:
        """A one-item list with a problem sentence if found is not the expected text, else []."""
        found = _norm(found)
        if found == want:
            return []
        other = others.get(found)
        if other is not None and other != lang:
            return [f"{what} is in '{other}', page is '{lang}'"]
        return [f"{what} is not the {noun} in '{lang}'"]

    def check(self, doc: lxml.html.HtmlElement) -> list[str]:
        """Problems of one parsed page (not a redirect), in a fixed order."""
        problems: list[str] = []
        lang = (doc.get("lang") or "").strip()
        known = lang in self.expected
        if not known:
            problems.append("unknown page language")
        blocks = _blocks(doc)
        if not blocks:
            problems.append("funding notice is missing")
            return problems
        if len(blocks) > 1:
            problems.append(f"funding notice appears {len(blocks)} times")
        block = blocks[0]
        statement, disclaimer = self.expected.get(lang, ("", ""))

        emblems = [e for e in block.find_class(EMBLEM_CLASS) if e.tag == "img"]
        if not emblems:
            problems.append("EU emblem is missing")
        else:
            emblem = emblems[0]
            src = urlsplit(emblem.get("src") or "").path
            if src.rsplit("/", 1)[-1] not in EMBLEM_FILES:
                problems.append("EU emblem src is not eu-emblem.svg or eu-emblem-bordered.svg")
            alt = emblem.get("alt")
            if alt is None:
                problems.append("emblem has no alt text")
            elif known:
                problems += self._text_problem(
                    "emblem alt text", alt, statement, lang, self.statement_lang, "statement"
                )
            if _logo_larger(block, emblem):
                problems.append("a logo is larger than the EU emblem")

        for what, cls, want, others in (
            ("statement", STATEMENT_CLASS, statement, self.statement_lang),
            ("disclaimer", DISCLAIMER_CLASS, disclaimer, self.disclaimer_lang),
        ):
            found = block.find_class(cls)
            if not found:
                problems.append(f"{what} is missing")
            elif known:
                text = found[0].text_content()
                problems += self._text_problem(what, text, want, lang, others, f"expected {what}")
        return problems


def check_site(site_dir: Path, expected: Mapping[str, FundingText],
               known_good: Callable[[bytes], bool] | None = None,
               known_file: Callable[[os.stat_result], bool] | None = None
               ) -> list[FundingProblem]:
    """Check every page of a built site for the funding notice; problems sorted by page.

    `known_good(html)` may say a page's exact bytes already passed, and `known_file(stat)`
    that the page is the very file that passed (the build's cache of checked pages): such a
    page is not parsed again (nor read, for a known file).
    """
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise NotADirectoryError(f"not a site folder: {site_dir}")
    checker = _Checker(expected)
    results: list[FundingProblem] = []
    for path in _pages(site_dir):
        if known_file is not None and known_file(path.stat()):
            continue
        page = path.relative_to(site_dir).as_posix()
        html = path.read_bytes()
        if known_good is not None and known_good(html):
            continue
        try:
            doc = lxml.html.document_fromstring(html, parser=_PARSER)
        except (etree.ParserError, etree.XMLSyntaxError):
            results.append(FundingProblem(page, "page could not be parsed as HTML"))
            continue
        if _is_redirect(doc):
            continue
        results.extend(FundingProblem(page, problem) for problem in checker.check(doc))
    results.sort(key=lambda p: p.page)
    return results
