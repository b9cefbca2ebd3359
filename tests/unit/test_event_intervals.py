# ruff: noqa: RUF001 -- CLDR writes ranges with an en dash: the tests say so
"""l10n/intervals.py: an event's dates and times in words in the five languages (CLDR),
in the event's own zone, named, and the machine form for <time datetime>."""

from __future__ import annotations

from typing import Any

import pytest

from clamtex.content.event_fields import EventFacts, Place, check_event
from clamtex.l10n.intervals import event_machine, event_when, gmt_offset, machine_when, zone_name
from clamtex.l10n.places import place_line
from clamtex.l10n.strings import locale_of

LANGS = ("en", "es", "ca", "pt", "fr")
THIN = "\u2009"  # CLDR's own spacing around a range's dash (thin spaces)
DASH = f"{THIN}–{THIN}"


def facts(**meta: Any) -> EventFacts:
    meta.setdefault("online", True)
    found, issues = check_event(meta, default_timezone="Europe/Madrid")
    assert found is not None, issues
    return found


def when(lang: str, **meta: Any) -> str:
    return event_when(facts(**meta), locale_of(lang))


@pytest.mark.parametrize("lang, expected", [
    ("en", "30 June 2020"), ("es", "30 de junio de 2020"), ("ca", "30 de juny del 2020"),
    ("pt", "30 de junho de 2020"), ("fr", "30 juin 2020")])
def test_all_day_one_day(lang: str, expected: str) -> None:
    assert when(lang, start="2020-06-30") == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "4–5 March 2020"), ("es", "4–5 de marzo de 2020"), ("ca", "4–5 de març del 2020"),
    ("pt", "4–5 de março de 2020"), ("fr", "4–5 mars 2020")])
def test_all_day_range_in_one_month(lang: str, expected: str) -> None:
    assert when(lang, start="2020-03-04", end="2020-03-05") == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", f"4 March{THIN}–{THIN}2 April 2020"),
    ("es", f"4 de marzo{THIN}–{THIN}2 de abril de 2020"),
    ("ca", f"4 de març{THIN}–{THIN}2 d’abril del 2020"),
    ("pt", f"4 de março{THIN}–{THIN}2 de abril de 2020"),
    ("fr", f"4 mars{THIN}–{THIN}2 avril 2020")])
def test_all_day_range_across_months(lang: str, expected: str) -> None:
    assert when(lang, start="2020-03-04", end="2020-04-02") == expected


@pytest.mark.parametrize("lang", LANGS)
def test_all_day_range_across_years_names_both_years(lang: str) -> None:
    text = when(lang, start="2020-12-30", end="2021-01-02")
    assert "2020" in text and "2021" in text and "30" in text and "2" in text


@pytest.mark.parametrize("lang, expected", [
    ("en", "4 March 2020, 10:00–13:30 CET"),
    ("es", "4 de marzo de 2020, 10:00–13:30 CET"),
    ("ca", "4 de març del 2020, 10:00–13:30 CET"),
    ("pt", f"4 de março de 2020, 10:00{THIN}–{THIN}13:30 CET"),
    ("fr", f"4 mars 2020, 10:00{THIN}–{THIN}13:30 UTC+1")])
def test_timed_same_day(lang: str, expected: str) -> None:
    assert when(lang, start="2020-03-04 10:00", end="13:30") == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", f"4 March 2020, 10:00{DASH}5 March 2020, 13:30 CET"),
    ("es", f"4 de marzo de 2020, 10:00{DASH}5 de marzo de 2020, 13:30 CET"),
    ("ca", f"4 de març del 2020, 10:00{DASH}5 de març del 2020, 13:30 CET"),
    ("pt", f"4 de março de 2020, 10:00{DASH}5 de março de 2020, 13:30 CET"),
    ("fr", f"4 mars 2020, 10:00{DASH}5 mars 2020, 13:30 UTC+1")])
