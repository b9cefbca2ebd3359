"""What visitors do: switch language on an article, page through the news, meet an
untranslated item."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from browsing import ServedSite, page_path, serve
from playwright.sync_api import Page

from support import DEFAULT, LANGUAGES, ROOT, copy_project, plugin_options, prefix, run_clamtex

pytestmark = pytest.mark.browser
EXTRA_NEWS = 12          # with the real items: two pages of 10 at least
# Taken from the content, so that an editor's edit breaks nothing: the first English news
# item that has a French translation (the test removes it), and the site's first tag.
UNTRANSLATED = next(f"news/{path.name}"
                    for path in sorted((ROOT / "content" / "en" / "news").glob("*.md"))
                    if (ROOT / "content" / "fr" / "news" / path.name).is_file())
TAG = next(iter(plugin_options(ROOT, "clamtex")["tags"]))
NEWS_ITEM = """---
title: "Test news number {n}"
date: 2019-01-{day:02d}
summary: "Generated news item {n} for the pagination test."
tags: [{tag}]
---

Generated body of news item {n}.
"""


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The project plus generated English news, with one item's French file removed."""
    tmp = tmp_path_factory.mktemp("journeys")
    project = copy_project(tmp / "project")
    for n in range(1, EXTRA_NEWS + 1):
        (project / "content" / "en" / "news" / f"2019-01-{n:02d}-test-news-{n}.md").write_text(
            NEWS_ITEM.format(n=n, day=n, tag=TAG), "utf-8")
    (project / "content" / "fr" / UNTRANSLATED).unlink()
    out = tmp / "site"
    result = run_clamtex("build", "-d", str(out), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    server, origin = serve(out, out)
    yield ServedSite(out, origin)
    server.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_language_switcher_keeps_the_article(served_site: ServedSite, tabs: dict[str, Page],
                                             width: str, lang: str) -> None:
    """Click (tap on phones) the switcher on an article: land on the same article in the
    next language."""
    page = tabs[width]
    other = LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)]
    article = page_path(served_site.built, lang, "article")
    slug = article.removeprefix(prefix(lang))
    page.goto(served_site.url(article))
    button = page.locator(".clamtex-languages__button")
    link = page.locator(f".clamtex-languages a[hreflang='{other}']")
    if width == "phone":
        button.tap()
        link.tap()
    else:
        button.click()
        link.click()
    page.wait_for_url(served_site.url(prefix(other) + slug))
    assert page.locator("html").get_attribute("lang") == other
    back = page.locator(f"link[rel='alternate'][hreflang='{lang}']").get_attribute("href")
    assert back and back.endswith("/" + article)


def card_titles(page: Page) -> list[str]:
    return page.locator(".clamtex-card__title").all_inner_texts()


def test_news_pagination_goes_to_older_items_and_back(fixture_site: ServedSite,
                                                      page: Page) -> None:
    page.goto(fixture_site.url("news/"))
    first = card_titles(page)
    assert len(first) == 10
    older = page.locator(".clamtex-pagination a[rel='next']")
    older.click()
    page.wait_for_load_state()
    assert page.url != fixture_site.url("news/")
    second = card_titles(page)
    assert second and not set(first) & set(second)
    assert "Test news number 1" in second  # the oldest item is on the last page
    assert page.locator(".clamtex-pagination a[rel='next']").count() == 0
    page.locator(".clamtex-pagination a[rel='prev']").click()
    page.wait_for_url(fixture_site.url("news/"))
    assert card_titles(page) == first


def test_untranslated_item_says_so(fixture_site: ServedSite, page: Page) -> None:
    slug = UNTRANSLATED.removesuffix(".md") + "/"
    page.goto(fixture_site.url("fr/" + slug))
    assert page.locator("html").get_attribute("lang") == "fr"
    notice = page.locator(".clamtex-notice")
    assert notice.is_visible() and notice.inner_text().strip()
    article = page.locator("article.clamtex-article")
    assert article.get_attribute("lang") == DEFAULT
    page.goto(fixture_site.url("en/" + slug if DEFAULT != "en" else slug))
    english_title = page.locator("h1").first.inner_text()
    page.goto(fixture_site.url("fr/" + slug))
    assert page.locator("article h1").inner_text() == english_title
    page.goto(fixture_site.url("fr/news/"))
    card = page.locator(".clamtex-card", has_text=english_title)
    assert card.get_attribute("lang") == DEFAULT
    assert card.locator(".clamtex-card__notice").is_visible()
