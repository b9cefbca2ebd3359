"""Escaping by construction: what editors write comes out as text, in every output.

One copy of the multilingual fixture gets a hostile string in every field an editor can
write, all at once (front matter, mkdocs.yml, every UI string and the funding wording);
another copy gets honest text full of special characters in the same fields. The tests
read what visitors and tools get: the built HTML (lxml), RSS and Atom (feedparser),
JSON-LD, the sitemap, the Pagefind index, and the hostile pages in Chromium.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from support import LANGUAGES, BuiltSite, build_site, fixture_site, prefix

sys.path.insert(0, str(Path(__file__).parent / "browser"))

# Markup, a script, event handlers, javascript: links, a meta refresh, requests to another
# host and attribute break-outs: if any of it became markup, an element or attribute
# would appear. No braces: UI strings are format strings.
PAYLOAD = ("\"><script>window.pwned=1;alert(1)</script>"
           "<img src=x onerror=\"window.pwned=2;alert(2)\">"
           "<svg onload=alert(3)></svg><a href=\"javascript:alert(4)\">j</a> javascript:alert(5) "
           "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">"
           "<link rel=stylesheet href=https://evil.example/s.css>"
           "<iframe src=\"https://evil.example/f\"></iframe>"
           "' onmouseover='alert(6)' x=' &amp; &lt;b&gt; 100% --></script></title></textarea>")
EVIL_HOST = "evil.example"
# Honest text that must round-trip exactly.
HONEST_TITLE = "R&amp;D — S<M<L \"q\" 'it's' 100% 🙂 שלום"
HONEST_SUMMARY = "<b>hi</b> & R&amp;D — S<M \"q\" 'it's' 100% 🙂 שלום"

SITE_URL = "https://multi.example.org/"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
TEXT_FIELDS = ("title", "summary", "image_alt", "logo_alt",  # translated
               "name", "acronym", "full_name", "city")      # a partner's shared facts
NAV_TITLES = ("Home", "About", "Partners", "News")
TAG_LABELS = {"en": "Meetings", "es": "Reuniones", "ca": "Reunions", "pt": "Reuniões",
              "fr": "Réunions"}
# UI strings every build shows somewhere (others may show on no page of this fixture).
SHOWN_STRINGS = ("ui.news", "ui.partners", "ui.published", "ui.tags", "ui.feed_title",
                 "ui.search_placeholder", "ui.funding_label", "ui.not_found_title",
                 "funding.cosme.statement", "funding.cosme.disclaimer")

Value = Callable[[str], str]  # field label -> the text to write there


def hostile(label: str) -> str:
    """The payload, tagged with the field it was put in (to tell which field leaked)."""
    return f"[{label}]{PAYLOAD}"


def honest(label: str) -> str:
    return HONEST_SUMMARY if label.endswith("summary") else HONEST_TITLE


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


# -- making the sites -----------------------------------------------------------------


def set_front_matter(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    assert match, path
    data = yaml.safe_load(match.group(1)) or {}
    change(data)
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(f"---\n{head}---\n{text[match.end():]}", encoding="utf-8")


def write_content(content: Path, value: Value) -> list[str]:
    """Write `value(label)` into every text field of every content file; the labels."""
    labels: list[str] = []
    for path in sorted(content.rglob("*.md")):
        rel = path.relative_to(content).as_posix()

        def change(data: dict[str, Any], rel: str = rel) -> None:
            if "name" in data:
                data.setdefault("full_name", "")  # shown when set
            for name in TEXT_FIELDS:
                if name in data:
                    data[name] = value(f"{rel}:{name}")
                    labels.append(f"{rel}:{name}")

        set_front_matter(path, change)
    return labels


def shipped_strings(lang: str) -> dict[str, str]:
    from clamtex.l10n.strings import _shipped

    return dict(_shipped(lang))


def write_config(project: Path, value: Value) -> list[str]:
    """Write `value(label)` into every text of mkdocs.yml an editor writes and, through
    the plugin's `strings`, after every UI string and funding wording; the labels."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    labels = ["site_name", "site_description", "copyright"]
    for name in labels:
        text, count = re.subn(rf"(?m)^{name}:.*$", f"{name}: {yaml_text(value(name))}", text)
        assert count == 1, name
    for title in NAV_TITLES:  # the nav titles, and every translation of them
        new_title = yaml_text(title + value(f"nav:{title}"))
        text = text.replace(f"  - {title}: ", f"  - {new_title}: ")
        text = re.sub(rf"(?m)^( +){title}: (.*)$",
                      lambda m, title=title, new_title=new_title:
                      f"{m[1]}{new_title}: {yaml_text(m[2] + value(f'nav_translations:{title}'))}",
                      text)
        labels += [f"nav:{title}", f"nav_translations:{title}"]
    for lang in LANGUAGES:  # the language names
        text, count = re.subn(
            rf"(?m)^(        - locale: {lang}\n          name: )(.*)$",
            lambda m, lang=lang: m[1] + yaml_text(m[2] + value(f"language:{lang}")), text)
        assert count == 1, lang
        labels.append(f"language:{lang}")
    # One language's own site_name, site_description and copyright (i18n's per-language
    # config), just after its name.
    text, count = re.subn(
        r"(?m)^(        - locale: es\n          name: .*\n)",
        lambda m: m[1] + "".join(f"          {name}: {yaml_text(value(f'es:{name}'))}\n"
                                 for name in ("site_name", "site_description", "copyright")),
        text)
    assert count == 1
    labels += ["es:site_name", "es:site_description", "es:copyright"]
    for lang, label in TAG_LABELS.items():
        old = f"          {lang}: {label}\n"
        assert old in text, old
        text = text.replace(old, f"          {lang}: {yaml_text(label + value(f'tag:{lang}'))}\n")
        labels.append(f"tag:{lang}")
    strings = {lang: {key: shipped + value(f"strings:{lang}:{key}")
                      for key, shipped in shipped_strings(lang).items() if key != "locale"}
               for lang in LANGUAGES}
    labels += [f"strings:{lang}:{key}" for lang in LANGUAGES for key in SHOWN_STRINGS]
    text = text.replace("  - clamtex:\n", "  - clamtex:\n      strings: "
                        + json.dumps(strings, ensure_ascii=False) + "\n")
    config.write_text(text, encoding="utf-8")
    return labels


