"""On time: "today" for a build, scheduled news, the drafts preview and the daily rebuild.

The builds read a copy of the five-language fixture with one item scheduled for
10 March 2027 and one draft; `CLAMTEX_TODAY` says which day the build runs on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from clamtex.build.preview import PreviewSession
from clamtex.commands.cli import parser
from clamtex.content import schedule
from clamtex.content.schedule import State
from clamtex.exceptions import ProjectError
from clamtex.l10n.strings import load_strings
from clamtex.structure.banners import schedule_banner
from support import (
    ROOT,
    BuiltSite,
    build_site,
    fixture_site,
    plugin_options,
    run_clamtex,
    site_languages,
    text_of,
    write_news,
)

SCHEDULED = "2027-03-10-spring-conference"
DRAFT = "2024-04-01-unfinished-report"
EVE, DAY = "2027-03-09", "2027-03-10"
BANNERS = {  # the two banners in every language of the fixture (CLDR long dates)
    "en": ("Draft: not published", "Scheduled for 10 March 2027"),
    "es": ("Borrador: no publicado", "Programado para el 10 de marzo de 2027"),
    "ca": ("Esborrany: no publicat", "Programat per al 10 de març del 2027"),
    "pt": ("Rascunho: não publicado", "Agendado para 10 de março de 2027"),
    "fr": ("Brouillon : non publié", "Publication prévue le 10 mars 2027"),
}


# -- today and states (no build) -----------------------------------------------------


def test_clamtex_today_decides_today() -> None:
    assert schedule.today("Europe/Madrid", {"CLAMTEX_TODAY": DAY}) == dt.date(2027, 3, 10)
    assert schedule.today("UTC", {"CLAMTEX_TODAY": " 2027-03-10\n"}) == dt.date(2027, 3, 10)


def test_without_it_today_is_the_date_in_the_sites_time_zone() -> None:
    late = dt.datetime(2027, 3, 9, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 10th in Madrid
    assert schedule.today("Europe/Madrid", {}, now=late) == dt.date(2027, 3, 10)
    assert schedule.today("UTC", {}, now=late) == dt.date(2027, 3, 9)
    assert schedule.today("America/New_York", {"CLAMTEX_TODAY": ""}, now=late) == \
        dt.date(2027, 3, 9)


@pytest.mark.parametrize("value", ["2027-3-10", "10/03/2027", "2027-02-30", "tomorrow",
                                   "2027-03-10T00:00"])
def test_a_bad_clamtex_today_is_one_line(value: str) -> None:
    with pytest.raises(ProjectError) as caught:
        schedule.today("UTC", {"CLAMTEX_TODAY": value})
    message = str(caught.value)
    assert message.startswith(f"CLAMTEX_TODAY: '{value}' is not a date (write YYYY-MM-DD")
    assert "\n" not in message and message.endswith(")")


def test_an_item_is_published_on_its_date() -> None:
    day = dt.date(2027, 3, 10)
    assert schedule.state(day, False, day - dt.timedelta(days=1)) is State.SCHEDULED
    assert schedule.state(day, False, day) is State.PUBLISHED
    assert schedule.state(day, True, day + dt.timedelta(days=1)) is State.DRAFT
    real, drafts = schedule.Visibility(), schedule.Visibility(drafts=True)
    assert [real.shows(s) for s in State] == [True, False, False]
    assert [drafts.shows(s) for s in State] == [True, True, True]


@pytest.mark.parametrize("lang", sorted(BANNERS))
def test_banners_are_localized(lang: str) -> None:
    t, day = load_strings(lang), dt.date(2027, 3, 10)
    assert schedule_banner(State.DRAFT, day, t) == BANNERS[lang][0]
    assert schedule_banner(State.SCHEDULED, day, t) == BANNERS[lang][1]
    assert schedule_banner(State.PUBLISHED, day, t) == ""


# -- builds ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five-language fixture with a scheduled item and a draft (English originals)."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("schedule") / "project")
    write_news(project, "en", SCHEDULED,
               f"title: Spring conference\ndate: {DAY}\nsummary: Coming in March.\n")
    write_news(project, "en", DRAFT,
               "title: Unfinished report\ndate: 2024-04-01\nsummary: Not ready.\ndraft: true\n")
    return project


def build_on(project: Path, day: str, out: str) -> BuiltSite:
    built = build_site(project, env={"CLAMTEX_TODAY": day})
    return BuiltSite((project / "out").rename(project / out), built.output)


@pytest.fixture(scope="module")
def eve(project: Path) -> BuiltSite:
    return build_on(project, EVE, "eve")


@pytest.fixture(scope="module")
def drafts_preview(project: Path) -> Iterator[BuiltSite]:
    """What `clamtex serve --drafts` shows on the eve of the scheduled item."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAMTEX_TODAY", EVE)
        out = project.parent / "preview"
        session = PreviewSession(project / "mkdocs.yml", out, drafts=True)
        assert session.build() == "full"
        session.close()
    yield BuiltSite(out)


