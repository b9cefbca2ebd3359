"""The EU emblem is never smaller than a logo shown with it, as the browser renders them.

The EU's rule for funded projects: the emblem is at least as large as any other logo on
the page. Sizes are the rendered boxes (CSS decides them, not the width/height attributes),
compared with no slack beyond a pixel of rounding.
"""

from __future__ import annotations

import pytest
from browsing import ServedSite, page_path
from playwright.sync_api import Page

from support import LANGUAGES

pytestmark = pytest.mark.browser
EMBLEMS = ".clamtex-funding__emblem, .clamtex-hero__emblem"
# Every logo a page can show: partners' (cards and profile) and the site's own (header).
LOGOS = ".clamtex-partner-card__logo, .clamtex-partner__logo, .md-header .md-logo img"
ROUNDING = 1.0  # px

BOXES_JS = """([emblems, logos]) => {
  const box = (el) => { const r = el.getBoundingClientRect();
    return {what: el.className || el.alt, width: r.width, height: r.height}; };
  const shown = (el) => {
    const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  return [[...document.querySelectorAll(emblems)].filter(shown).map(box),
          [...document.querySelectorAll(logos)].filter(shown).map(box)];
}"""


@pytest.mark.parametrize("page_type", ["home", "partners", "partner"])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_no_logo_is_larger_than_the_emblem(served_site: ServedSite, tabs: dict[str, Page],
                                           width: str, lang: str, page_type: str) -> None:
    tab = tabs[width]
    tab.goto(served_site.url(page_path(served_site.built, lang, page_type)))
    tab.wait_for_load_state("load")
    emblems, logos = tab.evaluate(BOXES_JS, [EMBLEMS, LOGOS])
    assert emblems, "no EU emblem rendered"
    assert [logo for logo in logos if "partner" in logo["what"]], "no partner logo rendered"
    largest = max(emblems, key=lambda box: box["width"] * box["height"])
    larger = [logo for logo in logos
              if logo["width"] > largest["width"] + ROUNDING
              or logo["height"] > largest["height"] + ROUNDING]
    assert not larger, f"larger than the emblem ({largest}): {larger}"
