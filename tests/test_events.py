"""Events, as visitors, calendar apps and search engines get them: pages in every language,
the events page, the home page and partners' pages, .ics files read back with icalendar,
Event JSON-LD, the sitemap and the search index; and check's one-line errors.

The five-language fixture gets events written here: one all-day in the past (translated),
one hybrid and timed far in the future, one across the end of summer time, a cancelled
one, and an untranslated one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest

from support import BuiltSite, build_site, fixture_site, run_clamtex, text_of

KICK_OFF = """---
title: Kick-off in Terrassa
summary: The partners meet for the first time.
start: 2020-03-04
end: 2020-03-05
timezone: Europe/Madrid
location:
  name: Alpha Hall
  city: Terrassa
  country: ES
partners: [alpha]
tags: [meetings]
---

Two days of work.
"""
KICK_OFF_ES = """---
title: Lanzamiento en Terrassa
summary: Los socios se reúnen por primera vez.
location:
  name: Sala Alpha
---

Dos días de trabajo.
"""
CONFERENCE = """---
title: Final conference
summary: What the project achieved.
start: 2999-05-10 10:00
end: 2999-05-10 13:30
timezone: Europe/Madrid
location:
  city: Valencia
  country: ES
online: https://meet.example.org/final
registration: https://example.org/register
partners: [alpha]
---

Results and next steps.
"""
AUTUMN = """---
title: Autumn workshop
start: 2020-10-24 10:00
end: 2020-10-26 12:00
timezone: Europe/Madrid
location:
  city: Porto
  country: PT
---

Across the night the clocks go back.
"""
CANCELLED = """---
title: Summer school
start: 2021-07-01
timezone: Europe/Lisbon
location:
  city: Braga
  country: PT
status: cancelled
updated: 2021-06-01
---

