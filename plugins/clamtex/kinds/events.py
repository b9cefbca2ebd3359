"""Events: content/<lang>/events/YYYY-MM-DD-slug.md (the day first announced), their
pages, the events page (upcoming soonest first, past by year), the home page's and the
partners' upcoming events, and the calendars (.ics) of each event and each language.

What an event's front matter holds and how it is checked is content/event_fields.py;
how its dates read in each language, l10n/intervals.py; its calendars and JSON-LD,
outputs/calendars.py and outputs/jsonld.py. This module wires them into one kind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from clamtex.content import event_fields, schedule
from clamtex.content.event_fields import EVENT_FIELDS, STATUSES, EventFacts, Place, time_zones
from clamtex.content.focus import FIX as FOCUS_FIX
from clamtex.content.focus import check_focus
from clamtex.content.frontmatter import SourceFile
from clamtex.content.model import (
    SOURCE_HASH,
    STUB,
    SUMMARY,
    TITLE,
    Entry,
    FieldSpec,
    Loader,
    Site,
    Text,
    _bool,
    _image_path,
    _list_of_text,
    _text,
    plain_text,
)
from clamtex.kinds.base import ContentKind
from clamtex.l10n.intervals import event_machine, event_when
from clamtex.l10n.places import place_line
from clamtex.outputs.calendars import CalendarEvent, event_calendar, event_uid, language_calendar
from clamtex.outputs.cms import COUNTRIES, CmsCollection
from clamtex.outputs.jsonld import event_jsonld, organization_jsonld
from clamtex.outputs.seo import script_json
from clamtex.structure.listings import Listing
from clamtex.structure.pictures import Picture
from clamtex.structure.views import Link, PageView, ViewFactory

FOLDER = "events"
INDEX = f"{FOLDER}/index.md"
CALENDAR = "calendar.ics"  # a language's calendar, in its events folder
EVENT_CALENDAR = "event.ics"  # an event's, in its page's folder
DEFAULT_TIMEZONE = "Europe/Madrid"
HOME_EVENTS = 3  # upcoming events on the home page

# The location's name and address may be said in each language; its city and country are
# facts of the original (a translation that gives them is told so).
LOCATION = dataclasses.replace(
    next(spec for spec in EVENT_FIELDS if spec.name == "location"), shared=False,
    translation_check=event_fields.check_translated_location)
FIELDS: tuple[FieldSpec, ...] = (
    TITLE,
    SUMMARY,
    *(LOCATION if spec.name == "location" else spec for spec in EVENT_FIELDS),
    FieldSpec("partners", _list_of_text, "write e.g. partners: [acme, northlab]",
              shared=True),
    FieldSpec("tags", _list_of_text, "write e.g. tags: [project-meetings]", shared=True),
    FieldSpec("image", _image_path, "write the image's path, e.g. assets/images/events/x.jpg",
              shared=True),
    FieldSpec("image_alt", _text, "describe the image in a short sentence"),
    FieldSpec("image_focus", check_focus, FOCUS_FIX, shared=True),
    FieldSpec("draft", _bool, "write draft: true or draft: false", shared=True),
    STUB,
    SOURCE_HASH,
)


@dataclass
class EventItem(Entry):
    date: dt.date = dt.date.min  # the day in the file name
    slug: str = ""
    facts: EventFacts | None = None
    tags: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    image: str = ""
    image_focus: str = "center"
    draft: bool = False
    places: dict[str, Place] = dataclasses.field(default_factory=dict)  # lang -> its words

    def state(self, today: dt.date) -> schedule.State:
        # An event to come is announced (that is what events are for): never scheduled.
        return schedule.State.DRAFT if self.draft else schedule.State.PUBLISHED

    def pictures(self) -> tuple[tuple[str, str, str, str], ...]:
        return (("image", self.image, "photo", self.image_focus),) if self.image else ()

    def lastmod(self) -> dt.date | None:
        updated = self.facts.updated if self.facts else None
        return updated.date() if updated else None

    def place(self, lang: str) -> Place | None:
        """The location in `lang`'s words (a translation's name and address)."""
        assert self.facts is not None
        base = self.facts.location
        own = self.places.get(lang)
        if base is None or own is None:
            return base
        return dataclasses.replace(base, name=own.name or base.name,
                                   address=own.address or base.address)


@dataclass(frozen=True)
class EventCard:
    """An event as its page, the events page, the home page and a partner's page show it."""

    key: str
    url: str
    title: str
    summary: str
    when: str  # e.g. "4-5 March 2020", "30 June 2020, 10:00-13:30 CEST" (CLDR dashes)
    start_iso: str
    end_iso: str | None
    place: str  # "Lyon, France" in the page's language
    online: str | None  # the link; "" when held online without a public link
    registration: str
    status: str  # scheduled | cancelled | postponed | moved-online
    status_text: str  # '' when scheduled
    upcoming: bool
    year: int
    calendar: str  # the event's .ics, site-root-relative
    tags: tuple[Link, ...]
    partners: tuple[Link, ...]
    image: Picture | None
    figure: Picture | None
    image_alt: str
    translated: bool
    content_lang: str


