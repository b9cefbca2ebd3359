"""RSS 2.0 and Atom feeds of one language's own (translated) news items.

Everything in them is text. Atom says so (type="text", the default); RSS readers take a
<description> as HTML, so there the text is HTML-escaped first: a summary `<b>hi</b>`
shows as those characters, never as bold. feedgen escapes everything for XML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from feedgen.feed import FeedGenerator
from lxml import etree

from clamtex.structure.views import ViewFactory

# Characters XML 1.0 cannot hold: lxml (under feedgen) refuses them with a ValueError.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    """Text as a feed can hold it (content validation refuses control characters in
    fields; none that gets through may crash the build)."""
    return _NOT_XML.sub("", text)


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def build_feed(views: ViewFactory, size: int, self_url: str,
               kind: str = "rss") -> FeedGenerator:
    """A feed of the language's translated items, newest first, with absolute URLs.

    `kind`: "rss" or "atom", the format it will be written in (their text differs).
    """
    rss = kind == "rss"

    def as_html(text: str) -> str:  # RSS descriptions are HTML
        return html.escape(text, quote=False) if rss else text

    lang = views.lang
    plan = views.plan
    items = [item for item in plan.by_lang[lang].news if item.is_translated(lang)][:size]
    home = views.absolute(plan.url(lang, "index.md"))
    feed = FeedGenerator()
    feed.id(home)
    feed.title(_xml(views.t("ui.feed_title")))
    feed.subtitle(as_html(_xml(views.t("ui.latest_news"))))
    feed.link(href=self_url, rel="self")
    # Last, so that RSS's channel <link> is the news page, not the feed itself.
    feed.link(href=views.absolute(plan.url(lang, f"{views.feeds_dir}/index.md")), rel="alternate")
    feed.language(lang)
    feed.generator("clamtex")
    updated = _moment(items[0].date) if items else _moment(dt.date(2020, 1, 1))
    feed.updated(updated)
    feed.lastBuildDate(updated)
    for item in reversed(items):  # feedgen prepends: add oldest first
        card = views.news_card(item)
        url = views.absolute(card.url)
        entry = feed.add_entry()
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(_xml(card.title))
        entry.link(href=url)
        if rss:
            entry.description(as_html(_xml(card.summary or card.title)))
        else:
            entry.summary(_xml(card.summary or card.title))
        entry.published(_moment(item.date))
        entry.updated(_moment(item.date))
        for tag in card.tags:
            entry.category(term=_xml(tag.text))
        if card.social_image and rss:  # the item's picture, as social previews show it
            entry.enclosure(views.absolute(card.social_image), str(card.social_bytes),
                            "image/jpeg")
    return feed


def write_feeds(site_dir: Path, views: ViewFactory, size: int) -> None:
    """Write news/feed.xml (RSS) and news/atom.xml under the language's folder."""
    feeds = views.base("listing", f"{views.feeds_dir}/index.md").feeds
    rss = site_dir / feeds["rss"]
    rss.parent.mkdir(parents=True, exist_ok=True)
    rss_feed = build_feed(views, size, views.absolute(feeds["rss"]), "rss")
    rss.write_bytes(rss_feed.rss_str(pretty=True))
    atom = site_dir / feeds["atom"]
    feed = build_feed(views, size, views.absolute(feeds["atom"]), "atom")
    atom.write_bytes(_with_enclosures(feed.atom_str(pretty=True), views, size))


def _with_enclosures(xml: bytes, views: ViewFactory, size: int) -> bytes:
    """Atom entries with their picture as <link rel="enclosure">: feedgen 1.0 drops the
    rel of an entry's links, which would make the picture a second "alternate"."""
    pictures = {}
    for item in views.plan.by_lang[views.lang].news[:size]:
        card = views.news_card(item)
        if card.social_image:
            pictures[views.absolute(card.url)] = (views.absolute(card.social_image),
                                                  card.social_bytes)
    if not pictures:
        return xml
    atom = "{http://www.w3.org/2005/Atom}"
    root = etree.fromstring(xml)
    for entry in root.iter(f"{atom}entry"):
        picture = pictures.get(entry.findtext(f"{atom}id") or "")
        if picture:
            link = etree.SubElement(entry, f"{atom}link", href=picture[0], rel="enclosure",
                                    type="image/jpeg", length=str(picture[1]))
            link.tail = "\n  "
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
