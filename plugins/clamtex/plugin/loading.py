"""The content model of a run (read and validated once, with its images prepared), and
the views of a language."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from clamtex.config import ClamtexConfig
from clamtex.content.model import Settings, Site, load_site
from clamtex.content.problems import ContentError, errors_in
from clamtex.exceptions import ProjectError
from clamtex.kinds import ContentKind
from clamtex.l10n.strings import Funding, load_strings
from clamtex.outputs import branding
from clamtex.outputs.images import Images, uses_of_site
from clamtex.structure.plan import SitePlan
from clamtex.structure.project import cache_folder, settings_from_config
from clamtex.structure.validation import content_problems
from clamtex.structure.views import ViewFactory

log = logging.getLogger("mkdocs.plugins.clamtex")


def views_for(plan: SitePlan, lang: str, options: ClamtexConfig, config: MkDocsConfig,
              images: Images | None, kinds: Sequence[ContentKind]) -> ViewFactory:
    """The ViewFactory of a language: its strings (with the project's name and the
    funding's authority and grant agreement filled in) and the kinds' views."""
    strings = load_strings(lang, options.strings.get(lang),
                           project=branding.acronym(options, config),
                           funding=Funding.from_options(options))
    return ViewFactory(plan, strings, lang, config.site_url or "", options.funding.programme,
                       options.tags, options.news_dir, options.home_news_count,
                       options=options, images=images, kinds=kinds)


def load(config: MkDocsConfig, options: ClamtexConfig, kinds: Sequence[ContentKind], *,
         drafts: bool, settings: Settings | None = None) -> tuple[Site, Images | None]:
    """Read and validate all content and wording; stop on any error (one PluginError
    holding every line, as `clamtex check` prints them). The image pipeline, prepared for
    what valid content shows."""
    if settings is None:
        try:
            settings = replace(settings_from_config(config, kinds), drafts=drafts)
        except ProjectError as error:  # CLAMTEX_TODAY: one line
            raise PluginError(str(error)) from None
    site = load_site(settings, kinds)
    # The same lines as `clamtex check`: links included, each once for all languages.
    problems = content_problems(site, config, kinds)
    images = None
    if not errors_in(problems):  # images named by valid content only
        images = Images(settings.content_dir, cache_folder(config), options.image_widths,
                        quality=options.image_quality)
        problems += images.prepare(uses_of_site(site))
    for warning in (p for p in problems if p.severity == "warning"):
        log.info(str(warning))
    if errors_in(problems):
        raise PluginError(str(ContentError(problems)))
    return site, images
