"""Language data: UI strings and funding wording per language, and CLDR dates and names."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import gettext
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pycountry
import yaml
from babel import Locale
from babel.dates import format_skeleton, get_date_format

from clamtex.content.problems import Problem

if TYPE_CHECKING:
    from clamtex.config import ClamtexConfig

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


# A locale file's list of keys whose text is rightly the same as in English ("Online",
# "Contact"): they are not counted as copied untranslated (check_strings).
SAME_AS_ENGLISH = "same_as_english"
# PyYAML's libyaml parser where it is built (its wheels have it): the same data, faster.
FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _locale_file(lang: str) -> tuple[dict[str, str], str | None, frozenset[str]]:
    """A language's shipped strings, what is wrong with its file (None: nothing), and the
    keys it says are rightly the same as in English."""
    path = LOCALES_DIR / f"{lang}.yml"
    if not path.is_file():
        return {}, "missing", frozenset()
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=FAST_LOADER)  # libyaml: 5 files per build, 6x faster
    except yaml.YAMLError:
        try:  # the pure-Python parser's message, as the one the docs show
            yaml.safe_load(text)
        except yaml.YAMLError as exc:
            return {}, " ".join(str(exc).split()), frozenset()
        raise
    except (OSError, UnicodeDecodeError) as exc:
        return {}, " ".join(str(exc).split()), frozenset()
    if data is None:
        return {}, None, frozenset()
    if not isinstance(data, Mapping):
        return {}, "is not a list of 'key: text' lines", frozenset()
    data = dict(data)
    same = data.pop(SAME_AS_ENGLISH, None) or []
    if not isinstance(same, list):
        return {}, f"{SAME_AS_ENGLISH}: must be a list of keys", frozenset()
    return flatten(data), None, frozenset(str(key) for key in same)


def _shipped(lang: str) -> dict[str, str]:
    return _locale_file(lang)[0]


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


# The granting authority a programme's disclaimer names ({authority}) when mkdocs.yml's
# funding.authority names none; every other programme: FALLBACK_AUTHORITY.
DEFAULT_AUTHORITY = {"cosme": "easme"}
FALLBACK_AUTHORITY = "european-commission"


@dataclass(frozen=True)
class Funding:
    """What mkdocs.yml says of the site's funding: the programme, and the facts its
    wording's placeholders take ({authority}, {grant_agreement})."""

    programme: str
    authority: str = ""  # a key of `authorities` ("": the programme's default)
    authority_name: str | Mapping[str, str] = ""  # a national agency's name: overrides it
    grant_agreement: str = ""

    @classmethod
    def from_options(cls, options: ClamtexConfig) -> Funding:
        funding = options.funding
        return cls(str(funding.programme), str(funding.authority or ""),
                   funding.authority_name or "",
                   str(funding.grant_agreement or options.project.grant_agreement or ""))

    @property
    def authority_key(self) -> str:
        return self.authority or DEFAULT_AUTHORITY.get(self.programme, FALLBACK_AUTHORITY)

    def authority_in(self, lang: str, values: Mapping[str, str]) -> str:
        """The authority's name in a language's sentence ("" if it has none)."""
        name = self.authority_name
        if isinstance(name, Mapping):
            name = name.get(lang, "")
        return str(name).strip() or values.get(f"authorities.{self.authority_key}", "")


def load_strings(lang: str, overrides: Mapping[str, Any] | None = None,
                 project: str = "", funding: Funding | None = None) -> Strings:
    """A language's strings with mkdocs.yml's facts in their placeholders: `project` (the
    project's short name) in every {project} (the engine's own wording names no project),
    and `funding`'s granting authority and grant agreement number in every {authority}
    and {grant_agreement} (check_strings makes sure each one the wording needs is set)."""
    values = dict(_shipped(lang))
    values.update(flatten(overrides or {}))
    facts = {"{project}": project}
    if funding is not None:
        facts["{authority}"] = funding.authority_in(lang, values)
        facts["{grant_agreement}"] = funding.grant_agreement
    facts = {field: text for field, text in facts.items() if text}
    if facts:
        values = {key: _fill(text, facts) for key, text in values.items()}
    return Strings(lang, values)


def _fill(text: str, facts: Mapping[str, str]) -> str:
    for field, value in facts.items():
        text = text.replace(field, value)
    return text


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


