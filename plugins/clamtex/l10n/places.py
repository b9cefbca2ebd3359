"""An event's place in one line of words, the country named in the reader's language."""

from __future__ import annotations

from clamtex.content.event_fields import Place
from clamtex.l10n.strings import country_name


def place_line(place: Place, locale: str) -> str:
    """'Acme Hall, Rue X 1, Lyon, France' (each part once, the empty ones left
    out): for a calendar's LOCATION and a page's short form."""
    parts = [place.name, place.address, place.city,
             country_name(place.country, locale) if place.country else ""]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return ", ".join(seen)