def make_site(tmp: Path, value: Value) -> tuple[BuiltSite, list[str]]:
    project = fixture_site("multilingual", tmp)
    labels = write_content(project / "content", value) + write_config(project, value)
    return build_site(project), labels


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, list[str]]:
    return make_site(tmp_path_factory.mktemp("hostile"), hostile)


@pytest.fixture(scope="module")
def honest_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return make_site(tmp_path_factory.mktemp("honest"), honest)[0]


# -- reading what was built -------------------------------------------------------------


def pages(site: BuiltSite) -> dict[str, lxml_html.HtmlElement]:
    return {path.relative_to(site.root).as_posix(): lxml_html.fromstring(path.read_bytes())
            for path in site.html_files()}


def skeleton(doc: lxml_html.HtmlElement) -> list[tuple[str, tuple[str, ...]]]:
    """Every element and the names of its attributes, in document order."""
    return [(str(el.tag), tuple(sorted(el.attrib))) for el in doc.iter()
            if isinstance(el.tag, str)]


def json_ld(doc: lxml_html.HtmlElement) -> list[Any]:
    return [json.loads(script.text) for script in
            doc.xpath("//script[@type='application/ld+json']")]


def strings_in(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for item in data.values():
            yield from strings_in(item)
    elif isinstance(data, list):
        for item in data:
            yield from strings_in(item)


def texts(doc: lxml_html.HtmlElement) -> Iterator[str]:
    """Every text node, attribute value and JSON-LD string of a page, as decoded."""
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag != "script":
            yield from (el.text or "", el.tail or "")
        yield from el.attrib.values()
    for data in json_ld(doc):
        yield from strings_in(data)


def feed_text(detail: Any) -> str:
    """What a feed reader shows of a feedparser text construct."""
    if detail.type in ("text/html", "application/xhtml+xml"):
        fragment = lxml_html.fragment_fromstring(detail.value, create_parent="div")
        assert len(fragment) == 0, f"markup in a feed text: {detail.value!r}"
        return fragment.text_content()
    return detail.value


def feeds(site: BuiltSite) -> dict[str, Any]:
    result = {}
    for lang in LANGUAGES:
        for name in ("feed.xml", "atom.xml"):
            path = site.path(f"{prefix(lang)}news/{name}")
            etree.fromstring(path.read_bytes())  # well-formed XML
            feed = feedparser.parse(path.read_bytes())
            assert not feed.bozo, (path, feed.bozo_exception)
            result[f"{prefix(lang)}news/{name}"] = feed
    return result


def entry_summary(entry: Any) -> Any:
    return entry.get("summary_detail") or entry.content[0]


def search_fragments(site: BuiltSite) -> dict[str, dict[str, Any]]:
    """What Pagefind stored of each indexed page (its fragments: gzip, a signature, JSON)."""
    result = {}
    for path in (site.root / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        result[fragment["url"]] = fragment
    assert result, "no search index"
    return result


# -- the hostile site: nothing became markup --------------------------------------------


def test_the_payload_created_no_element_or_attribute(hostile_site: tuple[BuiltSite, list[str]],
                                                     honest_site: BuiltSite) -> None:
    """Same elements and attribute names, in the same order, as with honest text."""
    site, _ = hostile_site
    bad, good = pages(site), pages(honest_site)
    assert set(bad) == set(good)
    for name, doc in bad.items():
        assert skeleton(doc) == skeleton(good[name]), f"{name}: the payload made markup"


def test_no_script_handler_refresh_or_foreign_url_in_any_page(
        hostile_site: tuple[BuiltSite, list[str]]) -> None:
    site, _ = hostile_site
    for name, doc in pages(site).items():
        assert not doc.xpath("//iframe|//svg[@onload]|//meta[@http-equiv]"), name
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            handlers = [attr for attr in el.attrib if attr.lower().startswith("on")]
            assert not handlers, f"{name}: <{el.tag} {handlers}>"
            for attr in ("href", "src", "action", "formaction", "srcset", "poster"):
                url = (el.get(attr) or "").strip().lower()
                assert not url.startswith(("javascript:", "data:text/html")), (name, el.tag)
                assert EVIL_HOST not in url, f"{name}: <{el.tag} {attr}={url!r}>"
            if el.tag == "script" and el.get("type") not in ("application/ld+json",
                                                             "application/json"):
                assert "pwned" not in (el.get("src") or ""), name
                # Inline scripts are ours: the payload may be in them only inside a JSON
                # string literal, with its markup characters escaped.
                assert "<script" not in (el.text or "").lower(), name


def test_every_field_came_out_as_text(hostile_site: tuple[BuiltSite, list[str]]) -> None:
    """Each field's payload shows whole, as text, in a text node, attribute or JSON-LD."""
    site, labels = hostile_site
    shown = set()
    for doc in pages(site).values():
        for text in texts(doc):
            if PAYLOAD in text:
                shown.update(re.findall(r"\[([^\[\]]+)\]" + re.escape(PAYLOAD), text))
    missing = [label for label in labels if label not in shown]
    assert not missing, f"fields whose text is not shown whole anywhere: {missing}"


def test_a_summary_cannot_become_a_meta_refresh(hostile_site: tuple[BuiltSite, list[str]]
                                                ) -> None:
    site, _ = hostile_site
    for lang in ("en", "es"):
        doc = site.page(f"{prefix(lang)}news/2024-01-10-first-meeting/")
        metas = doc.xpath("//meta[@name='description']")
        assert len(metas) == 1
        assert metas[0].get("content") == hostile(
            f"{lang}/news/2024-01-10-first-meeting.md:summary")
        assert metas[0].get("http-equiv") is None


def test_feeds_show_the_payload_as_text(hostile_site: tuple[BuiltSite, list[str]]) -> None:
    site, _ = hostile_site
    every = feeds(site)
    assert sum(len(feed.entries) for feed in every.values()) >= 5
    for name, feed in every.items():
        assert PAYLOAD in feed_text(feed.feed.title_detail), name
        for entry in feed.entries:
            assert PAYLOAD in feed_text(entry.title_detail), name
            assert PAYLOAD in feed_text(entry_summary(entry)), name
            assert all(PAYLOAD in tag.term for tag in entry.get("tags", [])), name


def test_json_ld_parses_and_keeps_the_payload(hostile_site: tuple[BuiltSite, list[str]]
                                              ) -> None:
    site, _ = hostile_site
    article = json_ld(site.page("news/2024-01-10-first-meeting/"))
    assert article[0]["headline"] == hostile("en/news/2024-01-10-first-meeting.md:title")
    organization = json_ld(site.page("partners/alpha/"))
    names = {data.get("name") for data in organization}
    assert hostile("en/partners/alpha.md:name") in names
    for doc in (site.page("news/2024-01-10-first-meeting/"), site.page("partners/alpha/")):
        for script in doc.xpath("//script[@type='application/ld+json']"):
            assert "<" not in script.text and ">" not in script.text


def test_sitemap_is_the_same_as_with_honest_text(hostile_site: tuple[BuiltSite, list[str]],
                                                 honest_site: BuiltSite) -> None:
    site, _ = hostile_site
    tree = etree.fromstring((site.root / "sitemap.xml").read_bytes())
    locs = [loc.text for loc in tree.iter("{*}loc")]
    assert locs and all(loc.startswith(SITE_URL) for loc in locs)
    assert (site.root / "sitemap.xml").read_bytes() == (
        honest_site.root / "sitemap.xml").read_bytes()


def test_search_index_stores_the_payload_as_text(hostile_site: tuple[BuiltSite, list[str]]
                                                 ) -> None:
    site, _ = hostile_site
    fragments = search_fragments(site)
    article = fragments["/news/2024-01-10-first-meeting/"]
    title = hostile("en/news/2024-01-10-first-meeting.md:title")
    assert article["meta"]["title"] == title
    assert article["meta"]["image_alt"] == hostile(
        "en/news/2024-01-10-first-meeting.md:image_alt")
    assert title in article["content"]
    assert fragments["/partners/alpha/"]["meta"]["title"] == hostile("en/partners/alpha.md:name")


# -- the honest site: text round-trips exactly ------------------------------------------


def test_honest_text_round_trips_in_the_html(honest_site: BuiltSite) -> None:
    for lang in ("en", "es"):
        doc = honest_site.page(f"{prefix(lang)}news/2024-01-10-first-meeting/")

        def meta(key: str, doc: lxml_html.HtmlElement = doc) -> str:
            found = doc.xpath(f"//meta[@name='{key}' or @property='{key}']/@content")
            assert len(found) == 1, key
            return found[0]

        assert doc.findtext(".//h1") == HONEST_TITLE
        assert doc.findtext(".//title") == f"{HONEST_TITLE} - {HONEST_TITLE}"
        assert meta("description") == HONEST_SUMMARY
        for key in ("og:title", "twitter:title"):
            assert meta(key) == HONEST_TITLE
        for key in ("og:description", "twitter:description"):
            assert meta(key) == HONEST_SUMMARY
        assert doc.xpath("//figure/img/@alt") == [HONEST_TITLE]
        listing = honest_site.page(f"{prefix(lang)}news/")
        cards = listing.cssselect(".clamtex-card")
        assert cards
        for card in cards:
            assert card.cssselect(".clamtex-card__title a")[0].text == HONEST_TITLE
            assert card.cssselect(".clamtex-card__summary")[0].text == HONEST_SUMMARY
    partner = honest_site.page("partners/alpha/")
    assert partner.findtext(".//h1") == HONEST_TITLE
    assert partner.findtext(".//title") == f"{HONEST_TITLE} - {HONEST_TITLE}"
    assert partner.cssselect(".clamtex-partner__logo")[0].get("alt") == HONEST_TITLE


def test_honest_text_round_trips_in_feeds(honest_site: BuiltSite) -> None:
    every = feeds(honest_site)
    assert sum(len(feed.entries) for feed in every.values()) >= 5
    for name, feed in every.items():
        for entry in feed.entries:
            assert feed_text(entry.title_detail) == HONEST_TITLE, name
            # A summary `<b>hi</b>` is those characters in a feed reader, not bold "hi".
            assert feed_text(entry_summary(entry)) == HONEST_SUMMARY, name


def test_honest_text_round_trips_in_json_ld(honest_site: BuiltSite) -> None:
    article = json_ld(honest_site.page("news/2024-01-10-first-meeting/"))[0]
    assert article["headline"] == HONEST_TITLE
    assert article["description"] == HONEST_SUMMARY
    organization = next(data for data in json_ld(honest_site.page("partners/alpha/"))
                        if data.get("@type") == "Organization")
    assert organization["name"] == HONEST_TITLE
    assert organization["description"] == HONEST_SUMMARY


def test_honest_text_round_trips_in_the_search_index(honest_site: BuiltSite) -> None:
    fragments = search_fragments(honest_site)
    for url in ("/news/2024-01-10-first-meeting/", "/es/news/2024-01-10-first-meeting/",
                "/partners/alpha/"):
        assert fragments[url]["meta"]["title"] == HONEST_TITLE, url
        assert fragments[url]["meta"]["image_alt"] == HONEST_TITLE, url
        assert HONEST_TITLE in fragments[url]["content"], url


# -- in Chromium: no payload ran, no request left the site -------------------------------


@pytest.mark.browser
def test_no_payload_runs_in_chromium(hostile_site: tuple[BuiltSite, list[str]],
                                     chromium: Any) -> None:
    from browser.browsing import serve

    site, _ = hostile_site
    server, origin = serve(site.root, site.root)
    dialogs: list[str] = []
    foreign: list[str] = []
    payload_requests: list[str] = []
    urls = [origin + "/" + path.relative_to(site.root).as_posix().removesuffix("index.html")
            for path in site.html_files()] + [origin + "/es/no-such-page/"]

    def watch(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc != urlsplit(origin).netloc and not url.startswith(
                ("data:", "blob:")):
            foreign.append(url)
            route.abort()
            return
        if urlsplit(url).path.endswith("/x"):  # the payload's <img src=x>
            payload_requests.append(url)
        route.continue_()

    try:
        # The session's one Chromium (tests/conftest.py).
        context = chromium.new_context()
        context.route("**/*", watch)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message),
                                          dialog.dismiss()))
        for url in urls:
            page.goto(url, wait_until="load")
            page.mouse.move(10, 10)
            page.mouse.move(600, 300)
            assert page.evaluate("() => window.pwned") is None, url
        # The search box shows the indexed payload as text.
        page.goto(origin + "/")
        page.get_by_role("searchbox").fill("pwned")
        page.wait_for_selector(".clamtex-search__results a")
        titles = page.eval_on_selector_all(".clamtex-search__results a",
                                           "links => links.map(a => a.textContent)")
        assert any(PAYLOAD in title for title in titles), titles
        excerpts = page.eval_on_selector_all(
            ".clamtex-search__results p",
            "ps => ps.map(p => [...p.querySelectorAll('*')].map(e => e.tagName))")
        assert all(set(tags) <= {"MARK"} for tags in excerpts), excerpts
        assert page.evaluate("() => window.pwned") is None
        context.close()
    finally:
        server.shutdown()
    assert not dialogs, f"a payload ran: {dialogs}"
    assert not foreign, f"requests left the site: {foreign}"
    assert not payload_requests, f"a payload element loaded: {payload_requests}"