def _override_tree(overrides: Any) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """(flat overrides by language, problems of their shape)."""
    problems: list[Problem] = []
    flat: dict[str, dict[str, str]] = {}
    if not isinstance(overrides, Mapping):
        return flat, [Problem("mkdocs.yml", 1, "strings", "must map languages to texts",
                              "write e.g. strings: {fr: {ui.home: Accueil}}")]
    for lang, tree in overrides.items():
        if not isinstance(tree, Mapping):
            problems.append(Problem("mkdocs.yml", 1, f"strings.{lang}",
                                    "must list 'key: text' lines",
                                    f"write e.g. strings: {{{lang}: {{ui.home: ...}}}}"))
            continue
        flat[str(lang)] = flatten(tree)
    return flat, problems


def _fields(text: str) -> set[str] | None:
    """The {placeholders} of a text, or None when its braces are not well formed."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def check_strings(languages: list[str], programme: str,
                  overrides: Mapping[str, Mapping[str, Any]],
                  config_file: Path | None = None, funding: Funding | None = None
                  ) -> list[Problem]:
    """Every problem of the UI strings and funding wording, one line each.

    A locale file that is missing, unreadable or lacks a key, or whose texts are the
    English ones copied untranslated; a text whose {placeholders} differ from the English
    one's (the page would fail to render); an override in mkdocs.yml for a language the
    site does not have or a key no template uses; a granting authority that does not
    exist, or a grant agreement number the programme's wording needs and mkdocs.yml does
    not give. `config_file` (mkdocs.yml) gives the lines of the overrides.
    """
    where = _Lines(config_file)
    flat, problems = _override_tree(overrides)
    known = programmes(languages, flat)
    if programme not in known:
        return [*problems, Problem(
            "mkdocs.yml", where.line("plugins", "clamtex", "funding", "programme"),
            "funding.programme", f"unknown programme '{programme}'",
            f"use one of: {', '.join(sorted(known))} (Horizon Europe and the other "
            "2021-2027 programmes: funded or cofunded), or define its wording under "
            "plugins.clamtex.strings (see docs/funding-notice.md)")]
    reference = _shipped(REFERENCE_LANGUAGE)
    problems += _funding_problems(languages, funding or Funding(programme), flat, where)
    for lang, keys in flat.items():
        path = ("plugins", "clamtex", "strings", lang)
        if lang not in languages:
            problems.append(Problem(
                "mkdocs.yml", where.line(*path), f"strings.{lang}",
                f"'{lang}' is not one of the site's languages ({', '.join(languages)})",
                "correct the language code, or remove these lines"))
            continue
        for key in keys:
            parts = key.split(".")
            if key in reference or (len(parts) == 3 and parts[0] == "funding"
                                    and parts[2] in FUNDING_KEYS):
                continue
            close = difflib.get_close_matches(key, list(reference), n=1)
            problems.append(Problem(
                "mkdocs.yml", where.line(*path, *key.split(".")), f"strings.{lang}.{key}",
                "no such UI string",
                f"did you mean {close[0]}?" if close else
                "use a key of plugins/clamtex/locales/en.yml, or remove the line"))
    for lang in languages:
        problems += _language_problems(lang, programme, flat.get(lang, {}), where)
    return problems


def _funding_problems(languages: list[str], funding: Funding,
                      overrides: Mapping[str, Mapping[str, str]],
                      where: _Lines) -> list[Problem]:
    """The facts the programme's wording needs: an authority that exists, a grant
    agreement number where a text has {grant_agreement}, an agency name per language."""
    section = ("plugins", "clamtex", "funding")
    problems = []
    authorities = sorted(key.split(".", 1)[1] for key in _shipped(REFERENCE_LANGUAGE)
                         if key.startswith("authorities."))
    if funding.authority and funding.authority not in authorities:
        problems.append(Problem(
            "mkdocs.yml", where.line(*section, "authority"), "funding.authority",
            f"unknown granting authority '{funding.authority}'",
            f"use one of: {', '.join(authorities)}, or name a national agency with "
            "funding.authority_name"))
    texts = [load_strings(lang, overrides.get(lang))(f"funding.{funding.programme}.{name}")
             for lang in languages for name in FUNDING_KEYS]
    if not funding.grant_agreement and any("{grant_agreement}" in text for text in texts):
        problems.append(Problem(
            "mkdocs.yml", where.line(*section), "funding.grant_agreement",
            f"the {funding.programme} funding notice names the grant agreement number, and "
            "none is set", "add grant_agreement: followed by the number on your grant "
            "agreement, under plugins.clamtex.funding in mkdocs.yml"))
    if isinstance(funding.authority_name, Mapping) and any("{authority}" in t for t in texts):
        for lang in languages:
            if not str(funding.authority_name.get(lang) or "").strip():
                name = _english_name(lang)
                problems.append(Problem(
                    "mkdocs.yml", where.line(*section, "authority_name"),
                    "funding.authority_name", f"has no name in {name} ({lang})",
                    f"add {lang}: followed by the agency's name in {name}, as the "
                    "disclaimer's sentence needs it"))
    return problems


# Keys whose text is the same in most languages (a number and a unit): never counted as
# copied. COPIED_LIMIT: how many other texts may equal the English ones before a locale is
# taken for an untranslated copy ("Online", "Contact", "Type" are the same in some).
SAME_EVERYWHERE = frozenset({"documents.file_info", "documents.size_bytes",
                             "documents.size_kb", "documents.size_mb"})
COPIED_LIMIT = 5
_NAMED_AT_MOST = 20


def _copied_problems(lang: str, values: Mapping[str, str], overrides: Mapping[str, str],
                     same: frozenset[str], where: _Lines) -> list[Problem]:
    """One line if more than COPIED_LIMIT of a language's texts are the English ones."""
    reference = _shipped(REFERENCE_LANGUAGE)
    copied = [key for key, text in reference.items()
              if key not in SAME_EVERYWHERE and key not in same
              and " ".join(str(values.get(key, "")).split()) == " ".join(text.split())]
    if lang == REFERENCE_LANGUAGE or len(copied) <= COPIED_LIMIT:
        return []
    name = _english_name(lang)
    named = ", ".join(copied[:_NAMED_AT_MOST])
    if len(copied) > _NAMED_AT_MOST:
        named += f" and {len(copied) - _NAMED_AT_MOST} more"
    in_config = sum(key in overrides for key in copied) * 2 > len(copied)
    first = copied[0].split(".")
    return [Problem(
        "mkdocs.yml" if in_config else f"plugins/clamtex/locales/{lang}.yml",
        where.line("plugins", "clamtex", "strings", lang, *first) if in_config
        else _Lines(LOCALES_DIR / f"{lang}.yml").line(*first), "texts",
        f"{len(copied)} texts are the English ones, not translated into {name}: {named}",
        f"translate them under plugins.clamtex.strings.{lang}" if in_config else
        f"translate them (a text rightly the same as in English goes in that file's "
        f"{SAME_AS_ENGLISH}: list)")]


