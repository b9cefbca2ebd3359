"""The EU emblem (flag) as standalone SVG, drawn to the public geometric specification."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

STAR_COUNT = 12
EU_BLUE = "#003399"  # Reflex Blue
EU_YELLOW = "#FFCC00"
BORDER_WHITE = "#FFFFFF"

WIDTH_RATIO = 1.5  # flag width / flag height
CIRCLE_RATIO = 1 / 3  # radius of the circle of stars / flag height
STAR_RATIO = 1 / 18  # radius of the circle each star is inscribed in / flag height
BORDER_RATIO = 1 / 25  # white border width / flag height
INNER_RATIO = math.sin(math.radians(18)) / math.sin(math.radians(54))  # regular pentagram


def _num(value: float) -> str:
    """Format a coordinate rounded to 3 decimals, without trailing zeros or '-0'."""
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _star_points(cx: float, cy: float, radius: float) -> str:
    """Ten vertices of an upright five-pointed star, clockwise from the top point."""
    inner = radius * INNER_RATIO
    points = []
    for i in range(10):
        angle = math.radians(36 * i)
        r = radius if i % 2 == 0 else inner
        points.append(f"{_num(cx + r * math.sin(angle))},{_num(cy - r * math.cos(angle))}")
    return " ".join(points)


def _flag(height: float) -> list[str]:
    """The flag's elements (rectangle and stars), in flag units with the origin top-left."""
    width = height * WIDTH_RATIO
    cx, cy = width / 2, height / 2
    ring, star = height * CIRCLE_RATIO, height * STAR_RATIO
    parts = [f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="{EU_BLUE}"/>']
    for hour in range(STAR_COUNT):
        angle = math.radians(360 / STAR_COUNT * hour)
        points = _star_points(cx + ring * math.sin(angle), cy - ring * math.cos(angle), star)
        parts.append(f'<polygon fill="{EU_YELLOW}" points="{points}"/>')
    return parts


def emblem_svg(*, bordered: bool = False, height: float = 200.0, title: str | None = None) -> str:
    """Return the EU emblem as an SVG document; ``height`` is the flag's height.

    With ``bordered`` (for dark or coloured backgrounds) a white border of height/25 surrounds
    the unchanged flag, so the document grows by 2*height/25 each way; the viewBox then starts
    at (-border, -border) so the flag keeps its own coordinates.
    """
    if not (math.isfinite(height) and height > 0):
        raise ValueError(f"height must be a positive number, not {height!r}")
    width = height * WIDTH_RATIO
    margin = height * BORDER_RATIO if bordered else 0.0
    total_w, total_h = width + 2 * margin, height + 2 * margin
    origin = _num(-margin)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img"'
        f' width="{_num(total_w)}" height="{_num(total_h)}"'
        f' viewBox="{origin} {origin} {_num(total_w)} {_num(total_h)}">'
    )
    body = [head]
    if title is not None:
        body.append(f"<title>{escape(title)}</title>")
    if bordered:
        body.append(
            f'<rect x="{origin}" y="{origin}" width="{_num(total_w)}" height="{_num(total_h)}"'
            f' fill="{BORDER_WHITE}"/>'
        )
    body.extend(_flag(height))
    body.append("</svg>")
    return "\n".join(body) + "\n"
