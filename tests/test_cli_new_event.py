"""`clamtex new event`: an event in every language, checked as `clamtex check` checks one.

On copies of the five-language fixture site (tests/sites/multilingual), which has no
events of its own: what the command writes passes `clamtex check` and the build shows it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from support import SITES, fixture_site, plugin_options, run_clamtex, site_languages, text_of

MULTI = SITES / "multilingual"
LANGUAGES = site_languages(MULTI)
PARTNER = plugin_options(MULTI, "clamtex")["partners_order"][0]
TAG = next(iter(plugin_options(MULTI, "clamtex")["tags"]))
TITLE = "Info day in Porto: «Têxteis» 2027"
KEY = "events/2027-03-10-info-day-in-porto-texteis-2027"
TODAY = {"CLAMTEX_TODAY": "2027-01-15"}


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A project copy in which an editor created a hybrid event, and the command's output."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("event") / "project")
    result = run_clamtex("new", "event", TITLE, "--start", "2027-03-10 10:00", "--end", "13:30",
                         "--timezone", "Europe/Lisbon", "--city", "Porto", "--country", "pt",
                         "--online", "https://meet.example.org/info-day",
                         "--partners", PARTNER, "--tags", TAG, cwd=project)
    assert result.returncode == 0, result.stderr
    return project, result.stdout


def test_the_original_and_stubs_are_written(created: tuple[Path, str]) -> None:
    project, output = created
    assert output.splitlines() == [
        *(f"created content/{lang}/{KEY}.md" for lang in LANGUAGES),
        "Next: fill in the TODO lines of the first file, then run: clamtex check",
    ]
    original = _front_matter(project / f"content/en/{KEY}.md")
    summary = "TODO: one or two sentences: what the event is and who it is for"
    assert original == {
        "title": TITLE, "summary": summary, "start": "2027-03-10 10:00",
        "end": "2027-03-10 13:30",  # a time alone is written with its day (YAML)
        "timezone": "Europe/Lisbon",
        "location": {"name": "TODO: the venue", "city": "Porto", "country": "PT"},
        "online": "https://meet.example.org/info-day", "status": "scheduled",
        "partners": [PARTNER], "tags": [TAG]}
    for lang in LANGUAGES[1:]:
        stub = _front_matter(project / f"content/{lang}/{KEY}.md")
        assert stub == {"title": TITLE, "summary": summary, "stub": True}


def test_it_passes_check_with_todo_warnings(created: tuple[Path, str]) -> None:
    project, _ = created
    result = run_clamtex("check", cwd=project, env=TODAY)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[-1] == "0 error(s), 3 warning(s): the site can be built."
    assert [line.split(": ")[1] for line in lines[:-1]] == ["summary", "location.name", "body"]
    assert all(line.startswith(f"content/en/{KEY}.md:") for line in lines[:-1])


def test_the_build_shows_the_event(created: tuple[Path, str]) -> None:
    project, _ = created
    result = run_clamtex("build", "-d", "out", cwd=project, env=TODAY)
    assert result.returncode == 0, result.stderr
    page = lxml_html.fromstring((project / f"out/{KEY}/index.html").read_bytes())
    text = text_of(page)
    assert TITLE in text_of(page.cssselect("h1")[0])
    assert "10 March 2027, 10:00\u201313:30 WET" in text  # in the event's zone, named
    assert "Porto" in text and "Portugal" in text
    assert page.cssselect('a[href="https://meet.example.org/info-day"]')
    assert (project / f"out/{KEY}/event.ics").is_file()
    events = lxml_html.fromstring((project / "out/events/index.html").read_bytes())
    assert TITLE in text_of(events)
    # Spanish has a stub only: its events page shows the English original, marked so.
    spanish = lxml_html.fromstring((project / "out/es/events/index.html").read_bytes())
    assert TITLE in text_of(spanish)


def test_an_all_day_event_online_in_the_sites_time_zone(multilingual_project: Path) -> None:
    result = run_clamtex("new", "event", "Webinar", "--start", "2027-05-04", "--end",
                         "2027-05-05", "--online", "https://meet.example.org/w",
                         cwd=multilingual_project)
    assert result.returncode == 0, result.stderr
    meta = _front_matter(multilingual_project / "content/en/events/2027-05-04-webinar.md")
    assert meta["start"] == dt.date(2027, 5, 4) and meta["end"] == dt.date(2027, 5, 5)
    assert meta["timezone"] == plugin_options(MULTI, "clamtex").get("timezone", "UTC")
    assert "location" not in meta
    assert run_clamtex("check", cwd=multilingual_project).returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--start", "2027-03-10", "--end", "2027-03-09", "--online", "https://a.org"],
     "error: --end: 2027-03-09 is before start 2027-03-10 (write the day (and time) the "
     "event ends, after its start)"),
    (["--start", "2027-03-10", "--timezone", "Europe/Madird", "--online", "https://a.org"],
     "error: --timezone: 'Europe/Madird' is not a known time zone (write Europe/Madrid)"),
    (["--start", "2027-03-10", "--city", "Porto", "--country", "XX"],
     "error: --country: 'XX' is not an ISO 3166 country code (write the two-letter ISO "
     "3166 code, e.g. ES, PT, FR)"),
    (["--start", "2027-03-10", "--online", "ftp://files.example.org"],
     "error: --online: 'ftp://files.example.org' is a ftp: link; only https:// or http:// "
     "addresses are allowed here (write the web address, e.g. https://example.org)"),
    (["--start", "2027-03-10"],
     "error: --city/--country or --online: missing: say where the event is held (--city "
     "Lyon --country FR in person, --online URL online, or both for a hybrid event)"),
    (["--start", "2027-03-10", "--city", "Porto"],
     "error: --country: missing: --city needs the country too (the two-letter ISO 3166 "
     "code, e.g. --country ES)"),
    (["--start", "2027-03-10 10:00", "--end", "2027-03-11", "--online", "https://a.org"],
     "error: --end: is a whole day (2027-03-11) but start has a time (2027-03-10 10:00) "
     "(give end a time too, e.g. 2027-03-11 17:00, or remove the time from start for an "
     "all-day event)"),
    (["--start", "10/03/2027", "--online", "https://a.org"],
     "error: --start: '10/03/2027' is not a day or a day and time (write a day, e.g. "
     "2020-03-04, or a day and a time, e.g. 2020-03-04 10:00)"),
    (["--start", "2027-03-28 01:30", "--timezone", "Europe/Lisbon", "--online",
      "https://a.org"],
     "error: --start: 2027-03-28 01:30 does not exist in Europe/Lisbon: the clocks go "
     "forward that night (choose a time an hour later)"),
    (["--start", "2027-03-10", "--online", "https://a.org", "--tags", "party"],
     "error: --tags: unknown tag 'party' (use one of: meetings; or add it under "
     "plugins.clamtex.tags in mkdocs.yml)"),
])
def test_bad_options_are_one_line_and_write_nothing(multilingual_project: Path,
                                                    args: list[str], message: str) -> None:
    before = _tree(multilingual_project / "content")
    result = run_clamtex("new", "event", "Info day", *args, cwd=multilingual_project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""
    assert _tree(multilingual_project / "content") == before


def test_an_existing_event_is_never_overwritten(created: tuple[Path, str]) -> None:
    project, _ = created
    before = _tree(project / "content")
    result = run_clamtex("new", "event", TITLE, "--start", "2027-03-10", "--online",
                         "https://a.org", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: content/en/{KEY}.md: file: already exists; nothing was written (choose "
        "another title or start, or edit that file)"]
    assert _tree(project / "content") == before
