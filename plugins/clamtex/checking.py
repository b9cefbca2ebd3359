"""`clamtex check`: validate every content file and the wording, without building."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from .frontmatter import SourceFile
from .l10n import check_strings, check_tag_labels
from .languages import Languages
from .links import body_offset, check_links
from .model import Site
from .plan import SitePlan
from .problems import Problem
from .project import Project, cache_folder, clamtex_config

# What `clamtex new` writes where an editor must write something.
PLACEHOLDER = "TODO"
_PLACEHOLDER = re.compile(rf"\b{PLACEHOLDER}\b")


def check_project(project: Project) -> list[Problem]:
    """Every problem in the content and in the UI/funding wording, sorted by file and line."""
    site = project.load_site()
    problems = content_problems(site, project.config) + list(placeholders(site))
    return sorted(set(problems))


def content_problems(site: Site, config: MkDocsConfig) -> list[Problem]:
    """Everything the build rejects that can be found without building, one line each,
    each once: the model's problems, the wording, the tag labels and the links of every
    page in every language. The build (plugin.load) and `clamtex check` both call this.
    """
    options = clamtex_config(config)
    settings = site.settings
    languages = list(settings.languages)
    config_file = Path(config.config_file_path) if config.config_file_path else None
    problems = site.problems + check_strings(languages, options.funding.programme,
                                             options.strings, config_file)
    problems += check_tag_labels(options.tags, languages, config_file)
    everywhere = Languages(settings.languages, settings.default, settings.default, {}, False)
    plan = SitePlan.build(site, everywhere, news_dir=options.news_dir,
                          per_page=options.news_per_page,
                          show_untranslated=options.show_untranslated)
    cache = cache_folder(config)
    problems += check_links(site, plan, config, cache / "links.marshal" if cache else None)
    return sorted(set(problems))


def _sources(site: Site) -> Iterator[SourceFile]:
    """Originals and translations; stubs are still to translate, `clamtex status` lists them."""
    for entry in site.entries.values():
        yield from (text.source for text in entry.texts.values())


def placeholders(site: Site) -> Iterator[Problem]:
    """A warning for each placeholder left by `clamtex new` (front matter and body)."""
    for source in _sources(site):
        for name, value in source.meta.items():
            if isinstance(value, str) and _PLACEHOLDER.search(value):
                yield Problem(source.display, source.line_of(name), name,
                              f"still holds the {PLACEHOLDER} placeholder",
                              f"replace the text after {name}: with your own", "warning")
        offset = body_offset(source)
        for number, line in enumerate(source.body.splitlines(), start=offset):
            if _PLACEHOLDER.search(line):
                yield Problem(source.display, number, "body",
                              f"still holds the {PLACEHOLDER} placeholder",
                              "replace that line with your own text", "warning")


def counts(problems: list[Problem]) -> dict[str, int]:
    errors = sum(1 for p in problems if p.severity == "error")
    return {"errors": errors, "warnings": len(problems) - errors}


def summary_line(problems: list[Problem]) -> str:
    found = counts(problems)
    if not problems:
        return "No problems found."
    verdict = "fix the errors before publishing" if found["errors"] else "the site can be built"
    return (f"{found['errors']} error(s), {found['warnings']} warning(s): {verdict}.")


def as_text(problems: list[Problem]) -> str:
    return "\n".join([*(str(p) for p in problems), summary_line(problems)])


def as_json(problems: list[Problem]) -> str:
    return json.dumps({"problems": [p.as_dict() for p in problems], **counts(problems)},
                      ensure_ascii=False, indent=2)