It will not take place.
"""
FILES = {
    "en/events/2020-03-04-kick-off.md": KICK_OFF,
    "es/events/2020-03-04-kick-off.md": KICK_OFF_ES,
    "en/events/2999-05-10-final-conference.md": CONFERENCE,
    "en/events/2020-10-24-autumn-workshop.md": AUTUMN,
    "en/events/2021-07-01-summer-school.md": CANCELLED,
}


def with_events(dest: Path, files: dict[str, str] = FILES) -> Path:
    project = fixture_site("multilingual", dest)
    for name, text in files.items():
        path = project / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(with_events(tmp_path_factory.mktemp("events") / "project"))


def calendar(built: BuiltSite, url: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(built.path(url).read_bytes())


def events_of(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["summary"]): event for event in cal.walk("VEVENT")}


def json_ld(built: BuiltSite, url: str) -> dict:
    [script] = built.page(url).xpath("//script[@class='clamtex-event-data']")
    return json.loads(script.text)


def test_event_pages_say_when_and_where_in_each_language(built: BuiltSite) -> None:
    en = text_of(built.page("events/2020-03-04-kick-off/"))
    assert "4\u20135 March 2020" in en and "Alpha Hall, Terrassa, Spain" in en
    es = text_of(built.page("es/events/2020-03-04-kick-off/"))
    assert "Lanzamiento en Terrassa" in es and "Sala Alpha, Terrassa, España" in es
    assert "4\u20135 de marzo de 2020" in es
    ca = text_of(built.page("ca/events/2020-03-04-kick-off/"))
    assert "Espanya" in ca and "de març" in ca
    timed = text_of(built.page("events/2999-05-10-final-conference/"))
    assert "10:00" in timed and "13:30" in timed and "CEST" in timed
    [time] = built.page("events/2999-05-10-final-conference/").xpath(
        "//dl[contains(@class,'clamtex-event__facts')]//time")
    assert time.get("datetime") == "2999-05-10T10:00+02:00"


def test_an_untranslated_event_falls_back_with_the_notice(built: BuiltSite) -> None:
    page = built.page("fr/events/2020-10-24-autumn-workshop/")
    assert page.xpath("//p[contains(@class,'clamtex-notice')]")
    assert "Autumn workshop" in text_of(page)
    [article] = page.xpath("//article[contains(@class,'clamtex-event')]")
    assert article.get("lang") == "en"


def test_a_cancelled_event_says_so_first(built: BuiltSite) -> None:
    page = built.page("events/2021-07-01-summer-school/")
    [note] = page.xpath("//p[contains(@class,'clamtex-event__status')]")
    assert "Cancelled" in text_of(note) and note.get("role") == "note"
    es = built.page("es/events/2021-07-01-summer-school/")
    assert "Cancelado" in text_of(es.xpath("//p[contains(@class,'clamtex-event__status')]")[0])


def test_the_events_page_lists_upcoming_soonest_first_and_past_by_year(built: BuiltSite) -> None:
    page = built.page("events/")
    upcoming = page.xpath("//section[@aria-labelledby='upcoming-events']//h3/a/text()")
    assert upcoming == ["Final conference"]
    past = page.xpath("//section[@aria-labelledby='past-events']")[0]
    years = past.xpath(".//h3/text()")
    assert years == ["2021", "2020"]
    titles = past.xpath(".//h4/a/text()")
    assert titles == ["Summer school", "Autumn workshop", "Kick-off in Terrassa"]
    links = page.xpath("//aside//a/@href")
    assert "webcal://example.org/events/calendar.ics" in links or any(
        link.startswith("webcal://") and link.endswith("/events/calendar.ics") for link in links)
    es = built.page("es/events/")
    assert es.xpath("//h1/text()") == ["Eventos"]


def test_home_and_partner_pages_show_their_events(built: BuiltSite) -> None:
    home = built.page("")
    assert home.xpath("//section[@aria-labelledby='upcoming-events']//a/text()")[0] \
        == "Final conference"
    partner = built.page("partners/alpha/")
    titles = partner.xpath("//section[@aria-labelledby='partner-events']//h3/a/text()")
    assert titles == ["Final conference", "Kick-off in Terrassa"]


def test_each_event_has_its_calendar_file(built: BuiltSite) -> None:
    cal = calendar(built, "events/2020-03-04-kick-off/event.ics")
    [event] = cal.walk("VEVENT")
    assert event["uid"] == calendar(built, "es/events/2020-03-04-kick-off/event.ics").walk(
        "VEVENT")[0]["uid"]  # one event in every language
    assert str(event["uid"]).startswith("events/2020-03-04-kick-off@")
    assert event.decoded("dtstart") == dt.date(2020, 3, 4)
    assert event.decoded("dtend") == dt.date(2020, 3, 6)  # RFC 5545: the day after
    assert str(event["url"]).endswith("/events/2020-03-04-kick-off/")
    assert str(event["status"]) == "CONFIRMED"
    assert "Terrassa" in str(event["location"])
    es = calendar(built, "es/events/2020-03-04-kick-off/event.ics").walk("VEVENT")[0]
    assert str(es["summary"]) == "Lanzamiento en Terrassa"
    cancelled = calendar(built, "events/2021-07-01-summer-school/event.ics").walk("VEVENT")[0]
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) > 0


def test_times_keep_their_zone_across_a_dst_change(built: BuiltSite) -> None:
    cal = calendar(built, "events/2020-10-24-autumn-workshop/event.ics")
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Madrid"]
    [event] = cal.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert end.utcoffset() == dt.timedelta(hours=1)  # after the clocks went back
    # Elapsed time (in UTC: Python subtracts wall clocks within one zone): an hour more.
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(days=2, hours=3)
    assert event["dtstart"].params["TZID"] == "Europe/Madrid"


def test_each_language_has_a_calendar_to_subscribe_to(built: BuiltSite) -> None:
    for url in ("events/calendar.ics", "es/events/calendar.ics"):
        cal = calendar(built, url)
        assert cal["x-wr-calname"]
        assert len(events_of(cal)) == 4
    assert "Lanzamiento en Terrassa" in events_of(calendar(built, "es/events/calendar.ics"))


def test_calendars_are_the_same_bytes_for_the_same_input(built: BuiltSite,
                                                         tmp_path: Path) -> None:
    again = build_site(with_events(tmp_path / "again"))
    for url in ("events/calendar.ics", "fr/events/calendar.ics",
                "events/2020-10-24-autumn-workshop/event.ics"):
        assert again.path(url).read_bytes() == built.path(url).read_bytes(), url


def test_event_json_ld(built: BuiltSite) -> None:
    data = json_ld(built, "events/2999-05-10-final-conference/")
    assert data["@type"] == "Event"
    assert data["startDate"] == "2999-05-10T10:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    kinds = {place["@type"] for place in data["location"]}
    assert kinds == {"Place", "VirtualLocation"}
    assert data["offers"]["url"] == "https://example.org/register"
    assert data["organizer"][0]["name"]
    cancelled = json_ld(built, "events/2021-07-01-summer-school/")
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"


def test_events_join_the_sitemap_and_the_search_index(built: BuiltSite) -> None:
    sitemap = built.path("sitemap.xml").read_text(encoding="utf-8")
    assert "/events/</loc>" in sitemap
    assert "/es/events/2020-03-04-kick-off/" in sitemap
    page = built.path("events/2020-03-04-kick-off/").read_text(encoding="utf-8")
    assert "data-pagefind-body" in page
    fallback = built.path("fr/events/2020-10-24-autumn-workshop/").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in fallback  # the English text is indexed in English


@pytest.mark.parametrize(("front", "field", "words"), [
    ("start: 2020-03-05\nend: 2020-03-04\n", "end", "before start"),
    ("start: 2020-03-04\ntimezone: Europe/Terrassa\n", "timezone", "time zone"),
    ("start: 2020-03-04\nlocation:\n  city: X\n  country: XX\n", "location", "country"),
    ("start: 2020-03-04\nonline: javascript:alert(1)\n", "online", "javascript"),
    ("start: 2020-03-04\n", "online", "missing"),
    ("start: 2020-03-04 10:00\nend: 2020-03-05\nonline: true\n", "end", "whole day"),
])
def test_check_names_the_file_field_and_fix(tmp_path: Path, front: str, field: str,
                                            words: str) -> None:
    name = "en/events/2020-03-04-broken.md"
    project = with_events(tmp_path / "p", {name: f"---\ntitle: Broken\n{front}---\n\nText.\n"})
    result = run_clamtex("check", cwd=project)
    assert result.returncode != 0
    lines = [line for line in result.stdout.splitlines() + result.stderr.splitlines()
             if "2020-03-04-broken.md" in line]
    assert any(f": {field}" in line and words in line.lower() for line in lines), lines
    assert "Traceback" not in result.stderr


def test_a_translation_may_not_contradict_a_shared_fact(tmp_path: Path) -> None:
    files = dict(FILES)
    files["es/events/2020-03-04-kick-off.md"] = KICK_OFF_ES.replace(
        "---\n\n", "start: 2020-03-06\n---\n\n", 1)
    result = run_clamtex("check", cwd=with_events(tmp_path / "p", files))
    assert result.returncode != 0
    assert "es/events/2020-03-04-kick-off.md" in result.stdout + result.stderr
    assert "start: differs from the original" in result.stdout + result.stderr


def test_every_page_footer_links_the_languages_calendar(built: BuiltSite) -> None:
    for url, calendar_url in (("", "events/calendar.ics"), ("es/about/", "es/events/calendar.ics")):
        page = built.page(url)
        links = page.xpath(
            "//nav[contains(@class,'clamtex-footer-links')]//a[@type='text/calendar']")
        assert len(links) == 1, url
        target = (built.root / url / links[0].get("href")).resolve() if url else \
            (built.root / links[0].get("href")).resolve()
        assert target == built.path(calendar_url).resolve()


def test_events_move_to_past_the_day_after_they_end(tmp_path: Path) -> None:
    project = with_events(tmp_path / "p")
    on_the_day = build_site(project, env={"CLAMTEX_TODAY": "2999-05-10"})
    upcoming = on_the_day.page("events/").xpath(
        "//section[@aria-labelledby='upcoming-events']//h3/a/text()")
    assert upcoming == ["Final conference"]
    after = build_site(project, env={"CLAMTEX_TODAY": "2999-05-11"})
    page = after.page("events/")
    assert page.xpath("//section[@aria-labelledby='upcoming-events']//h3/a") == []
    assert page.xpath("//section[@aria-labelledby='past-events']//h3/text()")[0] == "2999"
    assert not after.page("").xpath("//section[@aria-labelledby='upcoming-events']")
