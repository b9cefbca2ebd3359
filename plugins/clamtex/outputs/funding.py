"""The EU funding notice: its wording per language, and the check of a built site."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from clamtex.fingerprint import code_fingerprint
from clamtex.l10n.strings import Funding, load_strings
from clamtex.outputs import branding
from clamtex.outputs.funding_check import FundingText, check_site
from clamtex.structure.languages import Languages
from clamtex.structure.project import cache_folder


def expected_texts(languages: tuple[str, ...], funding: Funding,
                   overrides: Mapping[str, Any], project: str = "") -> dict[str, FundingText]:
    """Statement and disclaimer per language, as the site must show them: loaded as the
    pages' strings are, with the authority, grant agreement and project filled in."""
    texts = {}
    programme = funding.programme
    for lang in languages:
        t = load_strings(lang, overrides.get(lang), project=project, funding=funding)
        texts[lang] = FundingText(t(f"funding.{programme}.statement"),
                                  t(f"funding.{programme}.disclaimer"))
    return texts


def texts_for_config(config: MkDocsConfig) -> dict[str, FundingText]:
    plugin: Any = config.plugins["clamtex"]
    return expected_texts(Languages.from_config(config).codes,
                          Funding.from_options(plugin.config), plugin.config.strings,
                          branding.acronym(plugin.config, config))


class CheckedPages:
    """Hashes of pages that passed the check, kept between builds (a cache, never a waiver).

    A page is skipped only if its exact bytes passed before with the same expected wording
    and the same checker code; the record is replaced only after a check with no problem.
    A page that is the very file checked before (same device, inode, modification time and
    size: a hard link into the render cache) is known without reading it.
    """

    def __init__(self, path: Path, salt: str) -> None:
        self.path = path
        self.salt = salt.encode()
        try:
            self.passed = set(path.read_text(encoding="ascii").split())
        except OSError:
            self.passed = set()
        self.seen: set[str] = set()

    def known_good(self, html: bytes) -> bool:
        key = hashlib.sha1(self.salt + html).hexdigest()
        self.seen.add(key)
        return key in self.passed

    def known_file(self, stat: os.stat_result) -> bool:
        identity = f"file:{stat.st_dev}:{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"
        key = hashlib.sha1(self.salt + identity.encode()).hexdigest()
        self.seen.add(key)  # kept only if the whole check passes, as every key
        return key in self.passed

    def save(self) -> None:
        """Keep the record; a cache that cannot be written is one warning, never an error."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text("\n".join(sorted(self.seen)), encoding="ascii")
        except OSError as exc:
            from clamtex.cachefiles import cache_problem, warn

            warn(cache_problem(self.path.parent, exc))


def checked_pages(config: MkDocsConfig, texts: dict[str, FundingText]) -> CheckedPages | None:
    """The record of checked pages, if the render cache is on."""
    root = cache_folder(config)
    if root is None:
        return None
    salt = repr(sorted(texts.items())) + code_fingerprint()
    return CheckedPages(root / "funding-checked.txt", salt)


def site_check(site_dir: Path, config: MkDocsConfig, *, every_page: bool = False) -> list[str]:
    """A build check: one line per page whose funding notice is missing or wrong.

    Pages whose exact bytes passed an earlier build's check are skipped, unless
    `every_page` (as `clamtex check-site` asks).
    """
    texts = texts_for_config(config)
    record = None if every_page else checked_pages(config, texts)
    problems = check_site(site_dir, texts, record.known_good if record else None,
                          record.known_file if record else None)
    if record is not None and not problems:
        record.save()
    return [f"{p.page}: funding notice: {p.problem} (see docs/funding-notice.md)"
            for p in problems]
