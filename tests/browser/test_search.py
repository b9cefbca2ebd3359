"""In a real browser: each language's header search finds that language's articles only,
and a missing page speaks the language of its path (as GitHub Pages serves /404.html).
"""

from __future__ import annotations

import re

import pytest
import yaml
from browsing import ServedSite
from playwright.sync_api import Page, expect

from support import DEFAULT, LANGUAGES, ROOT, prefix

pytestmark = pytest.mark.browser

ARTICLE = "news/2020-06-30-second-project-meeting"
CONTENT = ROOT / "content"
RESULT_LINKS = ".clamtex-search__results a"


def body_words(lang: str) -> set[str]:
    text = (CONTENT / lang / f"{ARTICLE}.md").read_text("utf-8").split("---", 2)[2]
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


def own_word(lang: str) -> str:
    """The longest word of the article's text in `lang` that no other language's text has."""
    others = set().union(*(body_words(code) for code in LANGUAGES if code != lang))
    words = sorted((w for w in body_words(lang) - others if len(w) >= 7),
                   key=lambda w: (-len(w), w))
    assert words, f"no word unique to the {lang} text of {ARTICLE}"
    return words[0]


def shared_word() -> str:
    """A word every language's text of the article has (a name): results could mix."""
    words = set.intersection(*(body_words(code) for code in LANGUAGES))
    return sorted((w for w in words if len(w) >= 6), key=lambda w: (-len(w), w))[0]


def search(page: Page, query: str) -> list[str]:
    field = page.get_by_role("searchbox", name=re.compile(".+"))
    field.fill(query)
    page.wait_for_selector(RESULT_LINKS)
    return page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")


def in_language(site: ServedSite, href: str, lang: str) -> bool:
    if lang == DEFAULT:
        others = tuple(site.url(f"{code}/") for code in LANGUAGES if code != DEFAULT)
        return href.startswith(site.url()) and not href.startswith(others)
    return href.startswith(site.url(f"{lang}/"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_finds_the_article_in_the_visitors_language(served_site: ServedSite, page: Page,
                                                           lang: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(served_site.url(prefix(lang)))
    hrefs = search(page, own_word(lang))
    assert served_site.url(f"{prefix(lang)}{ARTICLE}/") in hrefs, hrefs
    assert all(in_language(served_site, href, lang) for href in hrefs), hrefs
    hrefs = search(page, shared_word())
    assert len(hrefs) >= 1
    assert all(in_language(served_site, href, lang) for href in hrefs), hrefs
    status = page.locator(".clamtex-search__status")
    expect(status).not_to_be_empty()
    others = [url for url in requests
              if not url.startswith((served_site.origin, "data:", "blob:"))]
    assert not others, f"requests to other hosts: {others}"


def image_alt_word(lang: str) -> str:
    """The longest word of the article's image description in `lang` only."""
    text = (CONTENT / lang / f"{ARTICLE}.md").read_text("utf-8").split("---", 2)[1]
    alt = yaml.safe_load(text)["image_alt"]
    others = set().union(*(body_words(code) for code in LANGUAGES if code != lang))
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", alt)} - others
    return sorted(words, key=lambda w: (-len(w), w))[0]


@pytest.mark.parametrize("lang", ["ca", "fr"])
def test_news_cards_are_indexed_only_on_their_article(served_site: ServedSite, page: Page,
                                                       lang: str) -> None:
    """Listings and partner profiles show the article's card and image: not indexed there."""
    page.goto(served_site.url(prefix(lang)))
    hrefs = search(page, image_alt_word(lang))
    assert hrefs == [served_site.url(f"{prefix(lang)}{ARTICLE}/")]


def test_search_under_a_subpath(served_subpath_site: ServedSite, page: Page) -> None:
    page.goto(served_subpath_site.url("ca/"))
    hrefs = search(page, own_word("ca"))
    assert served_subpath_site.url(f"ca/{ARTICLE}/") in hrefs, hrefs
    page.goto(hrefs[0])
    expect(page.locator("h1").first).to_be_visible()


def strings(lang: str) -> dict:
    return yaml.safe_load((ROOT / "plugins" / "clamtex" / "locales" / f"{lang}.yml")
                          .read_text("utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_missing_page_speaks_its_language(served_site: ServedSite, page: Page,
                                          lang: str) -> None:
    response = page.goto(served_site.url(f"{prefix(lang)}no/such/page/"))
    assert response is not None and response.status == 404
    ui = strings(lang)["ui"]
    assert page.evaluate("document.documentElement.lang") == lang
    expect(page.get_by_role("heading", level=1)).to_have_text(ui["not_found_title"])
    home = page.get_by_role("link", name=ui["not_found_home"])
    expect(home).to_be_visible()
    home.click()
    assert page.url == served_site.url(prefix(lang))
    page.go_back()
    statement = " ".join(strings(lang)["funding"]["cosme"]["statement"].split())
    expect(page.locator(".clamtex-funding__statement")).to_have_text(statement)


def test_missing_page_under_a_subpath(served_subpath_site: ServedSite, page: Page) -> None:
    page.goto(served_subpath_site.url("es/a/b/c/"))
    ui = strings("es")["ui"]
    expect(page.get_by_role("heading", level=1)).to_have_text(ui["not_found_title"])
    page.get_by_role("link", name=ui["not_found_home"]).click()
    assert page.url == served_subpath_site.url("es/")
