"""Image budgets in Chromium: the bytes of the images a page really loads, with a real
18-megapixel, 16 MB photograph as a news item's image (tests/photos.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import ServedSite, serve
from playwright.sync_api import Browser

from photos import ITEM_URL, photo_site, real_photo
from support import build_site

pytestmark = pytest.mark.browser
KB = 1000
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1}
IMAGE_TYPES = ("image/webp", "image/jpeg", "image/png", "image/gif", "image/avif",
               "image/svg+xml")


@pytest.fixture(scope="module")
def photo_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    assert real_photo().stat().st_size >= 5_000_000
    project = photo_site(tmp_path_factory.mktemp("photo-site"))
    site = build_site(project)
    server, origin = serve(site.root, site.root)
    yield ServedSite(site.root, origin)
    server.shutdown()


def load(browser: Browser, url: str, context_args: dict[str, Any]) -> tuple[int, list[Any]]:
    """(bytes of every image response, what each <img> shows) of a page loaded without
    scrolling; lazy images below the fold load only if Chromium decides they are near."""
    context = browser.new_context(**context_args)
    page = context.new_page()
    sizes: dict[str, int] = {}

    def on_response(response: Any) -> None:
        kind = (response.headers.get("content-type") or "").split(";")[0]
        if kind in IMAGE_TYPES:
            sizes[response.url] = len(response.body())

    page.on("response", on_response)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)  # lazy images Chromium chose to fetch
    shown = page.evaluate("""() => [...document.images].filter(i => i.complete && i.currentSrc)
        .map(i => ({src: i.currentSrc, w: i.getBoundingClientRect().width,
                    h: i.getBoundingClientRect().height, nw: i.naturalWidth,
                    nh: i.naturalHeight, fit: getComputedStyle(i).objectFit}))""")
    context.close()
    return sum(sizes.values()), shown


def oversized(shown: list[dict[str, Any]], ratio: float) -> list[str]:
    """Raster images served with more than twice the pixels their box and the DPR need."""
    found = []
    for image in shown:
        if image["src"].endswith(".svg") or not image["w"]:
            continue
        needed = image["w"] * image["h"] * ratio * ratio
        served = image["nw"] * image["nh"]
        if served > 2 * needed:
            found.append(f"{Path(image['src']).name}: {image['nw']}x{image['nh']} for "
                         f"{image['w']:.0f}x{image['h']:.0f} CSS px at DPR {ratio}")
    return found


@pytest.mark.parametrize(("name", "context", "budget"),
                         [("phone", PHONE, 250 * KB), ("desktop", DESKTOP, 250 * KB)])
def test_news_item_images_within_budget(browser: Browser, photo_served: ServedSite,
                                        name: str, context: dict[str, Any],
                                        budget: int) -> None:
    total, shown = load(browser, photo_served.url(ITEM_URL), context)
    assert any("elephants" in image["src"] for image in shown), shown
    assert total <= budget, f"{name}: {total / KB:.0f} KB of images (budget {budget / KB:.0f})"
    assert not oversized(shown, context["device_scale_factor"])


def test_home_page_above_the_fold_within_budget(browser: Browser,
                                                photo_served: ServedSite) -> None:
    total, shown = load(browser, photo_served.url(""), PHONE)
    assert total <= 300 * KB, f"home: {total / KB:.0f} KB of images without scrolling"
    assert not oversized(shown, 3)


@pytest.mark.parametrize("width", [390, 720, 1000, 1280, 1600])
def test_no_place_is_served_twice_the_pixels_it_needs(browser: Browser,
                                                      photo_served: ServedSite,
                                                      width: int) -> None:
    """Each place's `sizes` matches its CSS: at several widths and DPRs, article, body
    image, home and list cards get a file with at most twice the pixels they need."""
    for ratio in (1, 2):
        context = {"viewport": {"width": width, "height": 3000}, "device_scale_factor": ratio}
        for path in (ITEM_URL, "", "news/"):
            _, shown = load(browser, photo_served.url(path), context)
            assert any("elephants" in image["src"] for image in shown), (path, shown)
            assert not oversized(shown, ratio), (width, ratio, path)
