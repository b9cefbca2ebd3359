"""What is coming: dated items the site does not show yet, and when it will.

`clamtex status` lists them and `clamtex check` notes each one (an info line, never an
error), so that nothing dated after today is silently hidden. Each dated kind adds its
own list to `upcoming()`: scheduled news now; upcoming events join there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clamtex.content.model import Site
from clamtex.content.problems import Problem
from clamtex.content.schedule import State


@dataclass(frozen=True, order=True)
class Upcoming:
    """One item the site will show from `date` on."""

    date: dt.date
    kind: str  # news (events: the lead's kind adds "event")
    file: str  # the original, as editors see its path
    line: int  # the line of its date
    title: str


def scheduled_news(site: Site) -> list[Upcoming]:
    """News dated after the build's today (drafts are not scheduled: they wait for an edit)."""
    return [Upcoming(item.date, "news", item.original.display,
                     item.original.line_of("date"), item.text(item.default).title)
            for item in site.news if site.state_of(item) is State.SCHEDULED]


def upcoming(site: Site) -> list[Upcoming]:
    """Everything scheduled, soonest first. Hook: upcoming events are added here."""
    return sorted(scheduled_news(site))


def render(items: list[Upcoming], today: dt.date) -> list[str]:
    """`clamtex status`'s section ([] when nothing is scheduled)."""
    if not items:
        return []
    lines = [f"Scheduled (the daily rebuild publishes each on its date; today is "
             f"{today.isoformat()}):"]
    width = max(len(item.file) for item in items)
    lines += [f"  {item.date.isoformat()}  {item.kind:<5} {item.file.ljust(width)}  "
              f"{item.title}".rstrip() for item in items]
    return lines


def notes(items: list[Upcoming]) -> list[Problem]:
    """`clamtex check`'s info line for each."""
    return [Problem(item.file, item.line, "date",
                    f"scheduled for {item.date.isoformat()}: the site shows it from that "
                    "day on",
                    "nothing to do: the daily rebuild publishes it; preview it with "
                    "clamtex serve --drafts", "info")
            for item in items]
