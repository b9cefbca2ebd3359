"""What mkdocs-static-i18n says about languages, behind a small interface of our own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig


@dataclass(frozen=True)
class Languages:
    """The site's languages; `current` is the one being built."""

    codes: tuple[str, ...]  # default language first
    default: str
    current: str
    names: dict[str, str]
    nested: bool  # True inside i18n's per-language builds after the first

    @classmethod
    def from_config(cls, config: MkDocsConfig) -> Languages:
        i18n: Any = config.plugins.get("i18n")
        if i18n is None:
            lang = str(config.theme.get("language") or "en")
            return cls((lang,), lang, lang, {lang: lang}, False)
        default = i18n.default_language
        codes = [default] + [c for c in i18n.build_languages if c != default]
        names = {lang.locale: lang.name for lang in i18n.config.languages}
        return cls(tuple(codes), default, i18n.current_language or default, names,
                   bool(i18n.building))

    def prefix(self, lang: str) -> str:
        """URL prefix of a language: '' for the default, 'es/' for Spanish."""
        return "" if lang == self.default else f"{lang}/"


def page_path(key: str) -> str:
    """Directory URL of a Markdown path: 'news/x.md' -> 'news/x/', 'index.md' -> ''."""
    stem = key[: -len(".md")] if key.endswith(".md") else key
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"
