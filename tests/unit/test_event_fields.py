"""content/event_fields.py: an event's front matter read into EventFacts, and every
problem said in the project's one-line form (field, problem, fix)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from clamtex.content import frontmatter
from clamtex.content.event_fields import (
    EVENT_FIELDS,
    EventFacts,
    Place,
    check_country,
    check_event,
    check_link,
    check_location,
    check_timezone,
    check_translated_location,
    event_problems,
    parse_when,
)

MADRID = ZoneInfo("Europe/Madrid")
TERRASSA = {"city": "Terrassa", "country": "ES"}


def facts(**meta: Any) -> EventFacts:
    found, issues = check_event(meta, default_timezone="Europe/Madrid")
    assert issues == [], issues
    assert found is not None
    return found


def issues(file_day: dt.date | None = None, **meta: Any) -> list[tuple[str, str, str]]:
    found, said = check_event(meta, default_timezone="Europe/Madrid", file_day=file_day)
    assert found is None and said, "a problem must leave no facts"
    return said


@pytest.mark.parametrize("value, expected", [
    ("2020-03-04", dt.date(2020, 3, 4)),
    (dt.date(2020, 3, 4), dt.date(2020, 3, 4)),
    ("2020-03-04 10:00", dt.datetime(2020, 3, 4, 10, 0)),
    ("2020-03-04T10:00", dt.datetime(2020, 3, 4, 10, 0)),
    ("2020-03-04 9:05", dt.datetime(2020, 3, 4, 9, 5)),
    (dt.datetime(2020, 3, 4, 10, 0), dt.datetime(2020, 3, 4, 10, 0)),
])
def test_start_and_end_accept_the_forms_yaml_gives(value: Any, expected: Any) -> None:
    assert parse_when(value) == expected
    assert type(parse_when(value)) is type(expected)


@pytest.mark.parametrize("value", ["2020-02-30", "2020-03-04 25:00", "4 March 2020", "",
                                   2020, None, True, "2020-03-04 10:00:00+01:00",
                                   dt.datetime(2020, 3, 4, 10, tzinfo=dt.UTC)])
def test_what_is_not_a_day_or_time_is_refused_with_the_fix(value: Any) -> None:
    (field, message, fix), = issues(start=value, location=TERRASSA)
    assert field == "start"
    assert message
    assert "e.g." in fix or "timezone:" in fix


def test_an_all_day_event_over_two_days() -> None:
    event = facts(start="2020-03-04", end="2020-03-05", location=TERRASSA)
    assert (event.start, event.end, event.all_day) == (dt.date(2020, 3, 4),
                                                       dt.date(2020, 3, 5), True)
    assert (event.first_day, event.last_day) == (dt.date(2020, 3, 4), dt.date(2020, 3, 5))
    assert event.timezone == "Europe/Madrid", "the site's default zone"
    assert event.location == Place(city="Terrassa", country="ES")
    assert (event.status, event.attendance, event.is_online) == ("scheduled", "offline", False)


def test_a_one_day_end_is_said_once() -> None:
    assert facts(start="2020-06-30", end="2020-06-30", online=True).end is None


def test_a_timed_event_is_aware_in_its_own_zone() -> None:
    event = facts(start="2020-03-04 10:00", end="13:30", timezone="Europe/Lisbon",
                  location=TERRASSA)
    assert not event.all_day
    assert event.start == dt.datetime(2020, 3, 4, 10, tzinfo=ZoneInfo("Europe/Lisbon"))
    assert event.end == dt.datetime(2020, 3, 4, 13, 30, tzinfo=ZoneInfo("Europe/Lisbon"))
    assert event.start.utcoffset() == dt.timedelta(0)  # type: ignore[union-attr]


def test_across_the_october_dst_change_the_offsets_differ() -> None:
    event = facts(start="2020-10-24 10:00", end="2020-10-25 13:30", online=True)
    assert event.start.utcoffset() == dt.timedelta(hours=2)  # type: ignore[union-attr]
    assert event.end.utcoffset() == dt.timedelta(hours=1)  # type: ignore[union-attr]


def test_a_time_the_clocks_skip_is_refused() -> None:
    (field, message, fix), = issues(start="2020-03-29 02:30", online=True)
    assert field == "start" and "does not exist in Europe/Madrid" in message
    assert "hour later" in fix


def test_end_before_start() -> None:
    (field, message, fix), = issues(start="2020-03-05", end="2020-03-04", location=TERRASSA)
    assert (field, message) == ("end", "2020-03-04 is before start 2020-03-05")
    assert "after its start" in fix
    (field, message, _), = issues(start="2020-03-04 10:00", end="09:00", location=TERRASSA)
    assert field == "end" and "before start 2020-03-04 10:00" in message
    (field, message, _), = issues(start="2020-03-04 10:00", end="10:00", location=TERRASSA)
    assert field == "end" and "at the moment start" in message


def test_an_all_day_end_mixed_with_a_timed_start() -> None:
    (field, message, fix), = issues(start="2020-03-04 10:00", end="2020-03-05",
                                    location=TERRASSA)
    assert field == "end" and "whole day (2020-03-05) but start has a time" in message
    assert "give end a time too" in fix
    (field, message, fix), = issues(start="2020-03-04", end="2020-03-05 12:00",
                                    location=TERRASSA)
    assert field == "end" and "has a time" in message and "start is a whole day" in message
    (field, message, fix), = issues(start="2020-03-04", end="12:00", location=TERRASSA)
    assert field == "end" and "start has none" in message


def test_an_unknown_time_zone_with_the_likely_name() -> None:
    (field, message, fix), = issues(start="2020-03-04", timezone="europe/madrid",
                                    location=TERRASSA)
    assert (field, message, fix) == ("timezone", "'europe/madrid' is not a known time zone",
                                     "write Europe/Madrid")
    assert check_timezone("Europe/Madird") == ("'Europe/Madird' is not a known time zone",
                                               "write Europe/Madrid")
    assert "e.g. Europe/Madrid" in check_timezone("Mars/Olympus")[1]  # type: ignore[index]
    assert check_timezone("America/Sao_Paulo") is None


def test_a_bad_default_zone_is_named() -> None:
    found, said = check_event({"start": "2020-03-04", "location": TERRASSA},
                              default_timezone="Nowhere")
    assert found is None and said[0][0] == "timezone" and "Nowhere" in said[0][1]


@pytest.mark.parametrize("value, fix", [("XX", "e.g. ES"), ("es", "in capitals: ES"),
                                        ("ESP", "e.g. ES"), (34, "e.g. ES")])
def test_an_unknown_country_code(value: Any, fix: str) -> None:
    message, found_fix = check_country(value)  # type: ignore[misc]
    assert "is not an ISO 3166 country code" in message and fix in found_fix
    (field, message, _), = issues(start="2020-03-04",
                                  location={"city": "Terrassa", "country": value})
    assert field == "location" and message.startswith("location.country:")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x",
                                 "example.org", "/en/contact/", "https://exa mple.org",
                                 "data:text/html,x", "//example.org"])
def test_links_must_be_full_http_addresses(url: str) -> None:
    assert check_link(url) is not None
    fields = {f for f, _, _ in issues(start="2020-03-04", online=url, registration=url)}
    assert fields == {"online", "registration"}


def test_good_links_are_kept() -> None:
    event = facts(start="2020-03-04", location=TERRASSA, online="https://meet.example.org/x",
                  registration="https://example.org/register")
    assert (event.online, event.registration) == ("https://meet.example.org/x",
                                                   "https://example.org/register")
    assert event.attendance == "mixed"


def test_an_online_event_without_its_link() -> None:
    (field, message, fix), = issues(start="2020-06-30")
    assert field == "online" and "no location" in message and "online: true" in fix
    said = issues(start="2020-06-30", location=TERRASSA, status="moved-online",
                  updated="2020-06-01")
    assert said == [("online", "missing: the event is held online (status: moved-online)",
                     "add online: with the link attendees use, or online: true when the "
                     "link is not public")]


def test_online_true_is_an_online_event_whose_link_is_not_public() -> None:
    event = facts(start="2020-06-30", online=True)
    assert (event.online, event.is_online, event.attendance) == ("", True, "online")


@pytest.mark.parametrize("status", ["done", "Cancelled", "", 1])
def test_an_unknown_status(status: Any) -> None:
    (field, message, fix), = issues(start="2020-03-04", location=TERRASSA, status=status)
    assert field == "status" and "is not a status" in message
    assert fix == "write one of: scheduled, cancelled, postponed, moved-online"


def test_a_changed_status_needs_updated() -> None:
    for status in ("cancelled", "postponed", "moved-online"):
        said = issues(start="2020-03-04", location=TERRASSA, online=True, status=status)
        assert said == [("updated", f"missing: status is {status}", said[0][2])]
        assert "updated: 2020-02-20" in said[0][2]
    event = facts(start="2020-03-04", location=TERRASSA, status="cancelled",
                  updated="2020-02-20 16:45")
    assert event.updated == dt.datetime(2020, 2, 20, 16, 45, tzinfo=MADRID)


def test_a_start_moved_from_the_file_names_day_needs_updated() -> None:
    (field, message, _), = issues(file_day=dt.date(2020, 3, 4), start="2020-04-01",
                                  location=TERRASSA)
    assert (field, message) == ("updated", "missing: the event moved from 2020-03-04 to "
                                "2020-04-01")
    found, said = check_event({"start": "2020-04-01", "location": TERRASSA,
                               "updated": "2020-02-20"}, default_timezone="Europe/Madrid",
                              file_day=dt.date(2020, 3, 4))
    assert found is not None and said == []


@pytest.mark.parametrize("location, expected", [
    ({"city": "Terrassa", "country": "ES", "street": "x"}, "unknown field location.street"),
    ({"city": "Terrassa", "country": "ES", "adress": "x"}, "(did you mean address?)"),
    ({"city": "Terrassa"}, "location has no country"),
    ({"name": "Hall"}, "location has no city and country"),
    ({"city": "", "country": "ES"}, "location.city must be non-empty text"),
    ("Terrassa", "must be a group of fields"),
])
def test_location_sub_fields(location: Any, expected: str) -> None:
    message, fix = check_location(location)  # type: ignore[misc]
    assert expected in message and fix


def test_a_translation_may_translate_only_the_name_and_address() -> None:
    assert check_translated_location({"name": "Sala", "address": "Carrer 1"}) is None
    message, fix = check_translated_location({"name": "Sala", "city": "T"})  # type: ignore[misc]
    assert message == "location.city is set once, in the original"
    assert "only name and address" in fix


def test_the_field_specs_are_shared_and_start_is_required() -> None:
    specs = {spec.name: spec for spec in EVENT_FIELDS}
    assert set(specs) == {"start", "end", "timezone", "location", "online", "registration",
                          "status", "updated"}
    assert all(spec.shared for spec in specs.values())
    assert [name for name, spec in specs.items() if spec.required] == ["start"]
    assert specs["timezone"].check("Europe/Paris") is None


def test_missing_start() -> None:
    (field, message, fix), = issues(location=TERRASSA)
    assert (field, message) == ("start", "missing") and "2020-03-04" in fix


def test_problems_are_one_line_at_the_fields_line(tmp_path: Path) -> None:
    path = tmp_path / "2020-03-04-kick-off.md"
    path.write_text("---\ntitle: Kick-off\nstart: 2020-03-05\nend: 2020-03-04\nlocation:\n"
                    "  city: Terrassa\n  country: XX\n---\n\nBody\n", encoding="utf-8")
    source, read = frontmatter.read(path, display="content/en/events/2020-03-04-kick-off.md",
                                    lang="en", key="events/2020-03-04-kick-off.md")
    assert read == []
    found, problems = event_problems(source, default_timezone="Europe/Madrid",
                                     file_day=dt.date(2020, 3, 4))
    assert found is None
    assert [str(p) for p in problems] == [
        "content/en/events/2020-03-04-kick-off.md:5: location: location.country: 'XX' is "
        "not an ISO 3166 country code (write the two-letter ISO 3166 code, e.g. ES, PT, FR)"]
    assert all("\n" not in str(p) for p in problems)
