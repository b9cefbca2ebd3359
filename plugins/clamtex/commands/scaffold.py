"""`clamtex new news|event|partner`: new files with complete front matter, never overwriting.

The original goes to the default language; every other language gets a stub (`stub: true`)
holding only the translated fields, which the site does not publish as a translation.
All files are written to temporary names first and then linked into place, so a clash or
a failure leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
from slugify import slugify

from clamtex.commands.checking import PLACEHOLDER
from clamtex.content.event_fields import check_event
from clamtex.content.model import ROLES, Site, parse_date
from clamtex.exceptions import ScaffoldError
from clamtex.kinds.events import FOLDER, Events

NEWS_HINT = "choose another title or date, or edit that file"
PARTNER_HINT = "choose another id, or edit that file"
PARTNER_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LOGO_COLOURS = ("#1d4ed8", "#047857", "#b45309", "#9d174d", "#6d28d9", "#0e7490", "#be123c")


@dataclass(frozen=True)
class NewFile:
    path: Path
    text: str
    optional: bool = False  # skipped (not an error) when the file exists


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _names(values: Sequence[str]) -> str:
    return f"[{', '.join(values)}]"


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _partners_and_tags(site: Site, partners: str | None,
                       tags: str | None) -> tuple[list[str], list[str]]:
    """The ids given with --partners and --tags, each known to the site."""
    partner_ids, tag_ids = _split(partners), _split(tags)
    for partner in partner_ids:
        if partner not in site.partners:
            raise ScaffoldError(f"--partners: unknown partner '{partner}' (use one of: "
                                f"{', '.join(site.partners)})")
    for tag in tag_ids:
        if tag not in site.settings.tags:
            raise ScaffoldError(f"--tags: unknown tag '{tag}' (use one of: "
                                f"{', '.join(site.settings.tags)}; or add it under "
                                "plugins.clamtex.tags in mkdocs.yml)")
    return partner_ids, tag_ids


def _title_and_slug(title: str, kind: str, example: str) -> tuple[str, str]:
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError(f"title: is empty (give the title in quotes, e.g. "
                            f"clamtex new {kind} \"{example}\")")
    slug = slugify(title, max_length=60, word_boundary=True)
    if not slug:
        raise ScaffoldError(f"title: '{title}' gives an empty file name (use letters or digits)")
    return title, slug


# -- news -------------------------------------------------------------------------------


def news_name(title: str, date: str | None, today: dt.date) -> tuple[str, str]:
    """The date and slug a new item's file name gets (no checks: news_files makes them)."""
    day = date or today.isoformat()
    return day, slugify(" ".join(title.split()), max_length=60, word_boundary=True)


def news_files(site: Site, title: str, date: str | None, partners: str | None,
               tags: str | None, today: dt.date | None = None,
               image_lines: list[str] | None = None) -> list[NewFile]:
    """The original and the stubs of a new news item; checked against the site first."""
    settings = site.settings
    title, slug = _title_and_slug(title, "news", "Third project meeting")
    day = date or (today or settings.today).isoformat()  # the build's today (schedule.py)
    if parse_date(day) is None:
        raise ScaffoldError(f"--date: '{day}' is not a date (write it as YYYY-MM-DD, "
                            "e.g. 2020-06-30)")
    partner_ids, tag_ids = _partners_and_tags(site, partners, tags)
    name = f"{settings.news_dir}/{day}-{slug}.md"
    summary = f"{PLACEHOLDER}: one or two sentences that sum up the news"
    original = "\n".join([
        "---",
        f"title: {_quote(title)}",
        f"date: {day}",
        f"summary: {_quote(summary)}",
        f"tags: {_names(tag_ids)}",
        f"partners: {_names(partner_ids)}",
        *(image_lines or [
            "# To show a photo: clamtex image add PATH, then write the lines it prints:",
            f"# image: assets/images/{day}-{slug}.jpg",
            "# image_alt: \"What the picture shows, in one sentence\""]),
        "---",
        "",
        f"{PLACEHOLDER}: write the news item here. Start with what happened, when and where;",
        "then add details in short paragraphs. Use ## for subheadings.",
        "",
    ])
    stub = "\n".join([
        "---",
        f"title: {_quote(title)}",
        f"summary: {_quote(summary)}",
        "stub: true",
        "---",
        "",
        f"Translate the original, content/{settings.default}/{name}, here;",
        "then delete the line stub: true.",
        "",
    ])
    return _per_language(site, name, original, stub)


