"""schema.org JSON-LD as plain dicts, from plain values: every kind's in this one module
(NewsArticle, Organization, Event, Report/DigitalDocument); the page's `<script>` encodes
it through escaping.script_json.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from clamtex.content.event_fields import EventFacts
from clamtex.l10n.intervals import machine_when

SCHEMA = "https://schema.org/"
EVENT_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled",
                "postponed": "EventPostponed", "moved-online": "EventMovedOnline"}
ATTENDANCE = {"offline": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
              "mixed": "MixedEventAttendanceMode"}


def _place(facts: EventFacts) -> dict[str, Any] | None:
    place = facts.location
    if place is None:
        return None
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if place.address:
        address["streetAddress"] = place.address
    if place.city:
        address["addressLocality"] = place.city
    if place.country:
        address["addressCountry"] = place.country
    found: dict[str, Any] = {"@type": "Place"}
    found["name"] = place.name or place.city
    found["address"] = address
    return found


def _virtual(facts: EventFacts, page_url: str) -> dict[str, Any]:
    # A link that is not public (online: true) is not invented: the event's page stands in,
    # as it tells attendees how to join.
    return {"@type": "VirtualLocation", "url": facts.online or page_url}


def event_jsonld(*, name: str, url: str, facts: EventFacts, language: str,
                 description: str = "", organizer: Mapping[str, Any] | None = None,
                 image: Sequence[str] = ()) -> dict[str, Any]:
    """schema.org Event of one event's page in one language.

    `url` is the page's absolute address, `language` its BCP 47 code (inLanguage),
    `organizer` an Organization dict (e.g. {"@type": "Organization", "name": ...,
    "url": ...}), `image` absolute image URLs. Dates are ISO 8601: a day for an all-day
    event (endDate its last day, inclusive, as schema.org reads it), else a date and time
    with the zone's offset. An event moved online keeps no Place: it is not held there.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": name,
    }
    if description:
        data["description"] = description
    if facts.all_day:
        data["startDate"] = machine_when(facts.first_day)
        data["endDate"] = machine_when(facts.last_day)
    else:
        data["startDate"] = machine_when(facts.start)
        if facts.end is not None:
            data["endDate"] = machine_when(facts.end)
    data["eventStatus"] = SCHEMA + EVENT_STATUS[facts.status]
    data["eventAttendanceMode"] = SCHEMA + ATTENDANCE[facts.attendance]
    where: list[dict[str, Any]] = []
    place = _place(facts)
    if place is not None and facts.status != "moved-online":
        where.append(place)
    if facts.attendance != "offline":
        where.append(_virtual(facts, url))
    data["location"] = where[0] if len(where) == 1 else where
    if image:
        data["image"] = list(image)
    if organizer:
        data["organizer"] = dict(organizer)
    if facts.registration:
        data["offers"] = {"@type": "Offer", "url": facts.registration}
    data["inLanguage"] = language
    data["url"] = url
    return data


# Documents whose type schema.org names a Report (a Report is an Article: reportNumber).
REPORT_TYPES = ("deliverable", "report")


def document_jsonld(*, name: str, url: str, doc_type: str, language: str, published: str,
                    file_url: str, mime: str, size: int, file_language: str,
                    description: str = "", number: str = "",
                    authors: Sequence[Mapping[str, Any]] = (), keywords: Sequence[str] = (),
                    image: Sequence[str] = ()) -> dict[str, Any]:
    """schema.org Report (deliverables, reports) or DigitalDocument of a document's page.

    `url` is the page's absolute address, `language` its BCP 47 code, `published` the
    ISO date, `file_url` the file's absolute address with its MIME type, size in bytes
    and language (`encoding`: a MediaObject), `number` the deliverable's reference
    (reportNumber of a Report, identifier otherwise), `authors` Organization dicts.
    """
    report = doc_type in REPORT_TYPES
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report" if report else "DigitalDocument",
        "name": name,
    }
    if report:
        data["headline"] = name
    if description:
        data["description"] = description
    data["datePublished"] = published
    if number:
        data["reportNumber" if report else "identifier"] = number
    if authors:
        data["author"] = [dict(author) for author in authors]
    if keywords:
        data["keywords"] = list(keywords)
    if image:
        data["image"] = list(image)
    data["encoding"] = {"@type": "MediaObject", "contentUrl": file_url,
                        "encodingFormat": mime, "contentSize": f"{size} B",
                        "inLanguage": file_language}
    data["inLanguage"] = language
    data["url"] = url
    return data


def organization_jsonld(*, name: str, url: str, logo: str = "", legal_name: str = "",
                        alternate_name: str = "", description: str = "",
                        address: Mapping[str, str] | None = None,
                        same_as: Sequence[str] = (), email: str = "",
                        context: bool = False) -> dict[str, Any]:
    """schema.org Organization: a partner profile's (`context`: as a page's own item), or
    a publisher or organizer inside another item. `address`: PostalAddress fields
    (addressCountry, addressRegion, addressLocality); empty values are left out."""
    data: dict[str, Any] = {"@context": "https://schema.org"} if context else {}
    data.update({"@type": "Organization", "name": name, "url": url})
    if logo:
        data["logo"] = logo if context else {"@type": "ImageObject", "url": logo}
    if address:
        data["address"] = {"@type": "PostalAddress",
                           **{key: value for key, value in address.items() if value}}
    if legal_name:
        data["legalName"] = legal_name
    if alternate_name:
        data["alternateName"] = alternate_name
    if description:
        data["description"] = description
    if same_as:
        data["sameAs"] = list(same_as)
    if email:
        data["email"] = email
    return data


def news_article_jsonld(*, headline: str, description: str, published: str, language: str,
                        url: str, image: Sequence[str], publisher: Mapping[str, Any]
                        ) -> dict[str, Any]:
    """schema.org NewsArticle of a news page; the publisher is the project (mkdocs.yml)."""
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "description": description,
        "datePublished": published,
        "inLanguage": language,
        "image": list(image),
        "url": url,
        "mainEntityOfPage": url,
        "publisher": dict(publisher),
    }