def test_timed_across_days(lang: str, expected: str) -> None:
    assert when(lang, start="2020-03-04 10:00", end="2020-03-05 13:30") == expected


@pytest.mark.parametrize("lang, summer, winter", [
    ("en", "CEST", "CET"), ("es", "CEST", "CET"), ("ca", "CEST", "CET"),
    ("pt", "CEST", "CET"), ("fr", "UTC+2", "UTC+1")])
def test_across_the_october_dst_change_each_end_is_named(lang: str, summer: str,
                                                         winter: str) -> None:
    # Madrid, last Sunday of October 2020: 03:00 CEST becomes 02:00 CET.
    text = when(lang, start="2020-10-24 10:00", end="2020-10-25 13:30")
    assert f"10:00 {summer}{DASH}" in text and text.endswith(f"13:30 {winter}")
    same_day = when(lang, start="2020-10-25 01:00", end="2020-10-25 04:00")
    assert f" {summer}{DASH}" in same_day and same_day.endswith(f" {winter}")
    assert same_day.count("25") == 1, "the day is said once"


@pytest.mark.parametrize("lang", LANGS)
def test_the_march_dst_change_names_summer_time(lang: str) -> None:
    # Madrid, last Sunday of March 2020: 02:00 CET becomes 03:00 CEST.
    before = when(lang, start="2020-03-28 10:00", end="11:00")
    after = when(lang, start="2020-03-29 10:00", end="11:00")
    assert before != after.replace("29", "28")
    assert after.endswith("CEST" if lang != "fr" else "UTC+2")


def test_a_zone_without_a_short_name_is_a_gmt_offset() -> None:
    event = facts(start="2020-03-04 10:00", timezone="Asia/Tokyo")
    assert event_when(event, "en_GB") == "4 March 2020, 10:00 GMT+9"
    assert event_when(event, "fr_FR") == "4 mars 2020, 10:00 UTC+9"
    kolkata = facts(start="2020-03-04 10:00", timezone="Asia/Kolkata").start
    assert gmt_offset(kolkata, "en_GB") == "GMT+5:30"  # type: ignore[arg-type]
    utc = facts(start="2020-03-04 10:00", timezone="UTC").start
    assert gmt_offset(utc, "fr_FR") == "UTC"  # type: ignore[arg-type]


def test_french_data_never_names_winter_time_as_summer_time() -> None:
    # CLDR's fr names Western European *standard* time "WEST": an offset is said instead.
    lisbon = facts(start="2020-01-10 10:00", timezone="Europe/Lisbon").start
    assert zone_name(lisbon, "fr_FR") == "UTC"  # type: ignore[arg-type]
    assert zone_name(lisbon, "pt_PT") == "WET"  # type: ignore[arg-type]


def test_machine_forms() -> None:
    assert event_machine(facts(start="2020-03-04", end="2020-03-05")) == ("2020-03-04",
                                                                         "2020-03-05")
    assert event_machine(facts(start="2020-06-30")) == ("2020-06-30", None)
    assert event_machine(facts(start="2020-10-24 10:00", end="2020-10-25 13:30")) == (
        "2020-10-24T10:00+02:00", "2020-10-25T13:30+01:00")
    assert machine_when(facts(start="2020-03-04 10:00", timezone="UTC").start) == (
        "2020-03-04T10:00Z")
    naive = facts(start="2020-03-04 10:00").start.replace(tzinfo=None)  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        machine_when(naive)


@pytest.mark.parametrize("lang, country", [("en", "Spain"), ("es", "España"),
                                           ("ca", "Espanya"), ("pt", "Espanha"),
                                           ("fr", "Espagne")])
def test_a_place_in_one_line_names_the_country_in_the_language(lang: str, country: str) -> None:
    place = Place(name="Terrassa", city="Terrassa", country="ES")
    assert place_line(place, locale_of(lang)) == f"Terrassa, {country}"