def urls(lang: str, slug: str) -> str:
    return ("" if lang == "en" else f"{lang}/") + f"news/{slug}/"


def everything(site: BuiltSite) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in site.root.rglob("*") if p.is_file()
                     and p.suffix in (".html", ".xml", ".json", ".txt", ".js"))


def test_a_real_build_has_neither_the_items_nor_any_banner(project: Path,
                                                           eve: BuiltSite) -> None:
    for lang in site_languages(project):
        assert not eve.path(urls(lang, SCHEDULED)).exists()
        assert not eve.path(urls(lang, DRAFT)).exists()
        assert eve.path(urls(lang, "2024-05-20-spring-update")).exists()
    text = everything(eve)
    assert SCHEDULED not in text and DRAFT not in text
    assert "clamtex-schedule-banner" not in text and "md-banner" not in text
    assert not [b for pair in BANNERS.values() for b in pair if b in text]
    assert "Spring conference" not in text and "Unfinished report" not in text


def test_a_scheduled_item_is_published_on_its_date(project: Path, eve: BuiltSite) -> None:
    day = build_on(project, DAY, "day")
    for lang in site_languages(project):
        page = day.page(urls(lang, SCHEDULED))
        assert not page.cssselect(".md-banner, .clamtex-schedule-banner")
        assert text_of(page.cssselect("h1")[0]) == "Spring conference"
        assert not day.path(urls(lang, DRAFT)).exists()
    home = day.path("news/").read_text(encoding="utf-8")
    assert SCHEDULED in home and SCHEDULED not in eve.path("news/").read_text(encoding="utf-8")
    assert "Spring conference" in (day.root / "news/feed.xml").read_text(encoding="utf-8")


def test_the_drafts_preview_shows_both_with_their_banners(project: Path,
                                                          drafts_preview: BuiltSite) -> None:
    for lang in site_languages(project):
        for slug, banner in ((DRAFT, BANNERS[lang][0]), (SCHEDULED, BANNERS[lang][1])):
            page = drafts_preview.page(urls(lang, slug))
            [note] = page.cssselect("aside.md-banner p.clamtex-schedule-banner")
            assert text_of(note) == banner, (lang, slug)
            assert note.get("role") == "note" and note.get("lang") == lang
        published = drafts_preview.page(urls(lang, "2024-05-20-spring-update"))
        assert not published.cssselect(".md-banner, .clamtex-schedule-banner")
    assert not (project / "site").exists()  # the preview wrote only into its own folder


def test_check_notes_the_scheduled_item(project: Path) -> None:
    path = f"content/en/news/{SCHEDULED}.md"
    result = run_clamtex("check", cwd=project, env={"CLAMTEX_TODAY": EVE})
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{path}:3: date: info: scheduled for {DAY}: the site shows it from that day on " \
           "(nothing to do: the daily rebuild publishes it; preview it with clamtex serve " \
           "--drafts)" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == "No problems found."
    report = json.loads(run_clamtex("check", "--format", "json", cwd=project,
                                    env={"CLAMTEX_TODAY": EVE}).stdout)
    assert [(n["file"], n["severity"]) for n in report["notes"]] == [(path, "info")]
    assert report["errors"] == report["warnings"] == 0
    on_the_day = run_clamtex("check", cwd=project, env={"CLAMTEX_TODAY": DAY})
    assert SCHEDULED not in on_the_day.stdout


