# ruff: noqa: RUF001, RUF002 -- CLDR writes ranges with an en dash: the examples show it
"""An event's date and time range in words (CLDR, through Babel), and for machines.

- All day, one day: the long date ("4 March 2020").
- All day, several days: CLDR's interval pattern for day-month-year, with the month
  written out ("4–5 March 2020", "4–5 de març del 2020", "4 March – 2 April 2020").
  Where a locale has no yMMMMd interval (en, pt, fr), Babel's `format_interval` falls
  back to the abbreviated yMMMd ("4–5 Mar 2020"); CLDR's rule for a longer requested
  field is to widen it in the matched pattern, which `_widened` does.
- Timed, one day: the long date, then the time interval and the zone, joined by the
  locale's date-time pattern ("4 March 2020, 10:00–13:30 CET").
- Timed, across days: CLDR's fallback interval pattern between two "date, time"
  ("4 March 2020, 10:00 – 5 March 2020, 13:30 CET").

Times are shown in the event's own zone, always named, once when the whole range has one
name, at each end when a DST change falls inside it ("01:00 CEST – 04:00 CET"). The name
is CLDR's short name for the zone's metazone in the page's language (CET/CEST, WET/WEST:
what Europeans see on tickets and invitations, shorter than "Central European Summer
Time" and, unlike a city, it says at once whether the reader's own clock differs) when the
locale's data has a consistent one; otherwise CLDR's short localized GMT format ("GMT+9",
French "UTC+1"), which is never wrong. Consistent means the abbreviation for the
generic and the standard variant agree: CLDR's French data names Western European
*standard* time "WEST" (the summer abbreviation elsewhere), and Babel's own
`get_timezone_name` prints "+0100", not a name, where French has none.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from babel.core import get_global
from babel.dates import format_skeleton, parse_pattern

from clamtex.content.event_fields import EventFacts
from clamtex.l10n.strings import babel_locale, long_date

_ABBREVIATION = re.compile(r"^[A-Z]{2,5}$")
_MONTH = re.compile(r"(?<![ML])(M{3}|L{3})(?![ML])")


def zone_name(moment: dt.datetime, locale: str) -> str:
    """The short name of `moment`'s zone at that moment, in `locale` (see the module)."""
    key = getattr(moment.tzinfo, "key", None)
    metazone = get_global("meta_zones").get(key) if key else None
    names: Any = {}
    if metazone:
        names = babel_locale(locale).meta_zones.get(metazone, {}).get("short", {}) or {}
    variant = "daylight" if moment.dst() else "standard"
    name = names.get(variant)
    standard = names.get("standard")
    if name and _ABBREVIATION.match(name) and names.get("generic", standard) == standard:
        return str(name)
    return gmt_offset(moment, locale)


def gmt_offset(moment: dt.datetime, locale: str) -> str:
    """CLDR's short localized GMT format: 'GMT+1', 'GMT+5:30', 'GMT'; French 'UTC+1'."""
    offset = moment.utcoffset() or dt.timedelta(0)
    pattern = str(babel_locale(locale).zone_formats.get("gmt", "GMT%s"))
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return pattern % ""
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return pattern % (f"{sign}{hours}" + (f":{rest:02d}" if rest else ""))


@cache
def _widened(locale: str, field: str) -> tuple[str, str] | None:
    """The two halves of CLDR's day-month-year interval pattern where `field` differs:
    yMMMMd where the locale has it (es, ca), else yMMMd with the month widened."""
    intervals = babel_locale(locale).interval_formats
    halves = (intervals.get("yMMMMd") or {}).get(field)
    if halves:
        return str(halves[0]), str(halves[1])
    halves = (intervals.get("yMMMd") or {}).get(field)
    if not halves:
        return None
    first, second = (_MONTH.sub(lambda m: m[1][0] * 4, str(half)) for half in halves)
    return first, second