def _language_problems(lang: str, programme: str, overrides: Mapping[str, str],
                       where: _Lines) -> list[Problem]:
    shipped, trouble, same = _locale_file(lang)
    locale_path = f"plugins/clamtex/locales/{lang}.yml"
    values = {**shipped, **overrides}
    required = required_keys(programme)
    missing = [key for key in required if not str(values.get(key, "")).strip()]
    if trouble == "missing" and missing:
        shipped_languages = sorted(path.stem for path in LOCALES_DIR.glob("*.yml"))
        return [Problem(locale_path, 1, "file", f"no UI strings for language '{lang}' "
                        f"({len(missing)} texts missing; the engine has them for "
                        f"{', '.join(shipped_languages)})",
                        f"copy plugins/clamtex/locales/{REFERENCE_LANGUAGE}.yml to {lang}.yml "
                        "and translate it")]
    if trouble not in (None, "missing"):
        return [Problem(locale_path, 1, "file", f"cannot be read: {trouble}",
                        "correct the YAML of this file")]
    problems = []
    locale_lines = _Lines(LOCALES_DIR / f"{lang}.yml")
    reference = _shipped(REFERENCE_LANGUAGE)
    for key in missing:
        overridden = key in overrides
        problems.append(Problem(
            "mkdocs.yml" if overridden else locale_path,
            where.line("plugins", "clamtex", "strings", lang, *key.split(".")) if overridden
            else locale_lines.line(*key.split(".")), key,
            f"missing wording in language '{lang}'",
            f"add it to that file, or under plugins.clamtex.strings.{lang} in mkdocs.yml"))
    for key, text in values.items():
        expected = _fields(reference.get(key, "")) if key in reference else None
        if not expected or key in missing:
            continue  # a text without placeholders is used as it is
        found = _fields(str(text))
        if found is not None and found <= expected:
            continue
        overridden = key in overrides
        shown = ", ".join(f"{{{name}}}" for name in sorted(expected))
        problems.append(Problem(
            "mkdocs.yml" if overridden else locale_path,
            where.line("plugins", "clamtex", "strings", lang, *key.split(".")) if overridden
            else locale_lines.line(*key.split(".")), key,
            f"the {lang} text has placeholders other than {shown}"
            if found is not None else f"the {lang} text has an unmatched {{ or }}",
            f"keep the placeholders as in English ({shown}), translated text around them"))
    problems += _copied_problems(lang, values, overrides, same, where)
    return problems


