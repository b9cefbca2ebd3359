"""SVG is code: an SVG passes through only if it cannot run anything or fetch anything."""

from __future__ import annotations

import re

from lxml import etree

ON_HOSTS = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
CSS_FETCH = re.compile(r"@import|url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
FIX = "remove it in an editor (Inkscape: Save As plain SVG), or export the image as PNG"
_NUMBER = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")


def _local(name: object) -> str:
    return etree.QName(name).localname if isinstance(name, str) else ""


def problems(data: bytes) -> list[str]:
    """What makes an SVG unsafe to publish (empty: it is safe)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [f"is not a valid SVG file ({exc})"]
    found: list[str] = []
    doctype = root.getroottree().docinfo.internalDTD
    if doctype is not None and list(doctype.iterentities()):
        found.append("declares XML entities")
    if _local(root.tag) != "svg":
        found.append("is not an SVG image")
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "script":
            found.append("holds a <script>")
        elif tag == "foreignObject":
            found.append("holds a <foreignObject> (HTML inside the image)")
        elif tag == "style" and CSS_FETCH.search(element.text or ""):
            found.append("has a style that loads a file from another address")
        for name, value in element.attrib.items():
            local = _local(name).lower()
            if local.startswith("on"):
                found.append(f"has an event handler ({local}=)")
            elif local == "href" and not value.startswith("#") and (
                    ON_HOSTS.match(value) and not value.lower().startswith("data:image/")):
                found.append(f"refers to another address ({value[:60]})")
            elif local == "style" and CSS_FETCH.search(value):
                found.append("has a style that loads a file from another address")
    return list(dict.fromkeys(found))


def size(data: bytes) -> tuple[int, int] | None:
    """The SVG's width and height in CSS pixels, from its attributes or its viewBox."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    width, height = (_NUMBER.match(root.get(k) or "") for k in ("width", "height"))
    if width and height:
        return round(float(width[1])), round(float(height[1]))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        w, h = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return None
    return (round(w), round(h)) if w > 0 and h > 0 else None
