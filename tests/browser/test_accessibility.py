"""axe-core's WCAG 2.0/2.1 A and AA rules on every page type, language and width."""

from __future__ import annotations

import pytest
from browsing import EVERY_PAGE, ServedSite, axe_violations, describe_violations, page_path
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@EVERY_PAGE
def test_no_axe_violations(served_site: ServedSite, tabs: dict[str, Page],
                           width: str, lang: str, page_type: str) -> None:
    tab = tabs[width]
    path = page_path(served_site.built, lang, page_type)
    tab.goto(served_site.url(path))
    violations = axe_violations(tab)
    assert not violations, f"/{path} at {width} width:\n{describe_violations(violations)}"
