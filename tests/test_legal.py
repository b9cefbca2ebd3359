"""Legal pages, the contact page and the footer, read from the built HTML and `clamtex check`.

A copy of the five-language fixture gets a legal notice, a privacy policy, an accessibility
statement and a contact page, a publisher with some facts set and some not, partner
contacts and social accounts; the tests read what visitors and editors get.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from support import (
    LANGUAGES,
    BuiltSite,
    build_site,
    edit_file,
    fixture_site,
    prefix,
    run_clamtex,
    set_plugin_option,
    text_of,
)

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "plugins" / "clamtex" / "locales"
LEGAL = {"legal-notice": "notice", "privacy": "privacy", "accessibility": "accessibility",
         "contact": "contact"}
PUBLISHER = """\
      publisher:
        name: Fixture Publisher Association
        address: "Carrer de Prova 1, 08000 Barcelona"
        email: info@publisher.example.org
      hosting:
        name: Example Host
        privacy_url: https://host.example.net/privacy
      social:
        - name: Mastodon
          url: https://social.example.net/@fixture
"""
# Set neither in PUBLISHER nor anywhere: each must stay out of the pages and be warned.
MISSING = ("publisher.registry", "publisher.tax_id", "publisher.supervisory_authority")


def labels(lang: str) -> dict[str, str]:
    ui = yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))["ui"]
    return {**{f"legal.{k}": v for k, v in ui["legal"].items()}, **ui}


def write_legal_pages(project: Path, langs: tuple[str, ...] = ("en", "es")) -> None:
    """The four pages in English, translated into `langs` (the rest fall back)."""
    for lang in langs:
        for name in LEGAL:
            body = f"{name} in {lang}. Write to press@fixture.example.org for anything.\n"
            if name == "contact":
                body += "\nIn code: `code@fixture.example.org`.\n"
            (project / "content" / lang / f"{name}.md").write_text(
                f"---\ntitle: {name.replace('-', ' ').title()} {lang}\n---\n\n{body}",
                encoding="utf-8")


def legal_project(tmp: Path) -> Path:
    project = fixture_site("multilingual", tmp)
    write_legal_pages(project)
    set_plugin_option(project, PUBLISHER)
    edit_file(project / "content" / "en" / "partners" / "alpha.md", "role: coordinator\n",
              "role: coordinator\nemail: hello@alpha.example.org\n"
              "contact_url: https://alpha.example.org/contact\n")
    return project


@pytest.fixture(scope="module")
def legal_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(legal_project(tmp_path_factory.mktemp("legal")))


@pytest.fixture(scope="module")
def legal_check(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    project = legal_project(tmp_path_factory.mktemp("legal-check"))
    result = run_clamtex("check", cwd=project)
    return project, result.stdout + result.stderr, result.returncode


def page_lang(site: BuiltSite, file: Path) -> str:
    return site.page(file.relative_to(site.root).as_posix()).get("lang")


def test_every_page_has_the_footer_links_in_its_language(legal_site: BuiltSite) -> None:
    pages = legal_site.html_files()
    assert len(pages) > 40
    for file in pages:
        url = file.relative_to(legal_site.root).as_posix()
        tree = legal_site.page(url)
        lang = tree.get("lang")
        expected = labels(lang)
        links = tree.cssselect("footer .clamtex-footer-links a")
        texts = [text_of(a) for a in links]
        assert texts == [expected["legal.notice"], expected["legal.privacy"],
                         expected["legal.accessibility"], expected["legal.contact"],
                         expected["rss_feed"], expected["atom_feed"]], url
        nav = tree.cssselect("footer nav.clamtex-footer-links")[0]
        assert nav.get("aria-label") == expected["legal.footer_label"]
        base = "" if lang == "en" else f"{lang}/"
        targets = [*LEGAL, "news/feed.xml", "news/atom.xml"]
        for link, target in zip(links, targets, strict=True):
            href = link.get("href")  # 404 pages link from the site's root (/...)
            start = legal_site.root if href.startswith("/") else file.parent
            resolved = (start / href.lstrip("/")).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            wanted = legal_site.root / base / target
            wanted = wanted / "index.html" if wanted.is_dir() else wanted
            assert resolved == wanted.resolve(), (url, link.get("href"))


def test_the_current_legal_page_is_marked_in_the_footer(legal_site: BuiltSite) -> None:
    tree = legal_site.page("fr/privacy/")
    current = tree.cssselect(".clamtex-footer-links a[aria-current='page']")
    assert [text_of(a) for a in current] == [labels("fr")["legal.privacy"]]


def test_a_site_without_legal_pages_links_only_its_feeds(multilingual_site: BuiltSite) -> None:
    tree = multilingual_site.page("es/")
    texts = [text_of(a) for a in tree.cssselect(".clamtex-footer-links a")]
    assert texts == [labels("es")["rss_feed"], labels("es")["atom_feed"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_configured_facts_are_shown_and_missing_ones_are_absent(legal_site: BuiltSite,
                                                                lang: str) -> None:
    notice = legal_site.page(f"{prefix(lang)}legal-notice/")
    facts = notice.cssselect(".clamtex-legal__facts")[0]
    assert facts.get("lang") == lang
    shown = {dd.get("class").removeprefix("clamtex-legal__"): text_of(dd)
             for dd in facts.cssselect("dd")}
    assert shown == {"publisher_name": "Fixture Publisher Association",
                     "publisher_address": "Carrer de Prova 1, 08000 Barcelona",
                     "publisher_email": "info@publisher.example.org"}
    assert [text_of(dt) for dt in facts.cssselect("dt")] == [
        labels(lang)["legal.publisher_name"], labels(lang)["legal.publisher_address"],
        labels(lang)["legal.publisher_email"]]
    mail = facts.cssselect(".clamtex-legal__publisher_email a")[0]
    assert mail.get("href") == "mailto:info@publisher.example.org"
    html = legal_site.path(f"{prefix(lang)}legal-notice/").read_text(encoding="utf-8")
    for setting in MISSING:
        assert f"clamtex-legal__{setting.replace('.', '_')}" not in html
        assert labels(lang)[f"legal.{setting.replace('.', '_')}"] not in html


def test_privacy_policy_names_the_host_and_links_its_statement(legal_site: BuiltSite) -> None:
    tree = legal_site.page("privacy/")
    host = tree.cssselect(".clamtex-legal__hosting_name")[0]
    assert text_of(host) == "Example Host"
    statement = tree.cssselect(".clamtex-legal__hosting_privacy_url a")[0]
    assert statement.get("href") == "https://host.example.net/privacy"
    assert not tree.cssselect(".clamtex-legal__publisher_supervisory_authority")
    # The legal notice does not repeat the privacy policy's facts.
    assert not legal_site.page("legal-notice/").cssselect(".clamtex-legal__hosting_name")


def test_check_warns_once_per_missing_fact_naming_setting_line_and_law(
        legal_check: tuple[Path, str, int]) -> None:
    project, output, code = legal_check
    assert code == 0, output
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    publisher_line = next(i for i, line in enumerate(config, 1) if line.strip() == "publisher:")
    lines = [line for line in output.splitlines()
             if re.match(r"mkdocs\.yml:\d+: (publisher|hosting)\.", line)]
    assert sorted(line.split(": ")[1] for line in lines) == sorted(MISSING), output
    for line in lines:
        assert line.startswith(f"mkdocs.yml:{publisher_line}: "), line
        assert ": warning: not set: " in line
        assert ("e-Commerce Directive art. 5.1" in line) or ("GDPR art. 13" in line), line
        assert f"(set plugins.clamtex.{line.split(': ')[1]} in mkdocs.yml" in line


def test_check_is_quiet_about_the_publisher_when_there_are_no_legal_pages(
        tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path)
    result = run_clamtex("check", cwd=project)
    assert "publisher." not in result.stdout + result.stderr


def test_an_unset_publisher_block_warns_at_the_plugin_line(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path)
    write_legal_pages(project, ("en",))
    result = run_clamtex("check", cwd=project)
    output = result.stdout + result.stderr
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    plugin_line = next(i for i, line in enumerate(config, 1) if line.strip() == "- clamtex:")
    warned = re.findall(rf"^mkdocs\.yml:{plugin_line}: ([a-z_.]+): warning: not set", output,
                        re.M)
    assert sorted(warned) == sorted([
        "publisher.name", "publisher.address", "publisher.email", "publisher.registry",
        "publisher.tax_id", "publisher.supervisory_authority", "hosting.name"]), output
    assert result.returncode == 0


@pytest.mark.parametrize(("option", "setting", "offset"), [
    ("      publisher:\n        email: not-an-address\n", "publisher.email", 2),
    ("      hosting:\n        privacy_url: javascript:alert(1)\n", "hosting.privacy_url", 2),
    ("      social:\n        - name: X\n          url: ftp://x.example.org\n", "social.0.url",
     3),
    ("      social:\n        - url: https://x.example.org\n", "social.0.name", 2),
])
def test_malformed_facts_are_one_line_errors(tmp_path: Path, option: str, setting: str,
                                             offset: int) -> None:
    """The line is the setting's own (`offset` lines below `- clamtex:`)."""
    project = fixture_site("multilingual", tmp_path)
    write_legal_pages(project, ("en",))
    set_plugin_option(project, option)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = offset + next(i for i, text in enumerate(config, 1) if text.strip() == "- clamtex:")
    for command in (["check"], ["build", "-d", "out"]):
        result = run_clamtex(*command, cwd=project)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Traceback" not in output
        problem = r"('.*' is not an? (e-mail|web) address|'.*' is an? \w+: link|missing)"
        assert re.search(rf"^(error: )?mkdocs\.yml:{line}: {re.escape(setting)}: {problem}",
                         output, re.M), output
    assert not (project / "out").exists()


