"""A language's UI strings must exist, be complete and be translated: never English shown
silently on another language's pages. `clamtex check` on the five-language fixture with a
language added, and check_strings on a copy of the locale folder (a locale file copied
from en.yml, as a new language's translator starts)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from support import ROOT, edit_file, fixture_site, run_clamtex

LOCALES = ROOT / "plugins" / "clamtex" / "locales"
# Not an official EU language: no helper ships UI strings for it (issue 21 adds the EU's 24,
# ca, eu and gl).
NEW = "tr"


def _add_language(project: Path, code: str) -> None:
    edit_file(project / "mkdocs.yml", "        - locale: fr\n",
              f"        - locale: {code}\n          name: {code}\n          build: true\n"
              "        - locale: fr\n")
    edit_file(project / "mkdocs.yml", "          fr: Réunions\n",
              f"          fr: Réunions\n          {code}: Toplantilar\n")


def _flat(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


def test_a_language_without_strings_is_one_line_naming_those_that_exist(
        tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "site")
    _add_language(project, NEW)
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    [line] = [text for text in result.stdout.splitlines() if f"locales/{NEW}.yml" in text]
    shipped = ", ".join(sorted(path.stem for path in LOCALES.glob("*.yml")))
    assert line.startswith(f"plugins/clamtex/locales/{NEW}.yml:1: file: no UI strings for "
                           f"language '{NEW}' (")
    assert f"the engine has them for {shipped})" in line
    assert line.endswith(f"(copy plugins/clamtex/locales/en.yml to {NEW}.yml and translate it)")


def test_english_copied_into_mkdocs_yml_is_one_line_naming_the_keys(tmp_path: Path) -> None:
    """Every text given in mkdocs.yml, but the English ones: an error, not a German (here:
    Turkish) site in English."""
    project = fixture_site("multilingual", tmp_path / "site")
    _add_language(project, NEW)
    english = _flat(yaml.safe_load((LOCALES / "en.yml").read_text(encoding="utf-8")))
    lines = "".join(f"          {key}: {yaml.safe_dump(text, width=10**6).splitlines()[0]}\n"
                    for key, text in english.items() if not key.startswith("funding."))
    lines += "".join(f"          funding.cosme.{key}: Turkish {key}\n"
                     for key in ("statement", "disclaimer"))
    edit_file(project / "mkdocs.yml", "  - clamtex:\n",
              f"  - clamtex:\n      strings:\n        {NEW}:\n{lines}")
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    [line] = [text for text in result.stdout.splitlines() if ": texts: " in text]
    assert "texts are the English ones, not translated into Turkish: locale, " in line
    assert "ui.home, ui.latest_news" in line and " more (translate them under " in line
    assert line.startswith("mkdocs.yml:")


@pytest.fixture
def locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the locale folder that check_strings reads instead of the package's."""
    from clamtex.l10n import strings as l10n

    folder = tmp_path / "locales"
    folder.mkdir()
    for lang in ("en", "fr"):
        (folder / f"{lang}.yml").write_text(
            (LOCALES / f"{lang}.yml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(l10n, "LOCALES_DIR", folder)
    l10n._locale_file.cache_clear()
    yield folder
    l10n._locale_file.cache_clear()


def _problems(languages: list[str]) -> list[str]:
    from clamtex.l10n import strings as l10n

    return [str(p) for p in l10n.check_strings(languages, "cosme", {})]


def test_a_locale_file_copied_from_english_is_one_line(locales: Path) -> None:
    (locales / f"{NEW}.yml").write_text((locales / "en.yml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    [line] = _problems(["en", NEW])
    assert line.startswith(f"plugins/clamtex/locales/{NEW}.yml:")
    assert ": texts: " in line and "not translated into Turkish: locale, language_name, " in line


def test_a_few_texts_rightly_the_same_pass_and_more_are_named(locales: Path) -> None:
    """French has a few texts that are the English ones ("Contact", "Type"): allowed up to
    the limit; past it, each is named."""
    from clamtex.l10n import strings as l10n

    assert _problems(["en", "fr"]) == []
    english = _flat(yaml.safe_load((locales / "en.yml").read_text(encoding="utf-8")))
    french = _flat(yaml.safe_load((locales / "fr.yml").read_text(encoding="utf-8")))
    already = [k for k in english if k not in l10n.SAME_EVERYWHERE and english[k] == french[k]]
    keys = [k for k in ("ui.home", "ui.news", "ui.tags", "ui.by_year", "ui.by_tag",
                        "ui.published") if k not in already]
    keys = keys[:l10n.COPIED_LIMIT + 1 - len(already)]
    text = (locales / "fr.yml").read_text(encoding="utf-8")
    for key in keys:
        name = key.split(".")[1]
        [old] = [line for line in text.splitlines() if line.startswith(f"  {name}: ")]
        text = text.replace(old + "\n", f"  {name}: {yaml.safe_dump(english[key]).split()[0]}"
                            "\n", 1)
        assert f"  {name}: " in text
    (locales / "fr.yml").write_text(text, encoding="utf-8")
    l10n._locale_file.cache_clear()
    [line] = _problems(["en", "fr"])
    copied = sorted([*already, *keys])
    assert f"{len(copied)} texts are the English ones, not translated into French: " in line
    assert all(key in line for key in copied)
    # Listed as rightly the same, they pass again.
    (locales / "fr.yml").write_text(text + "same_as_english: [" + ", ".join(keys) + "]\n",
                                    encoding="utf-8")
    l10n._locale_file.cache_clear()
    assert _problems(["en", "fr"]) == []


def test_an_incomplete_locale_file_names_each_missing_key(locales: Path) -> None:
    edit_file(locales / "fr.yml", "  latest_news:", "  # latest_news:")
    edit_file(locales / "fr.yml", "  all_news:", "  # all_news:")
    problems = _problems(["en", "fr"])
    assert sorted(p.split(": ", 2)[1] for p in problems) == ["ui.all_news", "ui.latest_news"]
    assert all("missing wording in language 'fr'" in p for p in problems)
