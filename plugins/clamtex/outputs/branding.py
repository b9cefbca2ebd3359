"""The site's own identity, from mkdocs.yml: the project's short name, its colours and its
default social image. The engine itself names no project (tests/test_separable.py)."""

from __future__ import annotations

from typing import Any

from clamtex.config import ClamtexConfig


def acronym(options: ClamtexConfig, config: Any) -> str:
    """The project's short name: `project.acronym`, else the site's name."""
    return str(options.project.acronym or config.site_name or "")


def colour_properties(options: ClamtexConfig) -> list[tuple[str, str]]:
    """(CSS custom property name, #colour) pairs for the <style> of every page.

    The values are checked as #rgb/#rrggbb by config.Colour: a <style> element is not
    protected by HTML escaping."""
    return [(f"--clamtex-{name.replace('_', '-')}", str(value))
            for name, value in options.colours.items()]
