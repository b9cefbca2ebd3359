"""What mkdocs-static-i18n says about languages, behind a small interface of our own:
the languages being built (`Languages`) and every configured one (`languages_of`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from clamtex.mkdocs_internals import i18n_state


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
        i18n = i18n_state(config)
        if i18n is None:
            lang = str(config.theme.get("language") or "en")
            return cls((lang,), lang, lang, {lang: lang}, False)
        default = i18n.default
        codes = [default] + [c for c in i18n.build_languages if c != default]
        return cls(tuple(codes), default, i18n.current or default, dict(i18n.names),
                   i18n.building)

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


def _raw_default(config: MkDocsConfig) -> str | None:
    """The default language as written in mkdocs.yml.

    With `build_only_locale` (one-language previews) i18n marks the previewed language as
    the default; the content's real default is still the one mkdocs.yml names.
    """
    path = config.config_file_path
    if not path or not Path(path).is_file():
        return None
    with open(path, encoding="utf-8") as handle:
        raw = yaml_load(handle) or {}
    for plugin in raw.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            for lang in plugin["i18n"].get("languages") or []:
                if isinstance(lang, dict) and lang.get("default") is True:
                    return str(lang.get("locale"))
    return None


def languages_of(config: MkDocsConfig) -> tuple[tuple[str, ...], str]:
    """Every configured language (default first) and the default, whatever is being built."""
    i18n = i18n_state(config)
    if i18n is None:
        lang = str(config.theme.get("language") or "en")
        return (lang,), lang
    codes = i18n.locales
    default = i18n.default
    if i18n.build_only_locale:
        default = _raw_default(config) or default
    return (default, *[c for c in codes if c != default]), default
