"""A small internal link checker: every href/src of every page, fetched over HTTP.

Links to other hosts are not followed (no network in tests); absolute links to the site's
own public URL (canonical, hreflang) are checked against the served copy.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import html as lxml_html

LINK_ATTRIBUTES = ("href", "src", "srcset", "poster", "data")
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Target:
    """One fetched URL: its status and, for HTML, the ids and names it defines."""

    status: int
    anchors: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


def fetch(url: str) -> Target:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body, status = response.read(), response.status
            content_type = response.headers.get_content_type()
            final = response.geturl()
    except urllib.error.HTTPError as error:
        return Target(error.code)
    if content_type not in HTML_TYPES or not body.strip():
        return Target(status)
    tree = lxml_html.fromstring(body)
    anchors = {str(v) for v in tree.xpath("//@id | //a/@name")}
    base = tree.xpath("//base/@href")
    page_base = urljoin(final, str(base[0])) if base else final
    return Target(status, anchors, [urljoin(page_base, link) for link in links_in(tree)])


def links_in(tree: lxml_html.HtmlElement) -> Iterable[str]:
    """Every URL an element attribute points at (srcset split into its URLs)."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in LINK_ATTRIBUTES:
            value = element.get(attribute)
            if not value:
                continue
            if attribute == "srcset":
                yield from (part.split()[0] for part in value.split(",") if part.strip())
            elif not (element.tag == "object" and attribute != "data"):
                yield value.strip()


@dataclass
class LinkChecker:
    """Checks links that stay within `base` (a served site's root URL)."""

    base: str
    aliases: tuple[str, ...] = ()   # public URLs of the same site, mapped onto base
    cache: dict[str, Target] = field(default_factory=dict)

    def internal(self, url: str) -> str | None:
        """The served URL a link leads to, or None for another host or scheme."""
        for alias in self.aliases:
            if url.startswith(alias):
                url = self.base + url.removeprefix(alias)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not url.startswith(
                f"{parts.scheme}://{parts.netloc}/"):
            return None
        return url if url.startswith(self.base) or url.startswith(self.origin) else None

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}/"

    def get(self, url: str) -> Target:
        if url not in self.cache:
            self.cache[url] = fetch(url)
        return self.cache[url]

    def check(self, pages: Iterable[str]) -> list[str]:
        """Problems, one line each: 'page: link -> reason'."""
        problems = []
        for page in pages:
            source = self.get(page)
            if source.status != 200:
                problems.append(f"{page}: HTTP {source.status}")
                continue
            for link in source.links:
                target_url = self.internal(link)
                if target_url is None:
                    continue
                document, fragment = urldefrag(target_url)
                if not document.startswith(self.base):
                    problems.append(f"{page}: {link} -> outside the site's path {self.base}")
                    continue
                target = self.get(document)
                if target.status != 200:
                    problems.append(f"{page}: {link} -> HTTP {target.status}")
                elif fragment and fragment not in target.anchors:
                    problems.append(f"{page}: {link} -> no id '{fragment}' in the page")
        return problems
