"""Everything the build rejects that can be found without building, in one call.

The build (plugin/loading.py, once per run, before any language is built) and `clamtex check`
both call `content_problems`, so both print the same lines, each once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from clamtex.content.model import Site
from clamtex.content.problems import Problem
from clamtex.l10n.strings import Funding, check_strings, check_tag_labels
from clamtex.structure import publisher
from clamtex.structure.languages import Languages
from clamtex.structure.links import check_links
from clamtex.structure.plan import PlanKind, SitePlan
from clamtex.structure.project import cache_folder, clamtex_config


def content_problems(site: Site, config: MkDocsConfig, kinds: Sequence[PlanKind]) -> list[Problem]:
    """Everything the build rejects that can be found without building, one line each,
    each once: the model's problems, the wording, the tag labels and the links of every
    page in every language. The build (plugin/loading.py) and `clamtex check` both call this.
    """
    options = clamtex_config(config)
    settings = site.settings
    languages = list(settings.languages)
    config_file = Path(config.config_file_path) if config.config_file_path else None
    problems = site.problems + check_strings(languages, options.funding.programme,
                                             options.strings, config_file,
                                             Funding.from_options(options))
    problems += check_tag_labels(options.tags, languages, config_file)
    problems += publisher.problems(options, config.config_file_path, site.pages)
    everywhere = Languages(settings.languages, settings.default, settings.default, {}, False)
    plan = SitePlan.build(site, everywhere, kinds, show_untranslated=options.show_untranslated)
    cache = cache_folder(config)
    problems += check_links(site, plan, config, cache / "links.marshal" if cache else None)
    return sorted(set(problems))
