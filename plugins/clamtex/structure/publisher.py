"""The publisher's facts for the legal and contact pages, and what `clamtex check` says of them.

The facts live in one place, `plugins: - clamtex: publisher:` (and `hosting:`, `social:`) in
mkdocs.yml. Prose never repeats them: each legal page's kind decides which facts its
template shows. A fact that is not set is left out of the pages, and, where a page that
would show it exists, `clamtex check` warns naming the setting and the law asking for it:
EU law, which binds a publisher in any member state (the e-Commerce Directive 2000/31/EC,
art. 5.1, is in every country's own law: Spain's LSSI art. 10, Germany's DDG § 5, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clamtex.config import ClamtexConfig
from clamtex.content.model import check_email, check_url
from clamtex.content.problems import Problem

# The legal pages, by the kind their view has (config `legal_pages`).
LEGAL_KINDS = ("notice", "privacy", "accessibility", "contact")


@dataclass(frozen=True)
class FactSpec:
    """One setting under `publisher:` or `hosting:`: where it shows, which law asks for it."""

    setting: str  # dotted, under the clamtex plugin: publisher.tax_id
    shown_on: tuple[str, ...]  # legal kinds whose page shows it
    law: str = ""  # what asks for it; empty: optional, no warning
    check: Callable[[Any], str | None] | None = None
    link: str = ""  # "mailto", "tel" or "url": how a template links the value


FACTS = (
    FactSpec("publisher.name", ("notice", "privacy", "accessibility", "contact"),
             "EU e-Commerce Directive art. 5.1 asks the legal notice for the publisher's "
             "name, and GDPR "
             "art. 13.1 the privacy policy for the controller's identity"),
    FactSpec("publisher.address", ("notice", "privacy", "contact"),
             "EU e-Commerce Directive art. 5.1 asks the legal notice for the publisher's "
             "geographic address, and GDPR "
             "art. 13.1 the privacy policy for the controller's contact details"),
    FactSpec("publisher.email", ("notice", "privacy", "accessibility", "contact"),
             "EU e-Commerce Directive art. 5.1 asks the legal notice for an e-mail address, "
             "and GDPR art. 13.1 "
             "the privacy policy for the controller's contact details", check_email, "mailto"),
    FactSpec("publisher.phone", ("notice", "contact"), link="tel"),
    FactSpec("publisher.registry", ("notice",),
             "EU e-Commerce Directive art. 5.1 asks the legal notice for the trade or "
             "similar public register the publisher is entered in, and the entry"),
    FactSpec("publisher.tax_id", ("notice",),
             "EU e-Commerce Directive art. 5.1 asks the legal notice for the publisher's VAT "
             "identification number, where it has one"),
    FactSpec("publisher.dpo_email", ("privacy",), check=check_email, link="mailto"),
    FactSpec("publisher.supervisory_authority", ("privacy",),
             "GDPR art. 13.2 asks the privacy policy to name the supervisory authority a "
             "visitor may complain to"),
    FactSpec("publisher.supervisory_authority_url", ("privacy",), check=check_url, link="url"),
    FactSpec("hosting.name", ("privacy",),
             "GDPR art. 13.1 asks the privacy policy to name who receives the visitors' "
             "data (the host and its server logs)"),
    FactSpec("hosting.privacy_url", ("privacy",), check=check_url, link="url"),
)


@dataclass(frozen=True)
class Fact:
    """A configured fact as a page shows it: `key` names its label in the locale files."""

    key: str  # publisher.tax_id -> label ui.legal.publisher_tax_id
    value: str
    href: str = ""


def value_of(options: ClamtexConfig, setting: str) -> str:
    group, name = setting.split(".")
    value = options[group][name]
    return value.strip() if isinstance(value, str) else ""


def facts_for(options: ClamtexConfig, kind: str) -> tuple[Fact, ...]:
    """The configured facts a page of this legal kind shows, in FACTS order."""
    shown = []
    for spec in FACTS:
        value = value_of(options, spec.setting)
        if kind not in spec.shown_on or not value or (spec.check and spec.check(value)):
            continue
        href = {"mailto": f"mailto:{value}", "tel": "tel:" + value.replace(" ", ""),
                "url": value}.get(spec.link, "")
        shown.append(Fact(spec.setting.replace(".", "_"), value, href))
    return tuple(shown)


def legal_keys(options: ClamtexConfig) -> dict[str, str]:
    """Page key (path under a language folder) -> legal kind."""
    pages = options.legal_pages
    return {pages[kind]: kind for kind in LEGAL_KINDS}


def problems(options: ClamtexConfig, config_file: str | Path | None,
             pages: Iterable[str]) -> list[Problem]:
    """Errors for malformed facts and social links; a warning for each fact a law asks
    for that is not set while a page showing it exists (`pages`: the site's page keys)."""
    lines = config_lines(config_file)
    shown = "mkdocs.yml" if config_file is None else Path(config_file).name
    kinds = {kind for key, kind in legal_keys(options).items() if key in set(pages)}
    found = []

    def line(setting: str) -> int:
        parts = setting.split(".")
        while parts and ".".join(parts) not in lines:
            parts.pop()
        return lines.get(".".join(parts), lines.get("", 1))

    for spec in FACTS:
        value = value_of(options, spec.setting)
        if value and spec.check and (error := spec.check(value)):
            found.append(Problem(shown, line(spec.setting), spec.setting, error,
                                 f"fix plugins.clamtex.{spec.setting} in mkdocs.yml"))
        elif not value and spec.law and kinds & set(spec.shown_on):
            found.append(Problem(
                shown, line(spec.setting), spec.setting, f"not set: {spec.law}",
                f"set plugins.clamtex.{spec.setting} in mkdocs.yml; until then the pages "
                "leave it out", "warning"))
    for index, link in enumerate(options.social):
        if not (link.get("name") or "").strip():
            setting = f"social.{index}.name"
            found.append(Problem(shown, line(setting), setting, "missing",
                                 "write the network's name, e.g. name: LinkedIn"))
        if error := check_url(link.get("url") or ""):
            setting = f"social.{index}.url"
            found.append(Problem(shown, line(setting), setting, error,
                                 "write the account's full address, e.g. "
                                 "https://www.linkedin.com/company/example"))
    return found


def config_lines(config_file: str | Path | None) -> dict[str, int]:
    """Line of each setting under the clamtex plugin in mkdocs.yml ('' is `- clamtex:`),
    dotted as in messages: publisher.tax_id, social.0.url."""
    if config_file is None or not Path(config_file).is_file():
        return {}
    try:  # composed, not loaded: tags such as !ENV need no constructor
        root = yaml.compose(Path(config_file).read_text(encoding="utf-8"),
                            Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}
    plugins = _child(root, "plugins")
    if not isinstance(plugins, yaml.SequenceNode):
        return {}
    for item in plugins.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        for key, value in item.value:
            if key.value == "clamtex":
                lines = {"": key.start_mark.line + 1}
                _walk(value, "", lines)
                return lines
    return {}


def _child(node: Any, name: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == name:
                return value
    return None


def _walk(node: Any, prefix: str, lines: dict[str, int]) -> None:
    items: Iterable[tuple[str, Any, int]]
    if isinstance(node, yaml.MappingNode):
        items = [(str(k.value), v, k.start_mark.line + 1) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        items = [(str(i), v, v.start_mark.line + 1) for i, v in enumerate(node.value)]
    else:
        return
    for name, value, number in items:
        dotted = f"{prefix}{name}"
        lines[dotted] = number
        _walk(value, f"{dotted}.", lines)


def social_links(options: ClamtexConfig) -> tuple[tuple[str, str], ...]:
    """(name, url) of each valid social account, in mkdocs.yml's order."""
    return tuple((link["name"], link["url"]) for link in options.social
                 if (link.get("name") or "").strip() and not check_url(link.get("url") or ""))
