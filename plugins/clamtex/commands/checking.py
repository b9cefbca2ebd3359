"""`clamtex check`: validate every content file and the wording, without building."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from clamtex.commands import upcoming
from clamtex.content.frontmatter import SourceFile
from clamtex.content.model import Site
from clamtex.content.problems import Problem
from clamtex.structure.project import Project
from clamtex.structure.validation import content_problems

# What `clamtex new` writes where an editor must write something.
PLACEHOLDER = "TODO"
_PLACEHOLDER = re.compile(rf"\b{PLACEHOLDER}\b")


def check_project(project: Project) -> list[Problem]:
    """Every problem in the content and in the UI/funding wording, sorted by file and line."""
    site = project.load_site()
    problems = content_problems(site, project.config, project.kinds) + list(placeholders(site))
    problems += config_placeholders(project)
    problems += image_problems(project, site)
    problems += upcoming.notes(upcoming.upcoming(site, project.kinds))  # info lines, never errors
    return sorted(set(problems))


def image_problems(project: Project, site: Site) -> list[Problem]:
    """Images that cannot be published, and warnings about originals (nothing is made)."""
    from clamtex.outputs.images import Images, uses_of_site
    from clamtex.structure.project import cache_folder

    options = project.options
    images = Images(project.settings.content_dir, cache_folder(project.config),
                    options.image_widths, quality=options.image_quality)
    return images.prepare(uses_of_site(site), make=False)


def _sources(site: Site) -> Iterator[SourceFile]:
    """Originals and translations; stubs are still to translate, `clamtex status` lists them."""
    for entry in site.entries.values():
        yield from (text.source for text in entry.texts.values())


def placeholders(site: Site) -> Iterator[Problem]:
    """A warning for each placeholder left by `clamtex new` (front matter and body)."""
    for source in _sources(site):
        for name, value in source.meta.items():
            # A group of fields (an event's location) is looked into, one level deep.
            inner = value.items() if isinstance(value, dict) else ()
            for field, text in [(name, value), *((f"{name}.{k}", v) for k, v in inner)]:
                if isinstance(text, str) and _PLACEHOLDER.search(text):
                    yield Problem(source.display, source.line_of(name), field,
                                  f"still holds the {PLACEHOLDER} placeholder",
                                  f"replace the text after {field.rsplit('.', 1)[-1]}: with "
                                  "your own", "warning")
        offset = source.body_line()
        for number, line in enumerate(source.body.splitlines(), start=offset):
            if _PLACEHOLDER.search(line):
                yield Problem(source.display, number, "body",
                              f"still holds the {PLACEHOLDER} placeholder",
                              "replace that line with your own text", "warning")


def config_placeholders(project: Project) -> list[Problem]:
    """A warning for each placeholder left in mkdocs.yml (`clamtex init` writes some)."""
    path = Path(project.config.config_file_path or "mkdocs.yml")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    found = []
    for number, line in enumerate(lines, start=1):
        text = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
        if _PLACEHOLDER.search(text):
            key = text.split(":", 1)[0].strip() or "line"
            found.append(Problem("mkdocs.yml", number, key,
                                 f"still holds the {PLACEHOLDER} placeholder",
                                 f"replace the text after {key}: with your own", "warning"))
    return found


def counts(problems: list[Problem]) -> dict[str, int]:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    return {"errors": errors, "warnings": warnings}


def summary_line(problems: list[Problem], strict: bool = False) -> str:
    found = counts(problems)
    if not found["errors"] and not found["warnings"]:  # info lines are no problems
        return "No problems found."
    if found["errors"]:
        verdict = "fix the errors before publishing"
    elif strict:  # `make test` and CI: the build would pass, the check does not
        verdict = "not ready to publish (--strict: every warning fails)"
    else:
        verdict = "the site can be built"
    return (f"{found['errors']} error(s), {found['warnings']} warning(s): {verdict}.")


def as_text(problems: list[Problem], strict: bool = False) -> str:
    return "\n".join([*(str(p) for p in problems), summary_line(problems, strict)])


def as_json(problems: list[Problem]) -> str:
    """Problems (errors and warnings), their counts, and the info lines as `notes`."""
    return json.dumps({"problems": [p.as_dict() for p in problems if p.severity != "info"],
                       **counts(problems),
                       "notes": [p.as_dict() for p in problems if p.severity == "info"]},
                      ensure_ascii=False, indent=2)
