"""The EU funding notice: its wording per language, and the check of a built site."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from .funding_check import FundingText, check_site
from .l10n import load_strings
from .languages import Languages


def expected_texts(languages: tuple[str, ...], programme: str,
                   overrides: Mapping[str, Any]) -> dict[str, FundingText]:
    """Statement and disclaimer per language, as the site must show them."""
    texts = {}
    for lang in languages:
        t = load_strings(lang, overrides.get(lang))
        texts[lang] = FundingText(t(f"funding.{programme}.statement"),
                                  t(f"funding.{programme}.disclaimer"))
    return texts


def texts_for_config(config: MkDocsConfig) -> dict[str, FundingText]:
    plugin: Any = config.plugins["clamtex"]
    return expected_texts(Languages.from_config(config).codes,
                          plugin.config.funding.programme, plugin.config.strings)


def site_check(site_dir: Path, config: MkDocsConfig) -> list[str]:
    """A build check: one line per page whose funding notice is missing or wrong."""
    problems = check_site(site_dir, texts_for_config(config))
    return [f"{p.page}: funding notice: {p.problem} (see docs/funding-notice.md)"
            for p in problems]
