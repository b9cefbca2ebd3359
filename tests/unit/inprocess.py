"""The content model, the site plan and the views of a fixture site, made in-process.

No MkDocs build and no mkdocs.yml loading through MkDocs: the fixture's mkdocs.yml is read
as plain YAML and handed to the engine's own constructors, so a test takes milliseconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from clamtex.config import ClamtexConfig
from clamtex.content.model import Settings, Site, load_site
from clamtex.kinds import ContentKind, kinds_for
from clamtex.l10n.strings import load_strings
from clamtex.structure.languages import Languages
from clamtex.structure.plan import SitePlan
from clamtex.structure.views import ViewFactory
from support import SITES, plugin_options, site_config, site_languages

EDGE = SITES / "edge-cases"
MULTI = SITES / "multilingual"
TODAY = dt.date(2025, 6, 1)  # after every fixture item but the one dated 2999


def option(project: Path, name: str) -> Any:
    """A clamtex option of the project, or the plugin's default for it."""
    options = plugin_options(project, "clamtex")
    if name in options:
        return options[name]
    return getattr(ClamtexConfig, name).default


def kinds(project: Path = EDGE) -> tuple[ContentKind, ...]:
    """The content kinds, configured by the project's clamtex options."""
    options = ClamtexConfig()
    options.load_dict(dict(plugin_options(project, "clamtex")))
    errors, _ = options.validate()
    assert not errors, errors
    return kinds_for(options)


def settings(project: Path = EDGE, **changes: Any) -> Settings:
    """Validation settings as the plugin makes them from this project's mkdocs.yml."""
    codes = site_languages(project)
    made = Settings(content_dir=project / "content", languages=codes, default=codes[0],
                    tags=option(project, "tags"),
                    partners_order=tuple(option(project, "partners_order")),
                    today=TODAY, display_root=project)
    return replace(made, **changes)


def languages(project: Path = EDGE, current: str | None = None) -> Languages:
    """The project's languages as i18n reports them."""
    codes = site_languages(project)
    names = {lang["locale"]: lang["name"]
             for lang in plugin_options(project, "i18n")["languages"]}
    return Languages(codes, codes[0], current or codes[0], names, False)


def site(project: Path = EDGE, **changes: Any) -> Site:
    """The validated model of the project's content."""
    return load_site(settings(project, **changes), kinds(project))


def plan(model: Site, project: Path = EDGE, *, per_page: int | None = None,
         show_untranslated: bool = True) -> SitePlan:
    """The site plan, as the plugin builds it once for every language."""
    made = kinds(project)
    if per_page is not None:
        made[0].options.news_per_page = per_page
    return SitePlan.build(model, languages(project), made, show_untranslated=show_untranslated)


def views(site_plan: SitePlan, lang: str, project: Path = EDGE) -> ViewFactory:
    """The ViewFactory of one language, as the plugin makes it."""
    strings = load_strings(lang, option(project, "strings").get(lang))
    return ViewFactory(site_plan, strings, lang, site_config(project)["site_url"],
                       option(project, "funding")["programme"], option(project, "tags"),
                       option(project, "news_dir"), option(project, "home_news_count"),
                       kinds=kinds(project))
