"""RSS 2.0 and Atom feeds of one language's own (translated) news items."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from feedgen.feed import FeedGenerator

from clamtex.structure.views import ViewFactory


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def build_feed(views: ViewFactory, size: int, self_url: str) -> FeedGenerator:
    """A feed of the language's translated items, newest first, with absolute URLs."""
    lang = views.lang
    plan = views.plan
    items = [item for item in plan.by_lang[lang].news if item.is_translated(lang)][:size]
    home = views.absolute(plan.url(lang, "index.md"))
    feed = FeedGenerator()
    feed.id(home)
    feed.title(views.t("ui.feed_title"))
    feed.subtitle(views.t("ui.latest_news"))
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
        entry.title(card.title)
        entry.link(href=url)
        entry.description(card.summary or card.title)
        entry.published(_moment(item.date))
        entry.updated(_moment(item.date))
        for tag in card.tags:
            entry.category(term=tag.text)
        if card.social_image:  # the item's picture, as social previews show it
            entry.enclosure(views.absolute(card.social_image), str(card.social_bytes),
                            "image/jpeg")
    return feed


def write_feeds(site_dir: Path, views: ViewFactory, size: int) -> None:
    """Write news/feed.xml (RSS) and news/atom.xml under the language's folder."""
    feeds = views.base("listing", f"{views.feeds_dir}/index.md").feeds
    rss = site_dir / feeds["rss"]
    rss.parent.mkdir(parents=True, exist_ok=True)
    rss.write_bytes(build_feed(views, size, views.absolute(feeds["rss"])).rss_str(pretty=True))
    atom = site_dir / feeds["atom"]
    atom.write_bytes(build_feed(views, size, views.absolute(feeds["atom"])).atom_str(pretty=True))
