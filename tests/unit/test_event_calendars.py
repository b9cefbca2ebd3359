"""outputs/calendars.py: .ics files read back with icalendar, as a calendar program would."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from clamtex.content.event_fields import EventFacts, check_event
from clamtex.outputs.calendars import (
    CalendarEvent,
    dtstamp,
    event_calendar,
    event_uid,
    language_calendar,
    sequence,
)

PRODID = "-//CLAMTEX//clamtex site//EN"
SITE = "https://clamtex.eu/"
MADRID = ZoneInfo("Europe/Madrid")


def facts(**meta: Any) -> EventFacts:
    found, issues = check_event(meta, default_timezone="Europe/Madrid")
    assert found is not None, issues
    return found


def event(key: str, title: str = "Kick-off meeting", **meta: Any) -> CalendarEvent:
    slug = key.removeprefix("events/").removesuffix(".md")
    return CalendarEvent(uid=event_uid(key, SITE), title=title,
                         url=f"{SITE}events/{slug}/", facts=facts(**meta),
                         description="The five partners meet; agenda, travel, lunch.",
                         location="Terrassa, Spain")


KICK_OFF = dict(key="events/2020-03-04-kick-off-meeting.md", start="2020-03-04",
                end="2020-03-05", location={"city": "Terrassa", "country": "ES"})
DST = dict(key="events/2020-10-24-workshop.md", title="Workshop", start="2020-10-24 10:00",
           end="2020-10-25 13:30", online="https://meet.example.org/w")


def only_event(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.events
    assert len(events) == 1
    return events[0]


def test_the_uid_is_the_events_path_at_the_sites_host() -> None:
    assert event_uid("events/2020-03-04-kick-off.md", "https://clamtex.eu/") == (
        "events/2020-03-04-kick-off@clamtex.eu")
    assert event_uid("events/2020-03-04-kick-off.md", "https://example.org/sub/") == (
        "events/2020-03-04-kick-off@example.org")


def test_an_all_day_event_over_two_days_ends_the_day_after() -> None:
    data = event_calendar(event(**KICK_OFF), prodid=PRODID)
    calendar = icalendar.Calendar.from_ical(data)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", PRODID)
    vevent = only_event(data)
    assert vevent.decoded("DTSTART") == dt.date(2020, 3, 4)
    assert vevent.decoded("DTEND") == dt.date(2020, 3, 6), "RFC 5545: DTEND is exclusive"
    assert b"DTSTART;VALUE=DATE:20200304\r\n" in data
    assert b"DTEND;VALUE=DATE:20200306\r\n" in data
    assert str(vevent["UID"]) == "events/2020-03-04-kick-off-meeting@clamtex.eu"
    assert str(vevent["SUMMARY"]) == "Kick-off meeting"
    assert str(vevent["URL"]) == "https://clamtex.eu/events/2020-03-04-kick-off-meeting/"
    assert str(vevent["LOCATION"]) == "Terrassa, Spain"
    assert str(vevent["DESCRIPTION"]) == "The five partners meet; agenda, travel, lunch."
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert calendar.timezones == [], "all-day events need no VTIMEZONE"


def test_a_one_day_event_ends_the_next_day() -> None:
    vevent = only_event(event_calendar(event("events/2020-06-30-meeting.md",
                                             start="2020-06-30", online=True), prodid=PRODID))
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (dt.date(2020, 6, 30),
                                                                    dt.date(2020, 7, 1))


def test_an_event_across_the_dst_change_keeps_its_local_times_and_offsets() -> None:
    data = event_calendar(event(**DST), prodid=PRODID)
    calendar = icalendar.Calendar.from_ical(data)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Madrid"]
    assert calendar.get_missing_tzids() == set()
    vevent = calendar.events[0]
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert b"DTSTART;TZID=Europe/Madrid:20201024T100000\r\n" in data
    assert b"DTEND;TZID=Europe/Madrid:20201025T133000\r\n" in data
    assert start.utcoffset() == dt.timedelta(hours=2) and end.utcoffset() == dt.timedelta(
        hours=1)
    # The VTIMEZONE itself, read back as a tzinfo, moves the clocks on 25 October 2020.
    zone = calendar.timezones[0].to_tz()
    assert dt.datetime(2020, 10, 24, 10, tzinfo=zone).utcoffset() == dt.timedelta(hours=2)
    assert dt.datetime(2020, 10, 25, 13, 30, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)
    elapsed = end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
    assert elapsed == dt.timedelta(hours=28, minutes=30), "27.5 wall hours + the hour back"


def test_every_zone_used_gets_its_vtimezone() -> None:
    lisbon = event("events/2020-05-01-porto.md", title="Porto", start="2020-05-01 09:00",
                   end="12:00", timezone="Europe/Lisbon", online=True)
    data = language_calendar([event(**DST), lisbon, event(**KICK_OFF)], name="Events",
                             prodid=PRODID)
    calendar = icalendar.Calendar.from_ical(data)
    assert sorted(tz.tz_name for tz in calendar.timezones) == ["Europe/Lisbon",
                                                               "Europe/Madrid"]
    assert calendar.get_missing_tzids() == set()


def test_a_languages_calendar_is_named_and_ordered() -> None:
    data = language_calendar([event(**DST), event(**KICK_OFF)], name="Esdeveniments CLAMTEX",
                             prodid=PRODID, description="Reunions i tallers")
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "Esdeveniments CLAMTEX"
    assert str(calendar["X-WR-CALDESC"]) == "Reunions i tallers"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in data
    assert b"X-PUBLISHED-TTL:P1D\r\n" in data
    assert [str(e["UID"]) for e in calendar.events] == [
        "events/2020-03-04-kick-off-meeting@clamtex.eu", "events/2020-10-24-workshop@clamtex.eu"]


def test_statuses() -> None:
    expected = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE",
                "moved-online": "CONFIRMED"}
    for status, ics in expected.items():
        extra = {"updated": "2020-02-20"} if status != "scheduled" else {}
        vevent = only_event(event_calendar(event(**{**KICK_OFF, "status": status,
                                                    "online": True, **extra}),
                                           prodid=PRODID))
        assert str(vevent["STATUS"]) == ics, status


def test_sequence_and_dtstamp_grow_with_updated_and_never_come_from_the_clock() -> None:
    never = event(**KICK_OFF)
    first = event(**{**KICK_OFF, "status": "postponed", "updated": "2020-02-20"})
    later = event(**{**KICK_OFF, "status": "cancelled", "updated": "2020-02-20 16:00"})
    assert (sequence(never.facts), dtstamp(never.facts)) == (
        0, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert 0 < sequence(first.facts) < sequence(later.facts)
    assert dtstamp(first.facts) == dt.datetime(2020, 2, 19, 23, tzinfo=dt.UTC)
    read = only_event(event_calendar(later, prodid=PRODID))
    assert int(read["SEQUENCE"]) == sequence(later.facts)
    assert read.decoded("DTSTAMP") == dt.datetime(2020, 2, 20, 15, tzinfo=dt.UTC)


def test_the_same_input_gives_the_same_bytes() -> None:
    def build() -> bytes:
        return language_calendar([event(**DST), event(**KICK_OFF)], name="Events",
                                 prodid=PRODID)
    assert build() == build()
    assert event_calendar(event(**DST), prodid=PRODID) == event_calendar(event(**DST),
                                                                         prodid=PRODID)
    assert language_calendar([event(**KICK_OFF), event(**DST)], name="Events",
                             prodid=PRODID) == build(), "the order given does not matter"


def test_lines_are_crlf_folded_and_text_escaped() -> None:
    long = "Cluster management towards excellence: " * 5
    data = event_calendar(event(**KICK_OFF, title=long + "; commas, too"), prodid=PRODID)
    lines = data.split(b"\r\n")
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert str(only_event(data)["SUMMARY"]) == long + "; commas, too"
    assert b"\\; commas\\, too" in data.replace(b"\r\n ", b"")
