"""An event's facts (when, where, how, in what state), read from front matter and validated.

Pure building blocks for the events kind: per-field checks with the model's `Finding`
contract (usable as `FieldSpec.check`), `EVENT_FIELDS` (the shared fields' specs), and
`check_event`, which reads a whole front matter into `EventFacts` and says, in the
project's one-line form (field, problem, fix), everything that is wrong: fields alone and
together (end before start, an online event without its link, ...).

Times are wall-clock times in the event's `timezone` (an IANA name): an editor writes
`start: 2020-03-04 10:00` and `timezone: Europe/Madrid`, never an offset, so that a DST
change between announcing and holding the event cannot shift it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import pycountry

from clamtex.content.frontmatter import SourceFile, printable
from clamtex.content.model import FieldSpec, Finding, bad_character, web_address
from clamtex.content.problems import Problem

Status = Literal["scheduled", "cancelled", "postponed", "moved-online"]
STATUSES: tuple[str, ...] = get_args(Status)
LOCATION_KEYS = ("name", "address", "city", "country")
TRANSLATED_LOCATION_KEYS = ("name", "address")  # what a translation may say in its words
# The fields whose value the events kind shares across languages (set in the original).
SHARED = ("start", "end", "timezone", "location", "online", "registration", "status",
          "updated")

_WHEN = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})(?:[T ](?P<h>\d{1,2}):(?P<m>\d{2}))?$")
_TIME = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$")
WHEN_FIX = "write a day, e.g. 2020-03-04, or a day and a time, e.g. 2020-03-04 10:00"
# A field's problem: (field, problem, fix). `event_problems` adds the file and line.
Issue = tuple[str, str, str]


@dataclass(frozen=True)
class Place:
    """Where an event is held. `country` is an ISO 3166-1 alpha-2 code (ES)."""

    name: str = ""
    address: str = ""
    city: str = ""
    country: str = ""


@dataclass(frozen=True)
class EventFacts:
    """When, where and how an event happens, valid.

    `start`/`end` are `date`s for an all-day event (`end` inclusive: the last day), or
    timezone-aware `datetime`s in `timezone` for a timed one; `end` is None for a one-day
    all-day event or a timed event without an end. `online` is the public link, "" for an
    event held online whose link is not public (`online: true`), None when not online.
    `updated` is when an editor last changed the event (the calendars' SEQUENCE/DTSTAMP).
    """

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    timezone: str
    all_day: bool
    location: Place | None = None
    online: str | None = None
    registration: str | None = None
    status: Status = "scheduled"
    updated: dt.datetime | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def first_day(self) -> dt.date:
        return _day(self.start)

    @property
    def last_day(self) -> dt.date:
        """The day it ends, in its own time zone (the start day if it has no end)."""
        return _day(self.end) if self.end is not None else self.first_day

    @property
    def is_online(self) -> bool:
        """Attended online: it has an online link, or it was moved online."""
        return self.online is not None or self.status == "moved-online"

    @property
    def attendance(self) -> Literal["offline", "online", "mixed"]:
        """schema.org's attendance mode: in person, online, or both (hybrid)."""
        if self.status == "moved-online" or self.location is None:
            return "online"
        return "mixed" if self.online is not None else "offline"


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# -- one field at a time -----------------------------------------------------------------


def parse_when(value: Any) -> dt.date | dt.datetime | str:
    """A `start`/`end` value as a date (all day) or a naive datetime (wall clock), or the
    problem as text. YAML may give a date, a datetime or text (the project's loader keeps
    text): 2020-03-04, 2020-03-04 10:00 and 2020-03-04T10:00 are accepted."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return "holds a UTC offset"
        return value.replace(second=0, microsecond=0) if not value.second else value
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        kind = "empty" if value is None else f"{type(value).__name__} {printable(value, 20)}"
        return f"is {kind}, not a day or a day and time"
    match = _WHEN.match(value.strip())
    if match is None:
        return f"'{printable(value, 40)}' is not a day or a day and time"
    try:
        day = dt.date.fromisoformat(match["day"])
    except ValueError:
        return f"'{printable(value, 40)}' is not a day of the calendar"
    if match["h"] is None:
        return day
    hour, minute = int(match["h"]), int(match["m"])
    if hour > 23 or minute > 59:
        return f"'{printable(value, 40)}' has no such time of day"
    return dt.datetime.combine(day, dt.time(hour, minute))


def check_when(value: Any) -> Finding:
    """`start` as a field check."""
    parsed = parse_when(value)
    if isinstance(parsed, str):
        if parsed == "holds a UTC offset":
            return parsed, "write the local time without +01:00 and name the zone in timezone:"
        return parsed, WHEN_FIX
    return None


def check_end(value: Any) -> Finding:
    """`end` as a field check: like start, or a time alone (13:30) for a same-day end."""
    if isinstance(value, str) and _TIME.match(value.strip()):
        hour, minute = (int(part) for part in value.strip().split(":"))
        return None if hour <= 23 and minute <= 59 else (
            f"'{printable(value, 20)}' has no such time of day", "write e.g. 13:30")
    found = check_when(value)
    if isinstance(found, tuple) and found[1] == WHEN_FIX:
        return found[0], WHEN_FIX + ", or a time alone, e.g. 13:30, to end on the start day"
    return found


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def time_zones() -> frozenset[str]:
    """The names `timezone` accepts (zoneinfo's: the CMS offers the same)."""
    return _zones()


def check_timezone(value: Any) -> Finding:
    """An IANA time zone name that zoneinfo knows (Europe/Madrid)."""
    if not isinstance(value, str) or not value.strip():
        return "is not a time zone name", "write an IANA name, e.g. Europe/Madrid"
    if value in _zones():
        try:
            ZoneInfo(value)
            return None
        except (ZoneInfoNotFoundError, ValueError):
            pass
    by_case = {name.casefold(): name for name in _zones()}
    guess = by_case.get(value.strip().casefold().replace(" ", "_"))
    if guess is None:
        close = difflib.get_close_matches(value, sorted(_zones()), n=1, cutoff=0.75)
        guess = close[0] if close else None
    hint = f"write {guess}" if guess else "write an IANA name, e.g. Europe/Madrid, Europe/Lisbon"
    return f"'{printable(value, 40)}' is not a known time zone", hint


def check_country(value: Any) -> Finding:
    """An ISO 3166-1 alpha-2 code in capitals (ES)."""
    if isinstance(value, str) and len(value) == 2 and value.isupper() \
            and pycountry.countries.get(alpha_2=value) is not None:
        return None
    fix = "write the two-letter ISO 3166 code, e.g. ES, PT, FR"
    if isinstance(value, str) and pycountry.countries.get(alpha_2=value.upper()) is not None \
            and len(value) == 2:
        fix = f"write it in capitals: {value.upper()}"
    return f"'{printable(value, 40)}' is not an ISO 3166 country code", fix


def check_link(value: Any) -> Finding:
    """An http(s) address (the model's one rule for links), absolute: calendars and
    search engines read it outside the site, where a path /... leads nowhere."""
    found = web_address(value)
    if isinstance(found, tuple) and "or a path on this site" in found[0]:
        # The shared rule's words allow a path on the site; these links may not be one.
        found = (found[0].split("; only")[0] + "; only https:// or http:// addresses are "
                 "allowed here", found[1])
    if found is not None:
        return found
    if value.startswith("/"):
        return (f"'{printable(value, 60)}' is a path on this site",
                "write the full address, e.g. https://example.org/register")
    return None


def check_online(value: Any) -> Finding:
    """The online link, or `true` for an event held online whose link is not public (also
    written as the text "true": the browser CMS's one text field writes it so)."""
    if value is True or value == "true":
        return None
    if value is False:
        return ("false says nothing", "delete the line for an event in person only, or write "
                "the link")
    return check_link(value)


def check_status(value: Any) -> Finding:
    if isinstance(value, str) and value in STATUSES:
        return None
    return (f"'{printable(value, 40)}' is not a status",
            f"write one of: {', '.join(STATUSES)}")


def _location(value: Any, keys: tuple[str, ...], translation: bool) -> Finding:
    if not isinstance(value, dict):
        return ("must be a group of fields",
                "write name:, address:, city: and country: indented under location:")
    for key, inner in value.items():
        if key not in keys:
            if translation and key in LOCATION_KEYS:
                return (f"location.{printable(key, 20)} is set once, in the original",
                        "delete the line: a translation may translate only name and address")
            close = difflib.get_close_matches(str(key), keys, n=1)
            also = f" (did you mean {close[0]}?)" if close else ""
            return (f"unknown field location.{printable(key, 30)}{also}",
                    f"use only {', '.join(keys)}")
        if key == "country":
            found = check_country(inner)
            if found is not None:
                message, fix = found if isinstance(found, tuple) else (found, "")
                return f"location.country: {message}", fix
        elif not isinstance(inner, str) or not inner.strip():
            return (f"location.{key} must be non-empty text",
                    "write the text after it, or delete the line")
    if not translation and not {"city", "country"} <= set(value):
        missing = " and ".join(k for k in ("city", "country") if k not in value)
        return (f"location has no {missing}",
                "add city: and country: (e.g. country: ES) under location:")
    return None


def check_location(value: Any) -> Finding:
    """The original's `location`: name, address, city, country (city and country needed)."""
    return _location(value, LOCATION_KEYS, translation=False)


def check_translated_location(value: Any) -> Finding:
    """A translation's `location`: only the name and address, in its own words."""
    return _location(value, TRANSLATED_LOCATION_KEYS, translation=True)


def check_updated(value: Any) -> Finding:
    found = check_when(value)
    if isinstance(found, tuple) and found[1] == WHEN_FIX:
        return found[0], "write the day you changed the event, e.g. 2020-02-20 (a time may follow)"
    return found


EVENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("start", check_when, WHEN_FIX, required=True, shared=True),
    FieldSpec("end", check_end, WHEN_FIX, shared=True),
    FieldSpec("timezone", check_timezone, "write an IANA name, e.g. Europe/Madrid",
              shared=True),
    FieldSpec("location", check_location, "write name:, address:, city:, country: under it",
              shared=True),
    FieldSpec("online", check_online, "write the link, e.g. https://meet.example.org/x",
              shared=True),
    FieldSpec("registration", check_link, "write the full address of the sign-up page",
              shared=True),
    FieldSpec("status", check_status, f"write one of: {', '.join(STATUSES)}", shared=True),
    FieldSpec("updated", check_updated, "write the day you changed the event, e.g. 2020-02-20",
              shared=True),
)


# -- the fields together -----------------------------------------------------------------


def _finding(name: str, found: Finding, default_fix: str) -> Issue:
    message, fix = found if isinstance(found, tuple) else (str(found), default_fix)
    return name, message, fix


def _shown(value: dt.date | dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) \
        else value.isoformat()


def _aware(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime | None:
    """`wall` in `zone`, or None when the clocks skip it (the hour lost to DST)."""
    moment = wall.replace(tzinfo=zone)
    back = moment.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    return moment if back == wall else None


def check_event(meta: Mapping[str, Any], *, default_timezone: str,
                file_day: dt.date | None = None) -> tuple[EventFacts | None, list[Issue]]:
    """The facts of an event's front matter (the original's), and every problem with them.

    Each field is checked alone (as `EVENT_FIELDS` do), then together: end before start,
    an all-day end with a timed start (or the reverse), a time that does not exist in the
    zone, an online event without its link, a status change without `updated`.
    `file_day` is the day in the file name (the day first announced): a start on another
    day is a reschedule, which needs `updated` too. Facts are None when anything is wrong.
    """
    issues: list[Issue] = []
    specs = {spec.name: spec for spec in EVENT_FIELDS}
    valid: dict[str, Any] = {}
    for name, spec in specs.items():
        if name not in meta:
            continue
        value = meta[name]
        found = bad_character(value) or spec.check(value)
        if found:
            issues.append(_finding(name, found, spec.fix))
        else:
            valid[name] = value
    if "start" not in meta:
        issues.append(("start", "missing", "add start: the first day, e.g. 2020-03-04, or a "
                       "day and time, e.g. 2020-03-04 10:00"))
    zone_name = valid.get("timezone", default_timezone)
    if "timezone" not in meta and check_timezone(default_timezone) is not None:
        issues.append(("timezone", f"missing, and the site's default '{default_timezone}' "
                       "is not a time zone", "add timezone:, e.g. Europe/Madrid"))
        return None, issues
    if issues or "start" not in valid:
        return None, issues
    zone = ZoneInfo(zone_name)
    start = cast(dt.date, parse_when(valid["start"]))
    all_day = not isinstance(start, dt.datetime)
    end: dt.date | dt.datetime | None = None
    if "end" in valid:
        raw = valid["end"]
        if isinstance(raw, str) and _TIME.match(raw.strip()):
            if all_day:
                return None, [("end", f"is a time ({raw.strip()}) but start has none",
                               "give start a time too, e.g. start: 2020-03-04 10:00")]
            hour, minute = (int(part) for part in raw.strip().split(":"))
            end = dt.datetime.combine(_day(start), dt.time(hour, minute))
        else:
            end = cast(dt.date, parse_when(raw))
        if isinstance(end, dt.datetime) != (not all_day):
            if all_day:
                return None, [("end", f"has a time ({_shown(end)}) but start is a whole day "
                               f"({_shown(start)})", "give start a time too, or remove the "
                               "time from end for an all-day event")]
            return None, [("end", f"is a whole day ({_shown(end)}) but start has a time "
                           f"({_shown(start)})", f"give end a time too, e.g. {_shown(end)} "
                           "17:00, or remove the time from start for an all-day event")]
    if not all_day:
        moments = []
        for name, wall in (("start", start), ("end", end)):
            if wall is None:
                continue
            assert isinstance(wall, dt.datetime)
            moment = _aware(wall, zone)
            if moment is None:
                issues.append((name, f"{_shown(wall)} does not exist in {zone_name}: the "
                               "clocks go forward that night", "choose a time an hour later"))
            moments.append(moment)
        if issues:
            return None, issues
        start = moments[0]  # type: ignore[assignment]
        end = moments[1] if end is not None else None
    if end is not None and (end < start if all_day else end <= start):
        what = "before" if end < start else "at the moment"
        return None, [("end", f"{_shown(end)} is {what} start {_shown(start)}",
                       "write the day (and time) the event ends, after its start")]
    if all_day and end == start:
        end = None  # one day: said once
    location = None
    if "location" in valid:
        location = Place(**{key: str(value) for key, value in valid["location"].items()})
    online = valid.get("online")
    online = "" if online is True or online == "true" else online
    status = cast(Status, valid.get("status", "scheduled"))
    if online is None and (status == "moved-online" or location is None):
        why = "status: moved-online" if status == "moved-online" else "there is no location:"
        issues.append(("online", f"missing: the event is held online ({why})",
                       "add online: with the link attendees use, or online: true when the "
                       "link is not public" + ("" if location else "; or add a location:")))
    updated = None
    if "updated" in valid:
        parsed = cast(dt.date, parse_when(valid["updated"]))
        wall = parsed if isinstance(parsed, dt.datetime) else dt.datetime.combine(
            parsed, dt.time())
        updated = wall.replace(tzinfo=zone)
    elif status != "scheduled":
        issues.append(("updated", f"missing: status is {status}", "add updated: the day you "
                       "changed it, e.g. updated: 2020-02-20 (calendars that saved the event "
                       "replace it only when told it changed)"))
    elif file_day is not None and _day(start) != file_day:
        issues.append(("updated", f"missing: the event moved from {file_day} to "
                       f"{_day(start)}", "add updated: the day you moved it, e.g. "
                       "updated: 2020-02-20 (calendars replace it only when told it changed)"))
    if issues:
        return None, issues
    return EventFacts(start=start, end=end, timezone=zone_name, all_day=all_day,
                      location=location, online=online, registration=valid.get("registration"),
                      status=status, updated=updated), []


def event_problems(source: SourceFile, *, default_timezone: str,
                   file_day: dt.date | None = None) -> tuple[EventFacts | None, list[Problem]]:
    """`check_event` on an original's front matter, each issue as a one-line Problem at
    its field's line (location.x at location's line)."""
    facts, issues = check_event(source.meta, default_timezone=default_timezone,
                                file_day=file_day)
    problems = [Problem(source.display, source.line_of(field.split(".")[0]), field,
                        message, fix) for field, message, fix in issues]
    return facts, problems