def test_contact_page_lists_partner_contacts_and_social_links(legal_site: BuiltSite) -> None:
    for lang in LANGUAGES:
        tree = legal_site.page(f"{prefix(lang)}contact/")
        partner = tree.cssselect("#contact-alpha")[0]
        assert text_of(partner.cssselect("h3")[0]) == "Alpha Cluster"
        assert partner.cssselect("h3 a")[0].get("href") == "../partners/alpha/"
        mails = [a.get("href") for a in partner.cssselect("a[href^='mailto:']")]
        assert mails == ["mailto:hello@alpha.example.org"]
        hrefs = [a.get("href") for a in partner.cssselect("dd a")]
        assert hrefs == ["mailto:hello@alpha.example.org", "https://alpha.example.org/contact",
                         "https://alpha.example.org/"]
        assert labels(lang)["role_coordinator"] in text_of(partner)
        social = tree.cssselect(".clamtex-contact__social a")
        assert [(text_of(a), a.get("href")) for a in social] == [
            ("Mastodon", "https://social.example.net/@fixture")]
        assert "me" in social[0].get("rel").split()
        # Plain links only: nothing embedded from the accounts' hosts.
        assert not tree.cssselect("iframe, embed, object")
        assert not [s for s in tree.xpath("//script/@src") if "://" in s]
        publisher = tree.cssselect(".clamtex-legal__publisher_email a")[0]
        assert publisher.get("href") == "mailto:info@publisher.example.org"


