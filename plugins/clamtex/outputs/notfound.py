"""The 404 pages: /404.html speaks every language, /<lang>/404.html one each.

GitHub Pages serves /404.html for every missing path, so that page carries the message
and home link of every language, and the funding wording of every language as data; a
small inline script shows the message matching the requested path's language prefix and
puts that language's wording into the page's one funding notice. The default language's
build renders it; each other language's build renders <lang>/404.html (useful on other
hosts). Links use absolute paths from site_url: a 404 page is served at any depth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from clamtex.structure.languages import Languages
from clamtex.structure.plan import SitePlan
from clamtex.structure.views import PageView, ViewFactory

TEMPLATE = "404.html"
LANGUAGE_TEMPLATE = re.compile(r"^([A-Za-z-]+)/404\.html$")


@dataclass(frozen=True)
class NotFound:
    """One language's 404 message; `home` is an absolute path (/, /es/, /clamtex/ca/)."""

    lang: str
    title: str
    text: str
    home_label: str
    home: str
    view: PageView  # the language's clamtex context (funding notice, strings)


def base_path(site_url: str) -> str:
    """The path the site is served under: '/' or '/clamtex/'."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else f"{path}/"


def configure(config: MkDocsConfig, languages: Languages) -> None:
    """Render 404.html in the default language's build, <lang>/404.html in the others."""
    templates = config.theme.static_templates
    for name in [t for t in templates if LANGUAGE_TEMPLATE.match(t)]:
        templates.discard(name)
    templates.discard(TEMPLATE)
    if languages.current == languages.default:
        templates.add(TEMPLATE)
    else:
        templates.add(f"{languages.current}/{TEMPLATE}")


def install(env: jinja2.Environment, languages: Languages) -> None:
    """Make '<lang>/404.html' a template name (it extends 404.html) for every language."""
    aliases = {f"{lang}/{TEMPLATE}": '{% extends "404.html" %}'
               for lang in languages.codes if lang != languages.default}
    if env.loader is not None:
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(aliases), env.loader])


def template_lang(template_name: str, languages: Languages) -> str | None:
    """The language a 404 template is for: the default for 404.html; None if not a 404."""
    if template_name == TEMPLATE:
        return languages.default
    match = LANGUAGE_TEMPLATE.match(template_name)
    return match.group(1) if match and match.group(1) in languages.codes else None


def messages(plan: SitePlan, langs: list[str], make_views: Any, site_url: str) -> list[NotFound]:
    """The 404 message of each language in `langs` (first shown by default).

    `make_views(lang)` returns that language's ViewFactory.
    """
    base = base_path(site_url)
    result = []
    for lang in langs:
        views: ViewFactory = make_views(lang)
        t = views.t
        result.append(NotFound(lang, t("ui.not_found_title"), t("ui.not_found_text"),
                               t("ui.not_found_home"), base + plan.languages.prefix(lang),
                               views.for_not_found()))
    return result


def context(context: dict[str, Any], template_name: str, plan: SitePlan,
            languages: Languages, make_views: Any, site_url: str) -> dict[str, Any]:
    """Give a 404 template its messages, its language's clamtex view and absolute links."""
    lang = template_lang(template_name, languages)
    if lang is None:
        return context
    langs = list(languages.codes) if template_name == TEMPLATE else [lang]
    found = messages(plan, langs, make_views, site_url)
    context["clamtex"] = found[0].view
    context["clamtex_404"] = found
    context["clamtex_404_base"] = base_path(site_url)
    # The page has one funding notice (in the default language); the script swaps its text.
    context["clamtex_404_funding"] = {
        m.lang: {"label": m.view.t("ui.funding_label"), "statement": m.view.funding_statement,
                 "disclaimer": m.view.funding_disclaimer} for m in found}
    context["base_url"] = base_path(site_url)  # the `url` filter joins onto it
    return context
