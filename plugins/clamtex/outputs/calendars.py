"""iCalendar files (RFC 5545) of events, written with the `icalendar` library.

One event's file ("Add to calendar") and a language's whole calendar (subscribable,
X-WR-CALNAME). Every zone an event uses gets its VTIMEZONE, generated from zoneinfo by
icalendar over the years the events span. All-day events are DATE values with the
exclusive end day RFC 5545 asks for; timed ones carry their TZID. The library writes
CRLF lines, folded at 75 octets, and escapes text.

The same input gives the same bytes: nothing comes from the clock, the machine or git.

**UID**: the event's path under the language folder without ".md", at the site's host
(`events/2020-03-04-kick-off@example.org`): the same in every language, as the event is
(a visitor who adds the English and the Spanish file keeps one event).

**SEQUENCE and DTSTAMP** come from the event's `updated` field (EventFacts.updated),
written by the editor when they change an event: SEQUENCE is the whole minutes from
2000-01-01 00:00 UTC to `updated` (0 without it), DTSTAMP is `updated` in UTC
(2000-01-01 00:00 UTC without it). Both only grow as `updated` does, which is what a
calendar that saved an earlier copy needs to replace it. Why a field and not git: the
history of a file is not there on a shallow CI clone (every file would seem changed by
the last commit, and SEQUENCE would fall back and go *down*), nor in a download of the
repository; a field is part of the input, so the same file gives the same bytes
everywhere. Why editors cannot get it wrong where it matters: `clamtex check`
(content/event_fields.check_event) refuses a cancelled, postponed or moved-online event
without `updated`, and one whose start moved away from the day in its file name; a
change the check cannot see (a time moved within the day) is the only one an editor can
forget, and subscribed calendars re-read the file anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar

from clamtex.content.event_fields import EventFacts

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
ICS_STATUS = {"scheduled": "CONFIRMED", "moved-online": "CONFIRMED",
              "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class CalendarEvent:
    """What a calendar says of one event, in one language (plain values)."""

    uid: str
    title: str
    url: str  # the event's page, absolute
    facts: EventFacts
    description: str = ""  # the summary
    location: str = ""  # the place in words ("Lyon, France"), or the online link


def event_uid(key: str, site_url: str) -> str:
    """The UID of the event at `key` (its path under the language folder): 'events/
    2020-03-04-kick-off.md' at https://example.org/ -> 'events/2020-03-04-kick-off@example.org'."""
    path = key[:-3] if key.endswith(".md") else key
    host = urlsplit(site_url).hostname or "localhost"
    return f"{path.strip('/')}@{host}"


def sequence(facts: EventFacts) -> int:
    """RFC 5545 SEQUENCE: minutes from 2000-01-01 UTC to `updated`, 0 without it."""
    if facts.updated is None:
        return 0
    return max(0, int((facts.updated - EPOCH).total_seconds()) // 60)


def dtstamp(facts: EventFacts) -> dt.datetime:
    """RFC 5545 DTSTAMP: `updated` in UTC, or the scheme's epoch."""
    return EPOCH if facts.updated is None else facts.updated.astimezone(dt.UTC)


def _vevent(event: CalendarEvent) -> icalendar.Event:
    facts = event.facts
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", dtstamp(facts))
    vevent.add("sequence", sequence(facts))
    vevent.add("summary", event.title)
    if facts.all_day:
        vevent.add("dtstart", facts.first_day)
        # RFC 5545 3.6.1: an all-day DTEND is the day *after* the last one.
        vevent.add("dtend", facts.last_day + dt.timedelta(days=1))
    else:
        vevent.add("dtstart", facts.start)
        if facts.end is not None:
            vevent.add("dtend", facts.end)
    vevent.add("status", ICS_STATUS[facts.status])
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    vevent.add("url", event.url)
    return vevent


def _calendar(events: Sequence[CalendarEvent], prodid: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    return calendar


def _finish(calendar: icalendar.Calendar, events: Sequence[CalendarEvent]) -> bytes:
    for event in events:
        calendar.add_component(_vevent(event))
    timed = [e.facts for e in events if not e.facts.all_day]
    if timed:
        # VTIMEZONEs cover from the year before the first event to the year after the
        # last (a range from the input: the same events, the same transitions).
        first = min(f.first_day for f in timed)
        last = max(f.last_day for f in timed)
        calendar.add_missing_timezones(first_date=dt.date(first.year - 1, 1, 1),
                                       last_date=dt.date(last.year + 2, 1, 1))
    return bytes(calendar.to_ical())


def event_calendar(event: CalendarEvent, *, prodid: str) -> bytes:
    """The .ics of one event ("Add to calendar")."""
    return _finish(_calendar([event], prodid), [event])


def language_calendar(events: Iterable[CalendarEvent], *, name: str, prodid: str,
                      description: str = "",
                      refresh: dt.timedelta = dt.timedelta(days=1)) -> bytes:
    """A language's calendar of all its events, to subscribe to (webcal://): named
    (X-WR-CALNAME), re-read daily by clients that honour REFRESH-INTERVAL or
    X-PUBLISHED-TTL (the site is rebuilt daily). Events in start order, then by UID."""
    ordered = sorted(events, key=lambda e: (e.facts.first_day, e.uid))
    calendar = _calendar(ordered, prodid)
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)  # RFC 7986
    if description:
        calendar.add("x-wr-caldesc", description)
        calendar.add("description", description)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(refresh))
    return _finish(calendar, ordered)
