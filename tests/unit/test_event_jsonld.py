"""outputs/jsonld.py: the schema.org Event of an event's page, by shape."""

from __future__ import annotations

import json
from typing import Any

from clamtex.content.event_fields import check_event
from clamtex.outputs.jsonld import event_jsonld

ORG = {"@type": "Organization", "name": "CLAMTEX", "url": "https://clamtex.eu/"}
URL = "https://clamtex.eu/ca/events/2020-03-04-kick-off-meeting/"
TERRASSA = {"name": "Seu d'AEI Tèxtils", "address": "Carrer 1", "city": "Terrassa",
            "country": "ES"}


def jsonld(**meta: Any) -> dict[str, Any]:
    facts, issues = check_event(meta, default_timezone="Europe/Madrid")
    assert facts is not None, issues
    data = event_jsonld(name="Reunió de llançament", url=URL, facts=facts, language="ca",
                        description="Els socis es reuneixen.", organizer=ORG,
                        image=["https://clamtex.eu/assets/x.jpg"])
    json.dumps(data)  # plain JSON values only
    return data


def test_an_all_day_event_in_person() -> None:
    data = jsonld(start="2020-03-04", end="2020-03-05", location=TERRASSA,
                  registration="https://example.org/register")
    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Reunió de llançament",
        "description": "Els socis es reuneixen.",
        "startDate": "2020-03-04",
        "endDate": "2020-03-05",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": "Seu d'AEI Tèxtils",
                     "address": {"@type": "PostalAddress", "streetAddress": "Carrer 1",
                                 "addressLocality": "Terrassa", "addressCountry": "ES"}},
        "image": ["https://clamtex.eu/assets/x.jpg"],
        "organizer": ORG,
        "offers": {"@type": "Offer", "url": "https://example.org/register"},
        "inLanguage": "ca",
        "url": URL,
    }


def test_a_one_day_event_ends_the_day_it_starts() -> None:
    data = jsonld(start="2020-06-30", online=True)
    assert (data["startDate"], data["endDate"]) == ("2020-06-30", "2020-06-30")


def test_an_online_event_is_a_virtual_location() -> None:
    data = jsonld(start="2020-06-30 10:00", end="17:00", online="https://meet.example.org/x")
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/x"}
    assert (data["startDate"], data["endDate"]) == ("2020-06-30T10:00+02:00",
                                                    "2020-06-30T17:00+02:00")
    assert "offers" not in data


def test_a_link_that_is_not_public_is_not_invented() -> None:
    assert jsonld(start="2020-06-30", online=True)["location"] == {
        "@type": "VirtualLocation", "url": URL}


def test_a_hybrid_event_has_both_places() -> None:
    data = jsonld(start="2020-03-04", location=TERRASSA, online="https://meet.example.org/x")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]


def test_statuses() -> None:
    for status, schema in {"cancelled": "EventCancelled", "postponed": "EventPostponed",
                           "moved-online": "EventMovedOnline"}.items():
        data = jsonld(start="2020-03-04", location=TERRASSA, status=status,
                      updated="2020-02-20", online="https://meet.example.org/x")
        assert data["eventStatus"] == "https://schema.org/" + schema
    moved = jsonld(start="2020-03-04", location=TERRASSA, status="moved-online",
                   updated="2020-02-20", online="https://meet.example.org/x")
    assert moved["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert moved["location"]["@type"] == "VirtualLocation", "no longer held at the place"


def test_optional_values_are_left_out_not_empty() -> None:
    facts, _ = check_event({"start": "2020-03-04", "location": {"city": "Terrassa",
                                                                "country": "ES"}},
                           default_timezone="Europe/Madrid")
    assert facts is not None
    data = event_jsonld(name="Kick-off", url=URL, facts=facts, language="en")
    assert not {"description", "organizer", "image", "offers"} & set(data)
    assert data["location"]["name"] == "Terrassa"
    assert data["location"]["address"] == {"@type": "PostalAddress",
                                           "addressLocality": "Terrassa", "addressCountry": "ES"}