# -- events -----------------------------------------------------------------------------

EVENT_HINT = "choose another title or start, or edit that file"
# The command's options for the event fields check_event names (location: two options).
EVENT_OPTIONS = {"start": "--start", "end": "--end", "timezone": "--timezone",
                 "online": "--online", "location": "--city/--country",
                 "location.country": "--country", "location.city": "--city"}


def event_files(site: Site, kind: Events, title: str, start: str, *, end: str | None = None,
                timezone: str | None = None, city: str | None = None,
                country: str | None = None, online: str | None = None,
                partners: str | None = None, tags: str | None = None) -> list[NewFile]:
    """The original and the stubs of a new event, its options checked as `clamtex check`
    checks an event's front matter (content/event_fields.py), one line per problem."""
    settings = site.settings
    title, slug = _title_and_slug(title, "event", "Info day in Porto")
    meta: dict[str, Any] = {"start": " ".join(start.split()),
                            "timezone": (timezone or kind.timezone).strip()}
    if end is not None:
        meta["end"] = " ".join(end.split())
    city = " ".join((city or "").split())
    code = (country or "").strip().upper()  # es is ES, as in `clamtex new partner`
    if city or code:
        if not city:
            raise ScaffoldError("--city: missing: --country needs the city too "
                                "(e.g. --city Lyon --country FR)")
        if not code:
            raise ScaffoldError("--country: missing: --city needs the country too "
                                "(the two-letter ISO 3166 code, e.g. --country ES)")
        meta["location"] = {"name": f"{PLACEHOLDER}: the venue", "city": city,
                            "country": code}
    if online is not None:
        meta["online"] = online.strip()
    if "location" not in meta and "online" not in meta:
        raise ScaffoldError("--city/--country or --online: missing: say where the event is "
                            "held (--city Lyon --country FR in person, --online URL "
                            "online, or both for a hybrid event)")
    facts, issues = check_event(meta, default_timezone=kind.timezone)
    if issues:
        field, message, fix = issues[0]
        if field == "location" and message.startswith("location."):
            field, message = message.split(": ", 1)
        raise ScaffoldError(f"{EVENT_OPTIONS.get(field, field)}: {message} ({fix})")
    assert facts is not None
    day = facts.first_day.isoformat()
    if end is not None and ":" in meta["end"] and " " not in meta["end"]:
        # A time alone (13:30) is written with its day: unquoted, YAML reads it as a
        # number, and the browser CMS writes strings unquoted.
        meta["end"] = f"{day} {meta['end']}"
    partner_ids, tag_ids = _partners_and_tags(site, partners, tags)
    name = f"{FOLDER}/{day}-{slug}.md"
    summary = f"{PLACEHOLDER}: one or two sentences: what the event is and who it is for"
    body = "\n".join([
        f"{PLACEHOLDER}: say what the event is about, who it is for and what attendees will",
        "take away; then the programme, in short paragraphs. Use ## for subheadings.",
    ])
    original, stub = kind.new_entry(title, summary, body, meta, tuple(partner_ids),
                                    tuple(tag_ids))
    stub += "\n".join([
        "",
        f"Translate the original, content/{settings.default}/{name}, here;",
        "then delete the line stub: true.",
        "",
    ])
    return _per_language(site, name, original, stub)


# -- partners ---------------------------------------------------------------------------