def check_tag_labels(tags: Any, languages: list[str],
                     config_file: Path | None = None) -> list[Problem]:
    """Every tag of plugins.clamtex.tags needs a label in every language of the site
    (without one, its pages would silently show the default language's label)."""
    where = _Lines(config_file)
    if not isinstance(tags, Mapping):
        return [Problem("mkdocs.yml", where.line("plugins", "clamtex", "tags"), "tags",
                        "must map each tag to its labels",
                        "write e.g. tags: {training: {en: Training, fr: Formation}}")]
    problems = []
    for tag, labels in tags.items():
        path = ("plugins", "clamtex", "tags", str(tag))
        if not isinstance(labels, Mapping):
            problems.append(Problem(
                "mkdocs.yml", where.line(*path), f"tags.{tag}", "has no label per language",
                f"write one line per language under it, e.g. {languages[0]}: {labels}"))
            continue
        for lang in languages:
            label = labels.get(lang)
            if isinstance(label, str) and label.strip():
                continue
            name = _english_name(lang)
            problem = "has no label in" if label is None else "has an empty label in"
            if label is not None and not isinstance(label, str):
                problem = "has a label that is not text in"
            problems.append(Problem(
                "mkdocs.yml", where.line(*path, lang) if label is not None
                else where.line(*path), f"tags.{tag}", f"{problem} {name} ({lang})",
                f"add {lang}: followed by the {name} label, under "
                f"plugins.clamtex.tags.{tag} in mkdocs.yml"))
        for lang in labels:
            if lang not in languages:
                problems.append(Problem(
                    "mkdocs.yml", where.line(*path, str(lang)), f"tags.{tag}.{lang}",
                    f"'{lang}' is not one of the site's languages ({', '.join(languages)})",
                    "correct the language code, or remove the line", "warning"))
    return problems


def yaml_line(path: Path | None, *parts: str) -> int:
    """The line where a key is written in a YAML file (mkdocs.yml), 1 if not found."""
    return _Lines(path).line(*parts)


def _english_name(lang: str) -> str:
    try:
        return str(Locale.parse(lang).english_name or lang)
    except (ValueError, TypeError, LookupError):
        return lang


class _Lines:
    """Lines of keys in a YAML file (mkdocs.yml, a locale file), found without loading it
    (`!ENV` and other tags are kept as they are): 1 when the key is not found."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    @cached_property
    def root(self) -> yaml.Node | None:
        """Read only when a problem needs a line (composing YAML in Python is slow)."""
        if self.path is None:
            return None
        try:
            return yaml.compose(Path(self.path).read_text(encoding="utf-8-sig"),
                                Loader=FAST_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None

    def line(self, *parts: str) -> int:
        """Line of the deepest key of `parts` written (a dotted key may be written either
        way: ui.home: or ui: then home:); the line of its nearest written parent else."""
        node, line, rest = self.root, 1, list(parts)
        while rest and node is not None:
            found = None
            if isinstance(node, yaml.SequenceNode):  # plugins: - clamtex: ...
                for item in node.value:
                    if isinstance(item, yaml.MappingNode):
                        for key, value in item.value:
                            if key.value == rest[0]:
                                found = (key, value, 1)
                    elif isinstance(item, yaml.ScalarNode) and item.value == rest[0]:
                        found = (item, None, 1)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    for size in range(len(rest), 0, -1):
                        if key.value == ".".join(rest[:size]):
                            found = (key, value, size)
                            break
                    if found:
                        break
            if found is None:
                break
            key, node, size = found
            line = key.start_mark.line + 1
            rest = rest[size:]
        return line


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
