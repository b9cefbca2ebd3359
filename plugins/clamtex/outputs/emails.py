"""Bare e-mail addresses in a body become mailto: links (a Python-Markdown inline pattern).

Built as an element (`<a href="mailto:...">`), so Markdown escapes it like any other: no
HTML is pasted together. It runs after links and autolinks (an address already inside a
link stays as it is) and after raw HTML is set aside (an address in an attribute is never
touched), before emphasis (so `first_last@example.org` keeps its underscores).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from clamtex.content.model import check_email

# Not glued to a word, a URL's user part or another address.
ADDRESS = (r"(?<![\w.+\-/:@])"
           r"([A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})"
           r"(?![\w@\-]|\.[A-Za-z0-9])")
# What Markdown leaves in the text for a piece set aside: an inline node, which for raw
# HTML is in turn a placeholder of the HTML stash.
NODE = re.compile(r"\x02klzzwxh:([0-9]+)\x03")
RAW_TAG = re.compile(r"\x02wzxhzdk:([0-9]+)\x03")
OPEN_LINK = re.compile(r"<a[\s>]", re.IGNORECASE)
CLOSE_LINK = re.compile(r"</a\s*>", re.IGNORECASE)
PRIORITY = 85  # below links (160), autolinks (120, 110) and raw HTML (90); above emphasis


class EmailLinks(InlineProcessor):
    """`info@example.org` -> `<a href="mailto:info@example.org">info@example.org</a>`."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:
        address = m.group(1)
        if check_email(address) or self.inside_raw_link(data[: m.start(0)]):
            return None, None, None  # type: ignore[return-value]
        link = etree.Element("a", {"href": f"mailto:{address}"})
        link.text = AtomicString(address)
        return link, m.start(0), m.end(0)

    def inside_raw_link(self, before: str) -> bool:
        """Whether a hand-written `<a ...>` before the address is still open."""
        depth = 0
        blocks = self.md.htmlStash.rawHtmlBlocks
        nodes = getattr(self.md.treeprocessors["inline"], "stashed_nodes", {})
        for found in NODE.finditer(before):
            node = nodes.get(found.group(1))
            for raw_tag in RAW_TAG.finditer(node if isinstance(node, str) else ""):
                index = int(raw_tag.group(1))
                raw = str(blocks[index]) if index < len(blocks) else ""
                depth += len(OPEN_LINK.findall(raw)) - len(CLOSE_LINK.findall(raw))
        return depth > 0


class EmailLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(EmailLinks(ADDRESS, md), "clamtex_email", PRIORITY)


def configure(config: Any) -> None:
    """Add the extension once (i18n runs on_config once per language on one config)."""
    extensions = config.markdown_extensions
    if not any(isinstance(e, EmailLinksExtension) for e in extensions):
        extensions.append(EmailLinksExtension())