def _day_interval(first: dt.date, last: dt.date, locale: str) -> str:
    """'4–5 March 2020' (CLDR's greatest differing field picks the pattern)."""
    field = "y" if first.year != last.year else "M" if first.month != last.month else "d"
    halves = _widened(locale, field)
    loc = babel_locale(locale)
    if halves is None:
        return _fallback(long_date(first, locale), long_date(last, locale), locale)
    return "".join(str(parse_pattern(half).apply(day, loc)) for half, day in zip(
        halves, (first, last), strict=True))


def _fallback(first: str, second: str, locale: str) -> str:
    pattern = str(babel_locale(locale).interval_formats.get(None, "{0} – {1}"))
    return pattern.replace("{0}", first).replace("{1}", second)


def _date_time(date_text: str, time_text: str, locale: str) -> str:
    """The locale's pattern joining a date and a time ('{1}, {0}')."""
    pattern = str(babel_locale(locale).datetime_formats.get("long", "{1}, {0}"))
    # CLDR's long pattern may carry literal words ("{1} 'at' {0}"): the medium one joins
    # a range better, as CLDR's own interval formats do.
    if "'" in pattern:
        pattern = str(babel_locale(locale).datetime_formats.get("medium", "{1}, {0}"))
    return pattern.replace("{1}", date_text).replace("{0}", time_text)


def _time(moment: dt.datetime, locale: str) -> str:
    return format_skeleton("Hm", moment.replace(tzinfo=None), locale=locale)


def _time_interval(start: dt.datetime, end: dt.datetime, locale: str) -> str:
    """'10:00–13:30' with the locale's own separator (CLDR's Hm interval)."""
    formats = babel_locale(locale).interval_formats.get("Hm") or {}
    field = "H" if start.hour != end.hour else "m"
    halves = formats.get(field)
    if not halves:
        return _fallback(_time(start, locale), _time(end, locale), locale)
    loc = babel_locale(locale)
    return "".join(str(parse_pattern(str(half)).apply(m.replace(tzinfo=None), loc))
                   for half, m in zip(halves, (start, end), strict=True))


def event_when(facts: EventFacts, locale: str) -> str:
    """The event's dates (and times, in its own zone, named) in `locale` (a Babel locale
    name such as en_GB, ca_ES)."""
    if facts.all_day:
        if facts.first_day == facts.last_day:
            return long_date(facts.first_day, locale)
        return _day_interval(facts.first_day, facts.last_day, locale)
    start = facts.start
    assert isinstance(start, dt.datetime)
    end = facts.end
    start_zone = zone_name(start, locale)
    if end is None:
        return _date_time(long_date(start.date(), locale),
                          f"{_time(start, locale)} {start_zone}", locale)
    assert isinstance(end, dt.datetime)
    end_zone = zone_name(end, locale)
    if start.date() == end.date():
        if start_zone == end_zone:
            times = f"{_time_interval(start, end, locale)} {start_zone}"
        else:
            times = _fallback(f"{_time(start, locale)} {start_zone}",
                              f"{_time(end, locale)} {end_zone}", locale)
        return _date_time(long_date(start.date(), locale), times, locale)
    first = _date_time(long_date(start.date(), locale), _time(start, locale)
                       + ("" if start_zone == end_zone else f" {start_zone}"), locale)
    second = _date_time(long_date(end.date(), locale), f"{_time(end, locale)} {end_zone}",
                        locale)
    return _fallback(first, second, locale)


def machine_when(value: dt.date | dt.datetime) -> str:
    """A value for `<time datetime>` (HTML's date, or global date and time with its
    offset: 2020-03-04, 2020-03-04T10:00+01:00), also ISO 8601 for JSON-LD."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("a time without its zone cannot be written for machines")
        text = value.isoformat(timespec="minutes" if not value.second else "seconds")
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return value.isoformat()


def event_machine(facts: EventFacts) -> tuple[str, str | None]:
    """(start, end) for `<time datetime>`: the inclusive last day for an all-day range,
    None when the event has no separate end."""
    if facts.all_day:
        last = facts.last_day
        return machine_when(facts.first_day), (machine_when(last)
                                               if last != facts.first_day else None)
    return machine_when(facts.start), (machine_when(facts.end) if facts.end else None)