def test_partner_profile_shows_its_contact(legal_site: BuiltSite) -> None:
    facts = legal_site.page("es/partners/alpha/").cssselect(".clamtex-partner__facts")[0]
    assert "mailto:hello@alpha.example.org" in [a.get("href") for a in facts.cssselect("a")]
    assert labels("es")["legal.contact_form"] in text_of(facts)


def test_partner_without_contact_says_so(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path)
    write_legal_pages(project, ("en",))
    site = build_site(project)
    partner = site.page("ca/contact/").cssselect("#contact-alpha")[0]
    assert not partner.cssselect("a[href^='mailto:']")
    # The fixture's partner has a website, so it is listed; no e-mail, no contact page.
    assert [a.get("href") for a in partner.cssselect("dd a")] == ["https://alpha.example.org/"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "hello at alpha", "is not an e-mail address"),
    ("email", '"x"@alpha.example.org <a>', "is not an e-mail address"),
    ("contact_url", "javascript:alert(1)", "is a javascript: link; only https:"),
])
def test_partner_contact_fields_are_validated(tmp_path: Path, field: str, value: str,
                                              message: str) -> None:
    project = fixture_site("multilingual", tmp_path)
    path = project / "content" / "en" / "partners" / "alpha.md"
    edit_file(path, "role: coordinator\n", f"role: coordinator\n{field}: '{value}'\n")
    result = run_clamtex("check", cwd=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    expected = rf"^content/en/partners/alpha\.md:11: {field}: .*{re.escape(message)}"
    assert re.search(expected, output, re.M), output


def test_email_addresses_in_bodies_become_mailto_links(legal_site: BuiltSite) -> None:
    tree = legal_site.page("contact/")
    body = tree.cssselect(".clamtex-contact")[0]
    links = body.cssselect("a[href^='mailto:']")
    assert [(a.get("href"), text_of(a)) for a in links] == [
        ("mailto:press@fixture.example.org", "press@fixture.example.org")]
    # Code stays code.
    assert [text_of(c) for c in body.cssselect("code")] == ["code@fixture.example.org"]
    assert not body.cssselect("code a")


def test_email_links_respect_existing_links_and_raw_html(tmp_path: Path) -> None:
    project = fixture_site("minimal", tmp_path)
    edit_file(project / "content" / "en" / "about.md", "\n---\n", "\n---\n\n"
              "[Write](mailto:a@x.example.org), [b@x.example.org](mailto:b@x.example.org), "
              '<a href="mailto:c@x.example.org">c@x.example.org</a>, '
              '<img alt="d@x.example.org" src="../assets/logo.svg">, '
              "first_last@x.example.org and <e@x.example.org>.\n\n")
    site = build_site(project)
    html = site.path("about/").read_text(encoding="utf-8")
    tree = site.page("about/")
    links = tree.cssselect(".md-content a[href^='mailto:'], .md-content a[href^='&']")
    assert not tree.cssselect("a a"), "a link inside a link"
    assert 'alt="d@x.example.org"' in html
    hrefs = [a.get("href") for a in links]
    assert "mailto:first_last@x.example.org" in hrefs
    assert hrefs.count("mailto:b@x.example.org") == 1
    assert hrefs.count("mailto:c@x.example.org") == 1
    assert "first_last@x.example.org" in [text_of(a) for a in links]


def test_region_names_come_from_mkdocs_yml_then_pycountry(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path)
    edit_file(project / "content" / "en" / "partners" / "alpha.md", "region: ES-CT",
              "region: ES-VC")
    set_plugin_option(project, "      regions:\n        ES-VC:\n"
                               "          ca: Comunitat Valenciana\n")
    site = build_site(project)

    def place(lang: str) -> str:
        facts = site.page(f"{prefix(lang)}partners/alpha/").cssselect(
            ".clamtex-partner__facts dd")
        return text_of(facts[0])

    assert "Comunitat Valenciana" in place("ca")
    # No name given for Spanish and none in pycountry: the ISO name, never a guess.
    assert "Comunidad Valenciana" in place("es")
    assert "Comunitat" not in place("es")
