"""What is coming: dated items the site does not show yet (and when it will), and events
not over yet.

`clamtex status` lists them all; `clamtex check` notes each item not shown yet (an info
line, never an error), so that nothing dated after today is silently hidden. Each content
kind says what it has to come (`ContentKind.coming`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from clamtex.content.model import Site
from clamtex.content.problems import Problem
from clamtex.structure.project import Kind


@dataclass(frozen=True, order=True)
class Upcoming:
    """One item the site will show from `date` on."""

    date: dt.date
    kind: str  # the content kind: news, event
    file: str  # the original, as editors see its path
    line: int  # the line of its date
    title: str
    scheduled: bool = True  # not shown yet (an upcoming event is shown: False)


def upcoming(site: Site, kinds: Sequence[Kind]) -> list[Upcoming]:
    """Everything to come, soonest first: scheduled items (drafts are not: they wait for
    an edit) and events not over yet."""
    return sorted(Upcoming(day, kind.name, entry.original.display,
                           entry.original.line_of(field), entry.text(entry.default).title,
                           scheduled)
                  for kind in kinds for day, field, entry, scheduled in kind.coming(site))


def render(items: list[Upcoming], today: dt.date) -> list[str]:
    """`clamtex status`'s section ([] when nothing is scheduled)."""
    if not items:
        return []
    lines = [f"Scheduled and upcoming (the daily rebuild publishes each scheduled item on "
             f"its date; today is {today.isoformat()}):"]
    width = max(len(item.file) for item in items)
    lines += [f"  {item.date.isoformat()}  {item.kind:<5} {item.file.ljust(width)}  "
              f"{item.title}{'' if item.scheduled else ' (upcoming event)'}".rstrip()
              for item in items]
    return lines


def notes(items: list[Upcoming]) -> list[Problem]:
    """`clamtex check`'s info line for each item not shown yet."""
    return [Problem(item.file, item.line, "date",
                    f"scheduled for {item.date.isoformat()}: the site shows it from that "
                    "day on",
                    "nothing to do: the daily rebuild publishes it; preview it with "
                    "clamtex serve --drafts", "info")
            for item in items if item.scheduled]
