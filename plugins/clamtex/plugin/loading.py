"""The content model of a run: read and validated once, with its images prepared."""

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
from clamtex.outputs.images import Images, uses_of_site
from clamtex.structure.project import cache_folder, settings_from_config
from clamtex.structure.validation import content_problems

log = logging.getLogger("mkdocs.plugins.clamtex")


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