def partner_files(site: Site, partner_id: str, name: str | None, country: str,
                  role: str, project: str = "the project") -> list[NewFile]:
    """A partner's profile (the original names `project`, the project's short name) and
    its stubs."""
    settings = site.settings
    if not PARTNER_ID.match(partner_id):
        suggestion = slugify(partner_id) or "my-cluster"
        raise ScaffoldError(f"id: '{partner_id}' is not a valid id (use lowercase letters, "
                            f"digits and hyphens, e.g. {suggestion})")
    code = country.strip().upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise ScaffoldError(f"--country: '{country}' is not an ISO 3166 country code "
                            "(write the two-letter code, e.g. ES, PT, FR)")
    if role not in ROLES:
        raise ScaffoldError(f"--role: '{role}' is not a role (use one of: {', '.join(ROLES)})")
    label = " ".join((name or partner_id.upper()).split())
    logo = f"assets/{settings.partners_dir}/{partner_id}.svg"
    key = f"{settings.partners_dir}/{partner_id}.md"
    summary = f"{PLACEHOLDER}: one sentence about the cluster"
    original = "\n".join([
        "---",
        f"name: {_quote(label)}",
        f"acronym: {_quote(label)}",
        f"full_name: {_quote(PLACEHOLDER + ': the full name of the cluster')}",
        f"country: {code}",
        f"# region: {code}-XX   (ISO 3166-2 code of the region; uncomment and correct)",
        f"city: {_quote(PLACEHOLDER + ': the city')}",
        "# website: https://example.org   (uncomment and correct)",
        f"logo: {logo}",
        f"logo_alt: {_quote(label + ' logo')}",
        f"role: {role}",
        f"summary: {_quote(summary)}",
        "---",
        "",
        f"{PLACEHOLDER}: two or three short paragraphs about the cluster: its members, its",
        f"sector and what it brings to {project}.",
        "",
    ])
    stub = "\n".join([
        "---",
        f"summary: {_quote(summary)}",
        f"logo_alt: {_quote(label + ' logo')}",
        "stub: true",
        "---",
        "",
        f"Translate the original, content/{settings.default}/{key}, here;",
        "then delete the line stub: true.",
        "",
    ])
    files = _per_language(site, key, original, stub)
    files.append(NewFile(settings.content_dir / logo, lettermark(partner_id, label),
                         optional=True))
    return files


def lettermark(partner_id: str, label: str) -> str:
    """A plain placeholder logo: the acronym on a coloured card."""
    colour = LOGO_COLOURS[zlib.crc32(partner_id.encode()) % len(LOGO_COLOURS)]
    text = label if len(label) <= 8 else label[:8]
    size = 30 if len(text) <= 5 else 20
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join([
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80" width="120" height="80" '
        'role="img">',
        f"  <title>{escaped}</title>",
        f'  <rect width="120" height="80" rx="10" fill="{colour}"/>',
        f'  <text x="60" y="{40 + size * 0.4:.0f}" font-family="system-ui, Arial, sans-serif" '
        f'font-size="{size}" font-weight="700" fill="#ffffff" text-anchor="middle">'
        f"{escaped}</text>",
        "</svg>",
        "",
    ])


def partners_order_line(site: Site, partner_id: str) -> str:
    order = [*site.settings.partners_order]
    if partner_id not in order:
        order.append(partner_id)
    return f"partners_order: {_names(order)}"


# -- writing ----------------------------------------------------------------------------


def _per_language(site: Site, key: str, original: str, stub: str) -> list[NewFile]:
    settings = site.settings
    files = [NewFile(settings.content_dir / settings.default / key, original)]
    files += [NewFile(settings.content_dir / lang / key, stub)
              for lang in settings.languages if lang != settings.default]
    return files


def write_new(files: list[NewFile], display_root: Path,
              hint: str = "choose another name, or edit that file") -> list[Path]:
    """Write every file or none: temp files first, then hard links that never overwrite."""

    def shown(path: Path) -> str:
        try:
            return path.relative_to(display_root).as_posix()
        except ValueError:
            return path.as_posix()

    todo = [f for f in files if not (f.optional and f.path.exists())]
    for new in todo:
        if new.path.exists():
            raise ScaffoldError(f"{shown(new.path)}: file: already exists; nothing was written "
                                f"({hint})")
    temps: list[Path] = []
    placed: list[Path] = []
    try:
        for new in todo:
            new.path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{new.path.name}.", suffix=".tmp",
                                            dir=new.path.parent)
            temps.append(Path(name))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(new.text)
        for new, temp in zip(todo, temps, strict=True):
            try:
                os.link(temp, new.path)  # fails if the file appeared meanwhile
            except FileExistsError:
                raise ScaffoldError(f"{shown(new.path)}: file: already exists; nothing was "
                                    f"written ({hint})") from None
            placed.append(new.path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)
    return [new.path for new in todo]


def replace_file(path: Path, text: str) -> None:
    """Replace a file's content atomically (a temp file renamed over it)."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
        os.chmod(name, path.stat().st_mode & 0o777)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
