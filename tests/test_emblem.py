"""Tests for the EU emblem SVG: geometry and colours are checked on the produced document."""

from __future__ import annotations

import math

import pytest
from lxml import etree

from clamtex.outputs.emblem import STAR_COUNT, emblem_svg

SVG = "{http://www.w3.org/2000/svg}"
HEIGHTS = [18.0, 100.0, 200.0, 333.3]
TOL = 0.01


def _parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode("utf-8"))


def _points(polygon: etree._Element) -> list[tuple[float, float]]:
    pairs = polygon.get("points").split()
    return [(float(x), float(y)) for x, y in (p.split(",") for p in pairs)]


def _stars(root: etree._Element) -> list[list[tuple[float, float]]]:
    return [_points(p) for p in root.iter(f"{SVG}polygon")]


def _rects(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(f"{SVG}rect"))


def _centroid(star: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(x for x, _ in star) / len(star), sum(y for _, y in star) / len(star)


def _flag_rect(root: etree._Element) -> etree._Element:
    (rect,) = [r for r in _rects(root) if r.get("fill").upper() == "#003399"]
    return rect


@pytest.mark.parametrize("h", HEIGHTS)
def test_document_basics(h: float) -> None:
    root = _parse(emblem_svg(height=h))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is None
    width, height = float(root.get("width")), float(root.get("height"))
    assert width / height == pytest.approx(1.5, abs=1e-4)
    assert height == pytest.approx(h, abs=1e-3)
    x, y, vw, vh = map(float, root.get("viewBox").split())
    assert (x, y) == (0, 0)
    assert vw / vh == pytest.approx(1.5, abs=1e-4)


@pytest.mark.parametrize("h", HEIGHTS)
def test_blue_rectangle(h: float) -> None:
    root = _parse(emblem_svg(height=h))
    rect = _flag_rect(root)
    assert float(rect.get("x")) == 0 and float(rect.get("y")) == 0
    assert float(rect.get("height")) == pytest.approx(h, abs=1e-3)
    assert float(rect.get("width")) / float(rect.get("height")) == pytest.approx(1.5, abs=1e-4)
    assert len(_rects(root)) == 1


@pytest.mark.parametrize("h", HEIGHTS)
def test_twelve_yellow_stars_on_the_clock(h: float) -> None:
    root = _parse(emblem_svg(height=h))
    polygons = list(root.iter(f"{SVG}polygon"))
    assert STAR_COUNT == 12
    assert len(polygons) == 12
    assert all(p.get("fill").upper() == "#FFCC00" for p in polygons)
    fx, fy = 1.5 * h / 2, h / 2
    hours = set()
    for star in _stars(root):
        assert len(star) == 10
        sx, sy = _centroid(star)
        assert math.hypot(sx - fx, sy - fy) == pytest.approx(h / 3, abs=TOL)
        # Clockwise angle from "straight up", in degrees.
        angle = math.degrees(math.atan2(sx - fx, fy - sy)) % 360
        hour = round(angle / 30) % 12
        assert abs((angle - 30 * hour + 180) % 360 - 180) < 0.05
        hours.add(hour)
        if hour == 0:
            assert sx == pytest.approx(fx, abs=TOL) and sy < fy
    assert hours == set(range(12))


@pytest.mark.parametrize("h", HEIGHTS)
def test_star_shape_upright_and_inscribed(h: float) -> None:
    outer_r = h / 18
    inner_r = outer_r * math.sin(math.radians(18)) / math.sin(math.radians(54))
    for star in _stars(_parse(emblem_svg(height=h))):
        cx, cy = _centroid(star)
        dists = sorted(math.hypot(x - cx, y - cy) for x, y in star)
        assert dists[:5] == pytest.approx([inner_r] * 5, abs=TOL)
        assert dists[5:] == pytest.approx([outer_r] * 5, abs=TOL)
        top_x, top_y = min(star, key=lambda p: p[1])
        assert top_x == pytest.approx(cx, abs=TOL)
        assert cy - top_y == pytest.approx(outer_r, abs=TOL)
        # Outer and inner vertices alternate around the star.
        radii = [math.hypot(x - cx, y - cy) for x, y in star]
        kinds = [r > (outer_r + inner_r) / 2 for r in radii]
        assert all(kinds[i] != kinds[i - 1] for i in range(10))


@pytest.mark.parametrize("h", HEIGHTS)
def test_bordered_variant(h: float) -> None:
    plain = _parse(emblem_svg(height=h))
    root = _parse(emblem_svg(height=h, bordered=True))
    b = h / 25
    width, height = float(root.get("width")), float(root.get("height"))
    assert width == pytest.approx(1.5 * h + 2 * b, abs=2e-3)
    assert height == pytest.approx(h + 2 * b, abs=2e-3)
    vx, vy, vw, vh = map(float, root.get("viewBox").split())
    assert vw / vh == pytest.approx(width / height, abs=1e-4)
    (white,) = [r for r in _rects(root) if r.get("fill").upper() == "#FFFFFF"]
    wx, wy = float(white.get("x")), float(white.get("y"))
    ww, wh = float(white.get("width")), float(white.get("height"))
    assert (wx, wy, ww, wh) == pytest.approx((vx, vy, vw, vh), abs=1e-3)
    flag = _flag_rect(root)
    fx, fy = float(flag.get("x")), float(flag.get("y"))
    fw, fh = float(flag.get("width")), float(flag.get("height"))
    margins = [fx - wx, fy - wy, (wx + ww) - (fx + fw), (wy + wh) - (fy + fh)]
    assert margins == pytest.approx([b] * 4, abs=2e-3)
    # The white border is drawn beneath the flag.
    assert list(root).index(white) < list(root).index(flag)

    def flag_parts(tree: etree._Element) -> list[bytes]:
        parts = [_flag_rect(tree), *tree.iter(f"{SVG}polygon")]
        return [etree.tostring(p) for p in parts]

    assert flag_parts(root) == flag_parts(plain)


@pytest.mark.parametrize("title", ['Co-funded by <the> EU & "friends"', "a<&>b", "Unió Europea"])
def test_title_is_escaped(title: str) -> None:
    for bordered in (False, True):
        root = _parse(emblem_svg(title=title, bordered=bordered))
        titles = root.findall(f"{SVG}title")
        assert [t.text for t in titles] == [title]
        assert root[0] is titles[0]


def test_deterministic() -> None:
    assert emblem_svg() == emblem_svg()
    assert emblem_svg(bordered=True, title="x") == emblem_svg(bordered=True, title="x")


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_rejects_bad_height(bad: float) -> None:
    with pytest.raises(ValueError):
        emblem_svg(height=bad)
