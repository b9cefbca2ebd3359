"""The project as the editors' tools see it: mkdocs.yml read without building.

`settings_from_config` is shared by the plugin (while building) and the `clamtex new`,
`check` and `status` commands, so they all validate content with the same settings.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from clamtex.config import ClamtexConfig
from clamtex.content import schedule
from clamtex.content.model import Entry, EntryKind, Settings, Site, load_site
from clamtex.content.problems import Problem
from clamtex.exceptions import ProjectError
from clamtex.l10n.strings import Funding, check_strings
from clamtex.structure.languages import languages_of
from clamtex.structure.plan import PlanKind


def clamtex_config(config: MkDocsConfig) -> ClamtexConfig:
    plugin: Any = config.plugins.get("clamtex")
    if plugin is None:
        raise ValueError("mkdocs.yml has no 'clamtex' plugin")
    return plugin.config


def cache_folder(config: MkDocsConfig) -> Path | None:
    """The cache folder, or None when caching is off (setting `cache`, or CLAMTEX_CACHE=0)."""
    options = clamtex_config(config)
    if not options.cache or os.environ.get("CLAMTEX_CACHE") == "0":
        return None
    return Path(config.config_file_path or "mkdocs.yml").parent / options.cache_dir


# What the site writes itself at the root of a language (outputs/: seo, deploy, notfound,
# search, cms and the theme's assets): a content file there would be overwritten.
SITE_FILES = {"sitemap.xml": "the sitemap", "robots.txt": "robots.txt",
              "CNAME": "the custom-domain file", "404.html": "the page-not-found page"}
SITE_FOLDERS = {"pagefind/": "the search index", "admin/": "the browser editor",
                "assets/clamtex/": "the theme's own files"}


class Kind(EntryKind, PlanKind, Protocol):
    """A content kind as the editors' tools need it (clamtex.kinds.ContentKind)."""

    def reserved(self, dest: str) -> str | None:
        """What the kind generates at a path of a language's folder in site/, or None."""

    def coming(self, site: Site) -> list[tuple[dt.date, str, Entry, bool]]:
        """(date, field, entry, not shown yet) of what is to come (status, check)."""


def reserved_at(kinds: Sequence[Kind], dest: str) -> str | None:
    """What the site generates at a path of a language's folder in site/, or None."""
    if dest in SITE_FILES:
        return SITE_FILES[dest]
    for folder, what in SITE_FOLDERS.items():
        if dest.startswith(folder):
            return what
    for kind in kinds:
        generated = kind.reserved(dest)
        if generated is not None:
            return generated
    return None


def settings_from_config(config: MkDocsConfig, kinds: Sequence[Kind]) -> Settings:
    """Validation settings from a loaded MkDocs configuration (`kinds`: clamtex.kinds)."""
    options = clamtex_config(config)
    codes, default = languages_of(config)
    cache = cache_folder(config)
    return Settings(
        content_dir=Path(config.docs_dir), languages=codes, default=default,
        tags=options.tags, partners_order=tuple(options.partners_order),
        news_dir=options.news_dir, partners_dir=options.partners_dir,
        show_future=options.show_future,
        today=schedule.today(options.timezone, os.environ),
        display_root=Path(config.config_file_path or config.docs_dir).parent,
        parse_store=cache / "frontmatter.marshal" if cache is not None else None,
        reserved=lambda news_dir, dest: reserved_at(kinds, dest),
        site_url=config.site_url or "",
        markdown_extensions=tuple(config.markdown_extensions),
        mdx_configs=dict(config.mdx_configs or {}))


@dataclass
class Project:
    """A loaded mkdocs.yml and the content it points at."""

    config: MkDocsConfig
    settings: Settings
    kinds: tuple[Kind, ...]

    @property
    def root(self) -> Path:
        return Path(self.config.config_file_path).parent

    @property
    def options(self) -> ClamtexConfig:
        return clamtex_config(self.config)

    def load_site(self) -> Site:
        return load_site(self.settings, self.kinds)

    def string_problems(self) -> list[Problem]:
        options = self.options
        return check_strings(list(self.settings.languages), options.funding.programme,
                             options.strings, funding=Funding.from_options(options))


def open_project(config_file: Path, kinds: Callable[[ClamtexConfig], Sequence[Kind]]) -> Project:
    """Load mkdocs.yml (no build); configuration errors become a ProjectError.

    `kinds`: the content kinds of a configuration (clamtex.kinds.kinds_for)."""
    from mkdocs.exceptions import ConfigurationError

    if not config_file.is_file():
        raise ProjectError(f"{config_file}: not found (run clamtex in the folder that holds "
                           "mkdocs.yml, or give it with -f)")
    try:
        config = load_config(str(config_file))
        made = tuple(kinds(clamtex_config(config)))
        return Project(config, settings_from_config(config, made), made)
    except (ConfigurationError, ValueError) as exc:
        raise ProjectError(f"{config_file}: {exc}") from None