class Events(ContentKind):
    name = "event"
    fields = FIELDS
    templates: ClassVar[Mapping[str, str]] = {"event": "clamtex/event.html",
                                              "events": "clamtex/events.html"}
    full_width = frozenset({"events"})
    searchable = frozenset({"event"})
    follows_show_untranslated = True  # as news
    index_key = INDEX  # the events page
    collection = "events"

    @property
    def timezone(self) -> str:
        return str(getattr(self.options, "timezone", "") or DEFAULT_TIMEZONE)

    def claims(self, key: str) -> bool:
        parts = PurePosixPath(key).parts
        return len(parts) == 2 and parts[0] == FOLDER and parts[1] != "index.md"

    def reserved(self, dest: str) -> str | None:
        if dest == f"{FOLDER}/index.html":
            return "the events page"
        if dest == f"{FOLDER}/{CALENDAR}":
            return "the calendar of events"
        if dest.startswith(f"{FOLDER}/") and dest.endswith(f"/{EVENT_CALENDAR}"):
            return "an event's calendar file"
        return None

    # -- content ---------------------------------------------------------------------

    def load(self, loader: Loader, key: str, source: SourceFile,
             fields: dict[str, Any]) -> Entry | None:
        start = source.meta.get("start")
        named = loader.check_dated_name(source, "event", str(start)[:10] if start else None)
        if named is None:
            return None
        day, slug = named
        facts, problems = event_fields.event_problems(
            source, default_timezone=self.timezone, file_day=dt.date.fromisoformat(day))
        reported = {(p.field, p.line) for p in loader.problems if p.file == source.display}
        loader.problems.extend(p for p in problems if (p.field, p.line) not in reported)
        item = EventItem(key=key, default=source.lang, date=dt.date.fromisoformat(day),
                         slug=slug, facts=facts, tags=tuple(fields.get("tags", ())),
                         partners=tuple(fields.get("partners", ())),
                         image=fields.get("image", ""),
                         image_focus=fields.get("image_focus", "center"),
                         draft=fields.get("draft", False))
        loader.check_named(source, fields, item.tags, item.partners, item.image)
        if facts is None or "title" not in fields:
            return None
        item.texts[source.lang] = Text(source.lang, source, fields["title"],
                                       fields.get("summary", ""), fields.get("image_alt", ""))
        return item

    def translation(self, loader: Loader, entry: Entry, source: SourceFile,
                    fields: dict[str, Any]) -> Text:
        assert isinstance(entry, EventItem)
        if isinstance(fields.get("location"), dict):  # checked: its name and address only
            entry.places[source.lang] = Place(**{
                k: str(v) for k, v in fields["location"].items()
                if k in event_fields.TRANSLATED_LOCATION_KEYS})
        if entry.image and "image_alt" not in source.meta:
            loader.problem(source, "image_alt", "missing: the translated text alternative",
                           "add image_alt: the image's description in this language")
        return plain_text(entry, source, fields)

    def finish(self, loader: Loader) -> None:
        items = loader.site.items[self.name]
        items.sort(key=lambda item: (self.facts(item).first_day, item.key))

    @staticmethod
    def facts(entry: Entry) -> EventFacts:
        assert isinstance(entry, EventItem) and entry.facts is not None
        return entry.facts

    def coming(self, site: Site) -> list[tuple[dt.date, str, Entry, bool]]:
        """Events not over yet (published: the events page announces them)."""
        today = site.settings.today
        return [(self.facts(entry).first_day, "start", entry, False)
                for entry in site.items.get(self.name, ())
                if site.is_published(entry) and self.facts(entry).last_day >= today]

    # -- editors' tools ----------------------------------------------------------------

    def cms_collection(self, site: Site) -> CmsCollection:
        """The events in the browser CMS. A day or a day and time is one text field with
        the pattern check accepts (Sveltia's date picker has a time or none, never
        either); the end is a day or a day and time there (a time alone, 13:30, would be
        written back unquoted, which YAML reads as a number). `online` is the link:
        `online: true` (held online, no public link) is written in the file."""
        when = {"widget": "string", "pattern": [
            r"^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2})?$",
            "Write a day, 2020-03-04, or a day and a time, 2020-03-04 10:00"]}
        link = {"widget": "string", "type": "url",
                "pattern": [r"^https?://[^\s/]+\.\S+$", "Write the full address, https://..."]}
        translated = {"widget": "string", "required": False, "i18n": True}
        shared = {"required": False, "i18n": False}
        return CmsCollection("Events", {
            "label_singular": "Event",
            "folder": f"content/{{{{locale}}}}/{FOLDER}", "create": True,
            "extension": "md", "format": "frontmatter", "i18n": True,
            "identifier_field": "title",
            # The file-name rule: the start day, then the title (Loader.check_dated_name).
            "slug": "{{fields.start | date('YYYY-MM-DD')}}-{{title}}",
            "filter": {"field": "start", "pattern": r"^\d{4}-\d{2}-\d{2}"},
            "summary": "{{fields.start}} · {{title}}",
            "sortable_fields": ["start", "title"]}, widgets={
            "start": when, "end": when, "updated": when,
            "timezone": {"widget": "select", "default": self.timezone,
                         "options": sorted(time_zones())},
            # Sveltia keeps a subfield with i18n: false in the default language only: the
            # city and country are the original's, name and address may be translated.
            "location": {"widget": "object", "collapsed": False, "fields": [
                {"name": "name", "label": "Venue", **translated},
                {"name": "address", "label": "Address", **translated},
                {"name": "city", "label": "City", "widget": "string", **shared},
                {"name": "country", "label": "Country", "widget": "select",
                 "options": COUNTRIES, **shared}]},
            # The link, or true: held online, the link not public (written "true").
            "online": {"widget": "string", "pattern": [
                r"^(https?://[^\s/]+\.\S+|true)$",
                "Write the full address, https://..., or true when the link is not public"]},
            "registration": link,
            "status": {"widget": "select", "options": list(STATUSES), "default": "scheduled"},
        })


    @staticmethod
    def new_entry(title: str, summary: str, body: str, meta: Mapping[str, Any],
                  partners: tuple[str, ...], tags: tuple[str, ...]) -> tuple[str, str]:
        """What `clamtex new event` writes (commands/scaffold.py) at events/<start
        day>-<slug>.md: the original (front matter and `body`) and a translation stub's
        front matter (only the translated fields). `meta` holds the shared fields, already
        checked by event_fields.check_event: start, end, timezone, location (name, city,
        country), online."""

        def quote(text: str) -> str:  # a YAML double-quoted scalar (JSON strings are YAML)
            return json.dumps(text, ensure_ascii=False)

        lines = ["---", f"title: {quote(title)}", f"summary: {quote(summary)}",
                 f"start: {meta['start']}"]
        lines += [f"{name}: {meta[name]}" for name in ("end", "timezone") if name in meta]
        if "location" in meta:
            place = meta["location"]
            lines += ["location:", f"  name: {quote(place['name'])}",
                      "  # address: \"Street and number\"   (uncomment and correct)",
                      f"  city: {quote(place['city'])}", f"  country: {place['country']}"]
        if "online" in meta:
            lines.append(f"online: {meta['online']}")
        lines += ["# registration: https://example.org/register   (uncomment and correct)",
                  "status: scheduled", f"partners: [{', '.join(partners)}]",
                  f"tags: [{', '.join(tags)}]", "---", "", body, ""]
        stub = ["---", f"title: {quote(title)}", f"summary: {quote(summary)}", "stub: true",
                "---", ""]
        return "\n".join(lines), "\n".join(stub)

    # -- structure -------------------------------------------------------------------

    # -- views -----------------------------------------------------------------------

    def card(self, views: ViewFactory, entry: Entry) -> EventCard:
        """The event's card in the factory's language (made once per language)."""
        return self.memo(views, entry, lambda: self._make_card(views, entry))

    def _make_card(self, views: ViewFactory, entry: Entry) -> EventCard:
        assert isinstance(entry, EventItem)
        facts = self.facts(entry)
        text = entry.text(views.lang)
        place = entry.place(text.lang if entry.is_translated(views.lang) else entry.default)
        start_iso, end_iso = event_machine(facts)
        url = views.plan.url(views.lang, entry.key)
        site = views.plan.site
        status = "" if facts.status == "scheduled" else views.t(
            f"ui.event_status_{facts.status.replace('-', '_')}")
        return EventCard(
            key=entry.key, url=url, title=text.title, summary=text.summary,
            when=event_when(facts, views.locale), start_iso=start_iso, end_iso=end_iso,
            place=place_line(place, views.locale) if place else "",
            online=facts.online, registration=facts.registration or "",
            status=facts.status, status_text=status,
            upcoming=facts.last_day >= site.settings.today, year=facts.first_day.year,
            calendar=url + EVENT_CALENDAR,
            tags=tuple(views.tag_link(tag) for tag in entry.tags),
            partners=tuple(Link(site.partners[p].name, views.plan.url(views.lang,
                                                                      site.partners[p].key))
                           for p in entry.partners if p in site.partners),
            image=views.picture(entry.image, text.image_alt, "card", entry.image_focus),
            figure=views.picture(entry.image, text.image_alt, "article", entry.image_focus),
            image_alt=text.image_alt, translated=entry.is_translated(views.lang),
            content_lang=text.lang)

    def page_view(self, views: ViewFactory, entry: Entry) -> PageView:
        view = views.base("event", entry.key)
        card = self.card(views, entry)
        view.extra["event"] = card
        view.extra["events_index"] = views.plan.url(views.lang, INDEX)
        data = event_jsonld(
            name=card.title, url=view.canonical, facts=self.facts(entry),
            language=card.content_lang, description=card.summary,
            image=[views.absolute(card.figure.src)] if card.figure else [])
        if card.partners:  # the partners who hold it
            data["organizer"] = [organization_jsonld(name=link.text, url=views.absolute(link.url))
                                 for link in card.partners]
        view.extra["event_json"] = script_json(data)
        return view

    def listing_view(self, views: ViewFactory, listing: Listing) -> PageView:
        view = views.base("events", listing.key)
        view.listing = listing
        view.listing_title = views.t("ui.events")
        cards = [self.card(views, entry) for entry in listing.items]
        upcoming = [card for card in cards if card.upcoming]  # soonest first
        past: dict[int, list[EventCard]] = {}
        for card in reversed([card for card in cards if not card.upcoming]):  # newest first
            past.setdefault(card.year, []).append(card)
        view.extra["upcoming_events"] = upcoming
        view.extra["past_events"] = list(past.items())
        view.extra["calendar"] = self.calendar_links(views)
        return view

    def extend(self, views: ViewFactory, view: PageView) -> None:
        shown = views.plan.by_lang[views.lang].shown.get(self.name, [])
        if shown:  # every page's footer links the language's calendar
            view.extra["footer_calendar"] = self.calendar_links(views)["path"]
        if view.kind == "home":
            upcoming = [card for card in (self.card(views, e) for e in shown) if card.upcoming]
            view.extra["upcoming_events"] = upcoming[:HOME_EVENTS]
            view.extra["events_index"] = views.plan.url(views.lang, INDEX) if shown else ""
        elif view.kind == "partner" and view.partner is not None:
            partner_id = view.partner.id
            cards = [self.card(views, e) for e in shown
                     if isinstance(e, EventItem) and partner_id in e.partners]
            view.extra["partner_events"] = ([c for c in cards if c.upcoming]
                                            + [c for c in reversed(cards) if not c.upcoming])

    def calendar_links(self, views: ViewFactory) -> dict[str, str]:
        """The language's calendar: https and webcal:// (subscribe) addresses."""
        path = views.plan.languages.prefix(views.lang) + f"{FOLDER}/{CALENDAR}"
        https = views.absolute(path)
        return {"path": path, "https": https,
                "webcal": "webcal://" + https.split("://", 1)[1] if "://" in https else ""}

    # -- outputs ---------------------------------------------------------------------

    def write(self, site_dir: Path, views: ViewFactory) -> None:
        """Each event's event.ics and the language's calendar.ics."""
        shown = views.plan.by_lang[views.lang].shown.get(self.name, [])
        if not shown:
            return
        prodid = f"-//clamtex//events//{views.lang.upper()}"
        site_url = views.site_url
        events = []
        for entry in shown:
            card = self.card(views, entry)
            event = CalendarEvent(
                uid=event_uid(entry.key, site_url), title=card.title,
                url=views.absolute(card.url), facts=self.facts(entry),
                description=card.summary, location=card.place or (card.online or ""))
            events.append(event)
            target = site_dir / card.calendar
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(event_calendar(event, prodid=prodid))
        calendar = site_dir / self.calendar_links(views)["path"]
        calendar.parent.mkdir(parents=True, exist_ok=True)
        calendar.write_bytes(language_calendar(events, name=views.t("ui.events_calendar"),
                                               prodid=prodid))
