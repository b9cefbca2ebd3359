"""`clamtex init DIR`: a complete new project for another EU-funded project's site.

Values come from flags (for scripts) or, when one is missing and stdin is a terminal,
from a question. Every text an editor must still write holds the TODO placeholder, which
`clamtex check` reports (a warning naming the file and line; `check --strict`, run by the
written Makefile's `make test` and the Pages workflow, fails on it), so nothing
placeholder is published as if it were the project's prose.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pycountry
from babel import Locale

from clamtex.commands.checking import PLACEHOLDER
from clamtex.commands.scaffold import PARTNER_ID, lettermark
from clamtex.config import HEX_COLOUR
from clamtex.content import schedule
from clamtex.content.model import ROLES
from clamtex.exceptions import ScaffoldError
from clamtex.l10n.strings import (
    FUNDING_KEYS,
    LOCALES_DIR,
    REFERENCE_LANGUAGE,
    load_strings,
    programmes,
)

STARTER = Path(__file__).resolve().parent.parent / "starter"
# (file in the package's starter/, where it goes in the new project)
# constraints.txt: the versions the engine is tested with (a copy of the repository's,
# kept equal by `make lock` and tests/test_init_fresh.py), so a new project's builds do
# not change with the next release of a package.
STARTER_FILES = (("Makefile", "Makefile"), ("ci-run", ".ci/run"),
                 ("pages.yml", ".github/workflows/pages.yml"), ("gitignore", ".gitignore"),
                 ("constraints.txt", "constraints.txt"))
ACRONYM = re.compile(r"^[^\s{}<>&\"']{1,30}$")


@dataclass
class Partner:
    id: str
    name: str
    country: str
    role: str


@dataclass
class Answers:
    """What the new project is: every value init needs."""

    name: str
    acronym: str
    url: str
    languages: list[str]
    programme: str
    grant_agreement: str
    partners: list[Partner]
    authority: str = ""  # a key of the locale files' `authorities:` ("": the default)
    primary: str = "#34404f"
    accent: str = "#0f5f7a"
    engine: str = "clamtex"  # the pip requirement that installs the engine
    # The new site's today (its time zone, or CLAMTEX_TODAY as its builds will read it),
    # so that the example news item is published by the first build.
    today: dt.date = field(default_factory=lambda: schedule.today(TIMEZONE, os.environ))


TIMEZONE = "Europe/Brussels"  # the new site's time zone (mkdocs.yml: timezone)


def available_languages() -> list[str]:
    """Languages with UI strings in the package (locales/<code>.yml)."""
    return sorted(path.stem for path in LOCALES_DIR.glob("*.yml"))


def available_programmes(languages: Sequence[str]) -> list[str]:
    return sorted(programmes(list(languages), {}))


def available_authorities() -> list[str]:
    """Granting authorities the disclaimers can name (the locale files' `authorities:`)."""
    return sorted(key.split(".", 1)[1] for key in load_strings(REFERENCE_LANGUAGE).values
                  if key.startswith("authorities."))


def _needs_grant_agreement(programme: str, languages: Sequence[str]) -> bool:
    return any("{grant_agreement}" in load_strings(code)(f"funding.{programme}.{name}")
               for code in languages for name in FUNDING_KEYS)


# -- checking each value: one line, naming the flag, what is wrong and how to fix it ----


def check_languages(value: str) -> list[str]:
    codes = [code.strip() for code in value.split(",") if code.strip()]
    known = available_languages()
    if not codes:
        raise ScaffoldError("--languages: none given (write codes, the default first, e.g. "
                            f"{','.join(known[:3])})")
    for code in codes:
        if code not in known:
            raise ScaffoldError(f"--languages: '{code}' has no UI strings yet (languages "
                                f"that have them: {', '.join(known)})")
    if len(set(codes)) != len(codes):
        raise ScaffoldError(f"--languages: '{value}' names a language twice")
    return codes


def check_url(value: str) -> str:
    parsed = urlparse(value.strip())
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        raise ScaffoldError(f"--url: '{value}' is not a web address (write e.g. "
                            "https://example.eu/ or https://user.github.io/project/)")
    return value.strip().rstrip("/") + "/"


def check_partner(value: str) -> Partner:
    """id:name:country:role, e.g. acme:ACME Cluster:DE:coordinator."""
    parts = [part.strip() for part in value.split(":")]
    if len(parts) != 4:
        raise ScaffoldError(f"--partner: '{value}' is not id:name:country:role (write e.g. "
                            "acme:ACME Cluster:DE:coordinator)")
    partner_id, name, country, role = parts
    if not PARTNER_ID.match(partner_id):
        raise ScaffoldError(f"--partner: '{partner_id}' is not a valid id (lowercase letters, "
                            "digits and hyphens, e.g. acme)")
    if not name:
        raise ScaffoldError(f"--partner: '{value}' has no name")
    if pycountry.countries.get(alpha_2=country.upper()) is None:
        raise ScaffoldError(f"--partner: '{country}' is not an ISO 3166 country code "
                            "(write the two-letter code, e.g. DE)")
    if role not in ROLES:
        raise ScaffoldError(f"--partner: '{role}' is not a role (use one of: "
                            f"{', '.join(ROLES)})")
    return Partner(partner_id, name, country.upper(), role)


def check_colour(flag: str, value: str) -> str:
    if not HEX_COLOUR.match(value.strip()):
        raise ScaffoldError(f"--{flag}: '{value}' is not a colour (write it as #rrggbb, "
                            "e.g. #0a5c36)")
    return value.strip()


# -- asking -----------------------------------------------------------------------------


Ask = Callable[[str], str]


def _value(given: str | None, flag: str, question: str, ask: Ask | None,
           default: str | None = None) -> str:
    """A flag's value; else the answer to the question (stdin a terminal); else the default;
    else an error naming the flag."""
    if given is not None:
        return given
    if ask is not None:
        suffix = f" [{default}]" if default else ""
        answer = ask(f"{question}{suffix}: ").strip()
        if answer or default is None:
            return answer
    if default is not None:
        return default
    raise ScaffoldError(f"--{flag}: missing (give it as a flag, or run clamtex init in a "
                        "terminal to be asked)")


def gather(args: object, ask: Ask | None) -> Answers:
    """Answers from parsed flags (argparse Namespace), asking for what is missing."""
    get: Callable[[str], str | None] = lambda name: getattr(args, name, None)  # noqa: E731
    name = _value(get("name"), "name", "Project name (full)", ask)
    acronym = _value(get("acronym"), "acronym", "Project acronym (short name)", ask)
    if not ACRONYM.match(acronym):
        raise ScaffoldError(f"--acronym: '{acronym}' must be 1-30 characters, no spaces, "
                            "quotes, braces or < > &")
    url = check_url(_value(get("url"), "url", "Site address (https://...)", ask))
    known = available_languages()
    languages = check_languages(_value(
        get("languages"), "languages",
        f"Languages, default first ({', '.join(known)})", ask, "en"))
    found = available_programmes(languages)
    programme = _value(get("programme"), "programme",
                       f"Funding programme wording ({', '.join(found)})", ask, "eu")
    if programme not in found:
        raise ScaffoldError(f"--programme: '{programme}' has no wording yet (use one of: "
                            f"{', '.join(found)})")
    grant = _value(get("grant_agreement"), "grant-agreement", "Grant agreement number", ask,
                   "")
    if not grant and _needs_grant_agreement(programme, languages):
        raise ScaffoldError(f"--grant-agreement: the {programme} funding notice names the "
                            "grant agreement number (give it, e.g. --grant-agreement 101234567)")
    authority = get("authority") or ""
    known_authorities = available_authorities()
    if authority and authority not in known_authorities:
        raise ScaffoldError(f"--authority: unknown granting authority '{authority}' (use one "
                            f"of: {', '.join(known_authorities)})")
    partners = [check_partner(value) for value in (get("partner") or [])]
    while ask is not None and not get("partner"):
        answer = ask("Partner as id:name:country:role (empty line: done): ").strip()
        if not answer:
            break
        partners.append(check_partner(answer))
    if not partners:
        raise ScaffoldError("--partner: at least one is needed, the coordinator (write e.g. "
                            "--partner acme:ACME Cluster:DE:coordinator)")
    ids = [p.id for p in partners]
    if len(set(ids)) != len(ids):
        raise ScaffoldError("--partner: two partners have the same id")
    primary = check_colour("primary", _value(get("primary"), "primary",
                                             "Main colour (#rrggbb)", ask, "#34404f"))
    accent = check_colour("accent", _value(get("accent"), "accent",
                                           "Accent colour (#rrggbb)", ask, "#0f5f7a"))
    return Answers(name=" ".join(name.split()), acronym=acronym, url=url,
                   languages=languages, programme=programme, grant_agreement=grant,
                   authority=authority,
                   partners=partners, primary=primary, accent=accent,
                   engine=get("engine") or "clamtex")


# -- writing ----------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _todo(what: str) -> str:
    return f"{PLACEHOLDER}: {what}"


def language_name(code: str) -> str:
    """The language's name in itself: 'de' -> 'Deutsch'."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]


def mkdocs_yml(a: Answers) -> str:
    lines = [
        f"# The {a.acronym} site, made by `clamtex init` (docs/start-a-site.md in the engine).",
        f"site_name: {_q(a.acronym)}",
        f"site_url: {a.url}",
        f"site_description: {_q(_todo('one sentence on what the project does'))}",
        f"copyright: {_q('© ' + a.acronym + ' partnership')}",
        "docs_dir: content",
        "site_dir: site",
        "use_directory_urls: true",
        "strict: true",
        "",
        "theme:",
        "  name: material",
        f"  language: {a.languages[0]}",
        "  font: false            # no web fonts from third-party hosts (privacy)",
        "  logo: assets/logo.svg",
        "  favicon: assets/logo.svg",
        "  palette:",
        "    scheme: default",
        "    primary: custom",
        "    accent: custom",
        "  features:",
        "    - navigation.tabs",
        "    - navigation.tabs.sticky",
        "    - navigation.top",
        "",
        "validation:",
        "  omitted_files: warn",
        "  absolute_links: warn",
        "  unrecognized_links: warn",
        "  anchors: warn",
        "  nav:",
        "    omitted_files: ignore   # news items and partner profiles are never nav entries",
        "    not_found: warn",
        "    absolute_links: warn",
        "",
        "markdown_extensions:",
        "  - attr_list",
        "  - md_in_html",
        "  - admonition",
        "  - toc:",
        "      permalink: false",
        "",
        "extra:",
        "  generator: false",
        "",
        "# Entries without a label take each language's page title.",
        "nav:",
        "  - index.md",
        "  - project.md",
        "  - partners/index.md",
        "  - news/index.md",
        "  - events/index.md",
        "",
        "plugins:",
        "  - i18n:",
        "      docs_structure: folder",
        "      fallback_to_default: true",
        "      reconfigure_search: false",
        "      build_only_locale: !ENV [CLAMTEX_ONLY_LANG, null]",
        "      languages:",
    ]
    for index, code in enumerate(a.languages):
        lines += [f"        - locale: {code}", f"          name: {_q(language_name(code))}"]
        if index == 0:
            lines.append("          default: true")
        lines.append("          build: true")
    lines += [
        "  - clamtex:",
        "      project:",
        f"        acronym: {_q(a.acronym)}",
        f"        name: {_q(a.name)}",
    ]
    lines += [
        "        # A 1200x630 PNG for social previews of pages without a photo:",
        "        # social_image: assets/social.png",
        "      colours:",
        f"        primary: {_q(a.primary)}",
        f"        accent: {_q(a.accent)}",
        "      partners_order: [" + ", ".join(p.id for p in a.partners) + "]",
        "      # The site's time zone: an item dated D is published from midnight of D",
        "      # there, and events without a timezone: are in it.",
        f"      timezone: {TIMEZONE}",
        "      funding:",
        f"        programme: {a.programme}",
        *([f"        authority: {a.authority}"] if a.authority else []),
        *([f"        grant_agreement: {_q(a.grant_agreement)}"] if a.grant_agreement else []),
        "      # Topics of news items: id -> one label per language (docs/editors.md).",
        "      tags: {}",
        "      # Who publishes the site: the legal and contact pages show these facts;",
        "      # `clamtex check` names each one missing and the law that asks for it.",
        "      publisher: {}",
        "      hosting:",
        "        name: GitHub Pages (GitHub, Inc.)",
        "        privacy_url: https://docs.github.com/en/site-policy/privacy-policies/"
        "github-general-privacy-statement",
        "      social: []",
        "      # The browser editor at /admin/ needs the npm packages of the engine's",
        "      # package.json in node_modules/ (the engine's docs/editors.md, \"Editing in",
        "      # the browser\"): off until they are installed.",
        "      cms:",
        "        enabled: false",
        "",
    ]
    return "\n".join(lines)


def _page(title: str, summary: str, body: str, extra: Sequence[str] = ()) -> str:
    return "\n".join(["---", f"title: {_q(title)}", f"summary: {_q(summary)}", *extra, "---",
                      "", body, ""])


def content_files(a: Answers) -> dict[str, str]:
    """content/<lang>/... for every language: home, project, partners, one news item, one
    event, legal pages; every text still to write holds the placeholder."""
    files: dict[str, str] = {}
    default = a.languages[0]
    news_key = f"news/{a.today.isoformat()}-welcome.md"
    event_day = a.today + dt.timedelta(days=30)  # an example to come: the events page
    event_key = f"events/{event_day.isoformat()}-first-meeting.md"
    for code in a.languages:
        t = load_strings(code, project=a.acronym)
        lang = language_name(code)
        note = f"(in {lang})"
        files[f"{code}/index.md"] = _page(
            _todo(f"{a.acronym}: the home page's title {note}"),
            _todo(f"one sentence on what {a.acronym} does {note}"),
            _todo(f"two or three short paragraphs introducing {a.acronym} {note}: what it "
                  "aims at, who takes part, and links to [the project](project.md) and "
                  "[the partners](partners/index.md)."))
        files[f"{code}/project.md"] = _page(
            _todo(f"the project page's title {note}"),
            _todo(f"one sentence on the project's aims {note}"),
            _todo(f"describe {a.name} {note}: its aims, its work, its funding."))
        files[f"{code}/partners/index.md"] = _page(
            t("ui.partners"), _todo(f"one sentence on the partnership {note}"),
            _todo(f"a short paragraph on the partnership {note}; each partner's profile "
                  "is listed below it."))
        meta = [f"date: {a.today.isoformat()}", "tags: []",
                "partners: [" + ", ".join(p.id for p in a.partners) + "]"]
        files[f"{code}/{news_key}"] = _page(
            _todo(f"the first news item's title {note}"),
            _todo(f"one or two sentences that sum up the news {note}"),
            _todo(f"write the news item here {note}. Start with what happened, when and "
                  "where; then add details in short paragraphs."),
            meta if code == default else ())
        event_meta = [f"start: {event_day.isoformat()}", "online: true",
                      "partners: [" + ", ".join(p.id for p in a.partners) + "]"]
        files[f"{code}/{event_key}"] = _page(
            _todo(f"the first event's title {note}"),
            _todo(f"one sentence on what the event is for {note}"),
            _todo(f"describe the event here {note}: who it is for, the programme, how to "
                  "take part. Set its real start: (and end:, location: or online:) in "
                  "the original's front matter; docs/editors.md, \"Events\"."),
            event_meta if code == default else ())
        for partner in a.partners:
            shared = [f"name: {_q(partner.name)}", f"country: {partner.country}",
                      f"logo: assets/partners/{partner.id}.svg", f"role: {partner.role}"]
            files[f"{code}/partners/{partner.id}.md"] = "\n".join([
                "---", *(shared if code == default else []),
                f"logo_alt: {_q(partner.name + ' logo')}",
                f"summary: {_q(_todo(f'one sentence about {partner.name} {note}'))}", "---",
                "", _todo(f"two or three short paragraphs about {partner.name} {note}: "
                          f"who they are and what they bring to {a.acronym}."), ""])
        for key, kind in (("legal-notice.md", "notice"), ("privacy.md", "privacy"),
                          ("accessibility.md", "accessibility"), ("contact.md", "contact")):
            files[f"{code}/{key}"] = _page(
                t(f"ui.legal.{kind}"), _todo(f"one sentence on this page {note}"),
                _todo(f"the {kind} text {note}, written and checked for {a.acronym} "
                      "(the publisher's facts are shown from mkdocs.yml, never written "
                      "here; see the engine's docs/editors.md, \"Legal pages\")."))
    return files


def readme(a: Answers) -> str:
    return "\n".join([
        f"# {a.acronym} website", "",
        f"The website of {a.name}, built with the `clamtex` engine (MkDocs, Material for "
        "MkDocs, mkdocs-static-i18n).", "",
        "```sh",
        "make site               # builds the whole site into site/",
        f"make serve LANG={a.languages[0]}      # live preview of one language",
        "make check              # validate the content without building",
        "make test               # what CI runs: check --strict, build, funding check",
        "make pins               # after changing the engine in requirements.txt",
        "```", "",
        "The first `make` creates `.venv/` and installs the engine (`requirements.txt`) "
        "with the versions it is tested with (`constraints.txt`): Python 3.11 or later "
        "and the network to PyPI are all it needs.", "",
        f"Content lives in `content/<language>/` ({', '.join(a.languages)}); every line "
        f"marked `{PLACEHOLDER}` is still to write: `clamtex check` lists them, and "
        "`make test` fails until none is left and the publisher's facts are set "
        "(`publisher:` in `mkdocs.yml`).", "",
        "To publish: push to GitHub, then Settings → Pages → Source: GitHub Actions; "
        "`.github/workflows/pages.yml` builds, checks and publishes every push to `main`.",
        ""])


def project_files(a: Answers) -> dict[str, str]:
    """Every file of the new project, by path relative to it."""
    files = {"mkdocs.yml": mkdocs_yml(a), "README.md": readme(a),
             "requirements.txt": f"# The site engine; pin it to a release or a commit.\n"
                                 f"{a.engine}\n"}
    files.update({f"content/{key}": text for key, text in content_files(a).items()})
    files["content/assets/logo.svg"] = lettermark(a.acronym.lower(), a.acronym)
    for partner in a.partners:
        label = partner.name if len(partner.name) <= 8 else partner.id.upper()
        files[f"content/assets/partners/{partner.id}.svg"] = lettermark(partner.id, label)
    for source, target in STARTER_FILES:
        files[target] = (STARTER / source).read_text(encoding="utf-8")
    return files


def write_project(target: Path, a: Answers) -> list[Path]:
    """Write the project into `target` (absent or empty); the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target}: exists and is not empty (choose a new folder)")
    written = []
    for relative, text in project_files(a).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (target / ".ci" / "run").chmod(0o755)
    return written


def interactive() -> Ask | None:
    """input() when stdin is a terminal (questions), else None (flags only)."""
    return input if sys.stdin.isatty() else None
