"""0 broken internal links and anchors, served over HTTP at the root and under /clamtex/."""

from __future__ import annotations

from pathlib import Path

from browsing import SUBPATH_SITE_URL, ServedSite

from linkcheck import LinkChecker, Target
from support import BuiltSite


def page_urls(site: ServedSite) -> list[str]:
    """The URL of every HTML page of the built site (index.html as its folder URL)."""
    urls = []
    for file in BuiltSite(site.root).html_files():
        path = file.relative_to(site.root).as_posix()
        urls.append(site.url(path.removesuffix("index.html")))
    return urls


def check(site: ServedSite, public_url: str) -> list[str]:
    checker = LinkChecker(site.url(), aliases=(public_url,))
    problems = checker.check(page_urls(site))
    assert len(checker.cache) > len(page_urls(site)), "the checker followed no links"
    return problems


def test_no_broken_links_at_the_root(served_site: ServedSite) -> None:
    problems = check(served_site, site_url(served_site.root))
    assert not problems, "\n".join(problems)


def test_no_broken_links_under_a_subpath(served_subpath_site: ServedSite) -> None:
    assert served_subpath_site.base == "/clamtex/"
    problems = check(served_subpath_site, SUBPATH_SITE_URL)
    assert not problems, "\n".join(problems)


def site_url(root: Path) -> str:
    """The public site_url the site was built for, read from its canonical link."""
    canonical = BuiltSite(root).page("").xpath("//link[@rel='canonical']/@href")
    assert canonical, "the home page has no canonical link"
    return str(canonical[0])


def test_checker_finds_a_broken_link_and_a_missing_anchor(served_site: ServedSite) -> None:
    checker = LinkChecker(served_site.url())
    checker.cache["test page"] = Target(200, set(), [
        served_site.url("es/no-such-page/"), served_site.url("news/#no-such-anchor"),
        served_site.url("news/"), "https://example.org/elsewhere"])
    problems = [p.split(" -> ")[1] for p in checker.check(["test page"])]
    assert problems == ["HTTP 404", "no id 'no-such-anchor' in the page"]
