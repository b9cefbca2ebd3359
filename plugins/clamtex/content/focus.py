"""`image_focus`: where the subject of a photo is, for crops (cards, social previews)."""

from __future__ import annotations

import re

WORDS = {"center": (0.5, 0.5), "centre": (0.5, 0.5), "top": (0.5, 0.0),
         "bottom": (0.5, 1.0), "left": (0.0, 0.5), "right": (1.0, 0.5)}
_PERCENTAGES = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)%?\s*,\s*(\d{1,3}(?:\.\d+)?)%?\s*$")
FIX = "write center, top, bottom, left, right, or x%,y% from the top left, e.g. 30%,20%"


def parse_focus(value: object) -> tuple[float, float] | None:
    """(x, y) between 0 and 1 of a focus value; None when it is not one."""
    if not isinstance(value, str):
        return None
    word = WORDS.get(value.strip().lower())
    if word is not None:
        return word
    match = _PERCENTAGES.match(value)
    if match is None:
        return None
    x, y = float(match[1]), float(match[2])
    if x > 100 or y > 100:
        return None
    return x / 100, y / 100


def check_focus(value: object) -> str | None:
    return None if parse_focus(value) is not None else f"'{value}' is not a focus point"