def test_status_lists_scheduled_news(project: Path) -> None:
    result = run_clamtex("status", cwd=project, env={"CLAMTEX_TODAY": EVE})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("Scheduled and upcoming (the daily rebuild publishes each scheduled item "
                     f"on its date; today is {EVE}):")
    assert lines[at + 1:] == [
        f"  {DAY}  news  content/en/news/{SCHEDULED}.md  Spring conference"]
    later = run_clamtex("status", cwd=project, env={"CLAMTEX_TODAY": DAY})
    assert "Scheduled" not in later.stdout


def test_status_lists_upcoming_events(project: Path) -> None:
    event = project / "content/en/events/2027-04-01-open-day.md"
    event.parent.mkdir(parents=True)
    event.write_text("---\ntitle: Open day\nstart: 2027-04-01\nonline: true\n---\n\nCome.\n",
                     encoding="utf-8")
    result = run_clamtex("status", cwd=project, env={"CLAMTEX_TODAY": DAY})
    assert result.returncode == 0, result.stderr
    assert ("  2027-04-01  event content/en/events/2027-04-01-open-day.md  Open day "
            "(upcoming event)") in result.stdout.splitlines()
    after = run_clamtex("status", cwd=project, env={"CLAMTEX_TODAY": "2027-04-02"})
    assert "(upcoming event)" not in after.stdout  # over: no longer to come


@pytest.mark.parametrize("command", [("check",), ("status",), ("build", "-d", "out")])
def test_a_bad_clamtex_today_stops_every_command(tmp_path: Path, command: tuple[str, ...]) -> None:
    project = fixture_site("minimal", tmp_path / "project")
    result = run_clamtex(*command, cwd=project, env={"CLAMTEX_TODAY": "2027-13-01"})
    assert result.returncode == 1
    assert "error: CLAMTEX_TODAY: '2027-13-01' is not a date (write YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "out").exists()


def test_an_unknown_time_zone_is_refused(tmp_path: Path) -> None:
    project = fixture_site("minimal", tmp_path / "project")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        text.replace("  - clamtex:\n", "  - clamtex:\n      timezone: Europe/Madird\n", 1),
        encoding="utf-8")
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 1
    assert "option 'timezone': 'Europe/Madird' is not an IANA time zone (write e.g. " \
           "Europe/Madrid or UTC)" in result.stdout + result.stderr


def test_serve_has_a_drafts_switch() -> None:
    assert parser().parse_args(["serve", "--drafts"]).drafts is True
    assert parser().parse_args(["serve"]).drafts is False
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(if $(filter-out 0,$(DRAFTS)),--drafts)" in makefile


# -- the daily rebuild ---------------------------------------------------------------


def workflow() -> dict[Any, Any]:
    data = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    return data


def test_the_site_runs_on_madrid_time() -> None:
    assert plugin_options(ROOT, "clamtex")["timezone"] == "Europe/Madrid"


def test_the_daily_rebuild_runs_shortly_after_midnight_in_the_sites_time_zone() -> None:
    on = workflow().get("on", workflow().get(True))  # YAML 1.1 reads a bare `on` as True
    [entry] = on["schedule"]
    minute, hour, *rest = entry["cron"].split()
    assert rest == ["*", "*", "*"], "every day"
    assert minute not in ("0", "00"), "GitHub delays runs at the top of the hour"
    zone = ZoneInfo(plugin_options(ROOT, "clamtex")["timezone"])
    day = dt.datetime(2027, 1, 1, int(hour), int(minute), tzinfo=dt.UTC)
    for _ in range(365):  # winter and summer time alike
        there = day.astimezone(zone)
        assert there.date() == (day + dt.timedelta(days=1)).date(), day
        assert there.hour < 3, (day, there)
        day += dt.timedelta(days=1)


def test_a_scheduled_run_publishes_with_least_privilege() -> None:
    flow = workflow()
    assert flow["permissions"] == {"contents": "read"}
    deploy = flow["jobs"]["deploy"]
    assert "schedule" not in deploy["if"] and "pull_request" in deploy["if"]  # not excluded
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    [upload] = [s for s in flow["jobs"]["build"]["steps"]
                if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["if"] == "github.event_name != 'pull_request'"
