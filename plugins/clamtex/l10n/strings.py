"""Language data: UI strings and funding wording per language, and CLDR dates and names."""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from babel import Locale
from babel.dates import format_skeleton, get_date_format

from clamtex.content.problems import Problem

LOCALES_DIR = Path(__file__).parent.parent / "locales"
REFERENCE_LANGUAGE = "en"


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """{'a': {'b': 'x'}} -> {'a.b': 'x'}."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def _shipped(lang: str) -> dict[str, str]:
    path = LOCALES_DIR / f"{lang}.yml"
    if not path.is_file():
        return {}
    return flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


@dataclass(frozen=True)
class Strings:
    """The UI strings of one language: shipped wording plus mkdocs.yml overrides."""

    lang: str
    values: Mapping[str, str]

    def __call__(self, key: str, **params: object) -> str:
        text = self.values.get(key, key)
        return text.format(**params) if params else text

    @property
    def babel_locale(self) -> str:
        return self.values.get("locale", self.lang)


def load_strings(lang: str, overrides: Mapping[str, Any] | None = None) -> Strings:
    values = dict(_shipped(lang))
    values.update(flatten(overrides or {}))
    return Strings(lang, values)


FUNDING_KEYS = ("statement", "disclaimer")


def required_keys(programme: str) -> list[str]:
    """Keys every language must have: all UI strings, and the chosen programme's wording."""
    keys = [k for k in _shipped(REFERENCE_LANGUAGE) if not k.startswith("funding.")]
    return keys + [f"funding.{programme}.{name}" for name in FUNDING_KEYS]


def programmes(languages: list[str], overrides: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """Programmes with wording shipped or defined in mkdocs.yml, in any language."""
    found = set()
    for lang in languages:
        for key in load_strings(lang, overrides.get(lang)).values:
            if key.startswith("funding.") and key.count(".") == 2:
                found.add(key.split(".")[1])
    return found


def check_strings(languages: list[str], programme: str,
                  overrides: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    """One problem per language and missing key, or for an unknown programme."""
    known = programmes(languages, overrides)
    if programme not in known:
        return [Problem("mkdocs.yml", 1, "funding.programme", f"unknown programme '{programme}'",
                        f"use one of: {', '.join(sorted(known))}, or define its wording "
                        "under plugins.clamtex.strings (see docs/funding-notice.md)")]
    problems = []
    for lang in languages:
        strings = load_strings(lang, overrides.get(lang))
        for key in required_keys(programme):
            if not strings.values.get(key, "").strip():
                overridden = key in flatten(overrides.get(lang) or {})
                where = "mkdocs.yml" if overridden else f"plugins/clamtex/locales/{lang}.yml"
                problems.append(Problem(
                    where, 1, key,
                    f"missing wording in language '{lang}'",
                    f"add it to that file, or under plugins.clamtex.strings.{lang} in mkdocs.yml"))
    return problems


# -- CLDR ------------------------------------------------------------------------------


@cache
def locale_of(lang: str) -> str:
    """The Babel locale a language's shipped strings name: 'ca' -> 'ca_ES'."""
    return _shipped(lang).get("locale", lang)


@cache
def babel_locale(name: str) -> Locale:
    return Locale.parse(name)


@cache
def _long_date_pattern(locale: str) -> Any:
    return get_date_format("long", locale=babel_locale(locale))


@cache
def long_date(date: dt.date, locale: str) -> str:
    """'30 June 2020', '30 de juny del 2020', ... from CLDR (format_date's "long", with
    its pattern parsed once per locale: format_date parses it again on every call)."""
    return str(_long_date_pattern(locale).apply(date, babel_locale(locale)))


@cache
def month_year(date: dt.date, locale: str) -> str:
    """'June 2020', 'juny del 2020', ... (CLDR's yMMMM skeleton)."""
    return format_skeleton("yMMMM", date, locale=locale)


@cache
def country_name(code: str, locale: str) -> str:
    return babel_locale(locale).territories.get(code, code)


_INVERTED = re.compile(r"^(?P<name>[^,]+), (?P<kind>[^,]+)$")


@cache
def region_name(code: str, lang: str) -> str:
    """ISO 3166-2 name, translated where iso-codes has a translation."""
    subdivision = pycountry.subdivisions.get(code=code)
    if subdivision is None:
        return code
    name = subdivision.name
    with contextlib.suppress(OSError):
        name = gettext.translation("iso3166-2", pycountry.LOCALES_DIR,
                                   languages=[lang]).gettext(name)
    name = re.sub(r"\s*\[.*?\]", "", name)  # 'Catalunya [Cataluña]' -> 'Catalunya'
    inverted = _INVERTED.match(name)  # 'Valenciana, Comunidad' -> 'Comunidad Valenciana'
    return f"{inverted['kind']} {inverted['name']}" if inverted else name
