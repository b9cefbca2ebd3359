"""Funding notices of the programmes projects have: 2021-2027 (funded, cofunded) naming
the granting authority, 2014-2020 (h2020 with its grant agreement number, erasmus-plus),
on the five-language fixture (tests/sites/multilingual), and the one-line errors when
mkdocs.yml lacks a fact the wording needs.

What the pages must say is read from the locale files and filled in here, so a wording
fixed in a locale file breaks no test; a placeholder left unfilled does.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from support import (
    ROOT,
    BuiltSite,
    build_site,
    edit_file,
    fixture_site,
    footer_notices,
    run_clamtex,
)

LOCALES = ROOT / "plugins" / "clamtex" / "locales"
GRANT = "101234567"


def _locale(lang: str) -> dict:
    return yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8"))


def expected(lang: str, programme: str, authority: str) -> tuple[str, str]:
    """(statement, disclaimer) of a programme in a language, its placeholders filled."""
    data = _locale(lang)
    name = data["authorities"][authority]
    texts = []
    for key in ("statement", "disclaimer"):
        text = data["funding"][programme][key]
        text = text.replace("{authority}", name).replace("{grant_agreement}", GRANT)
        texts.append(" ".join(text.split()))
    return texts[0], texts[1]


def _configure(project: Path, programme: str, **settings: str) -> None:
    lines = "".join(f"        {key}: \"{value}\"\n" for key, value in settings.items())
    edit_file(project / "mkdocs.yml", "      funding:\n        programme: cosme\n",
              f"      funding:\n        programme: {programme}\n{lines}")


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltSite]:
    """The fixture built once per programme (the build's own funding check passes)."""
    cases = {"funded": {"authority": "rea"}, "cofunded": {},
             "h2020": {"grant_agreement": GRANT}, "erasmus-plus": {}}
    sites = {}
    for programme, settings in cases.items():
        project = fixture_site("multilingual", tmp_path_factory.mktemp(programme))
        _configure(project, programme, **settings)
        sites[programme] = build_site(project)
    return sites


@pytest.mark.parametrize(("programme", "authority"), [
    ("funded", "rea"), ("cofunded", "european-commission"),
    ("h2020", "european-commission"), ("erasmus-plus", "european-commission")])
@pytest.mark.parametrize("lang", ["en", "pt"])
def test_every_page_shows_the_programmes_notice(built: dict[str, BuiltSite], programme: str,
                                                authority: str, lang: str) -> None:
    statement, disclaimer = expected(lang, programme, authority)
    assert "{" not in statement + disclaimer
    assert footer_notices(built[programme], lang, statement, disclaimer) > 3


def test_the_authority_and_the_grant_agreement_are_in_the_text(
        built: dict[str, BuiltSite]) -> None:
    """Not only equal to the locale file's text: the facts of mkdocs.yml are on the page."""
    fr = built["funded"].page("fr/").cssselect(".clamtex-funding__disclaimer")[0]
    assert "(REA)" in fr.text_content()
    es = built["h2020"].page("es/").cssselect(".clamtex-funding__statement")[0]
    assert GRANT in es.text_content() and "Horizonte 2020" in es.text_content()


def test_check_site_catches_another_authoritys_disclaimer(built: dict[str, BuiltSite]) -> None:
    """The funding check compares with the filled wording: the Commission's disclaimer on
    a site whose authority is REA is wrong."""
    site = built["funded"]
    page = site.path("es/")
    rea = expected("es", "funded", "rea")[1]
    commission = expected("es", "funded", "european-commission")[1]
    html = page.read_text(encoding="utf-8")
    # The page's HTML may wrap lines where the locale file did: match on the normalised text.
    assert _locale("es")["authorities"]["rea"] in html and rea != commission
    page.write_text(html.replace(_locale("es")["authorities"]["rea"],
                                 _locale("es")["authorities"]["european-commission"], 1),
                    encoding="utf-8")
    try:
        result = run_clamtex("check-site", str(site.root), cwd=site.root.parent)
    finally:
        page.write_text(html, encoding="utf-8")
    assert result.returncode == 1
    assert ("es/index.html: funding notice: disclaimer is not the expected disclaimer in "
            "'es'") in result.stdout


def test_a_national_agency_by_name(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "site")
    names = {"en": "the National Agency", "es": "la Agencia Nacional",
             "ca": "l'Agència Nacional", "pt": "a Agência Nacional",
             "fr": "l'Agence nationale"}
    lines = "".join(f"          {lang}: \"{name}\"\n" for lang, name in names.items())
    edit_file(project / "mkdocs.yml", "      funding:\n        programme: cosme\n",
              f"      funding:\n        programme: cofunded\n        authority_name:\n{lines}")
    site = build_site(project)
    for lang in ("en", "ca"):
        disclaimer = " ".join(_locale(lang)["funding"]["cofunded"]["disclaimer"].split())
        disclaimer = disclaimer.replace("{authority}", names[lang])
        statement = _locale(lang)["funding"]["cofunded"]["statement"]
        assert footer_notices(site, lang, statement, disclaimer) > 3


# -- the one-line errors: `clamtex check` and the build -----------------------------------


@pytest.fixture
def multi(tmp_path: Path) -> Path:
    return fixture_site("multilingual", tmp_path / "site")


def _one_error(result: subprocess.CompletedProcess[str], line: str) -> None:
    """The command failed, and one line of its output (check: stdout; build: stderr,
    after "error: ") says it."""
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert any(text.removeprefix("error: ").startswith(line)
               for text in output.splitlines()), output
    assert "Traceback" not in output


def test_missing_grant_agreement_is_one_line_in_check_and_build(multi: Path) -> None:
    _configure(multi, "h2020")
    line = _line_of(multi / "mkdocs.yml", "      funding:")
    error = (f"mkdocs.yml:{line}: funding.grant_agreement: the h2020 funding notice names "
             "the grant agreement number, and none is set (add grant_agreement:")
    _one_error(run_clamtex("check", cwd=multi), error)
    _one_error(run_clamtex("build", "-d", "out", cwd=multi), error)
    assert not (multi / "out").exists()


def test_the_older_project_grant_agreement_still_counts(multi: Path) -> None:
    _configure(multi, "h2020")
    edit_file(multi / "mkdocs.yml", "      project:\n",
              f"      project:\n        grant_agreement: {GRANT}\n")
    result = run_clamtex("check", cwd=multi)
    assert result.returncode == 0, result.stdout + result.stderr


def test_unknown_authority_is_one_line(multi: Path) -> None:
    _configure(multi, "funded", authority="rae")
    line = _line_of(multi / "mkdocs.yml", "authority: ")
    _one_error(run_clamtex("check", cwd=multi),
               f"mkdocs.yml:{line}: funding.authority: unknown granting authority 'rae' "
               "(use one of: cinea, eacea, easme, eismea, ercea, european-commission, hadea, "
               "rea, or name a national agency with funding.authority_name)")


def test_unknown_programme_is_one_line_naming_the_programmes(multi: Path) -> None:
    _configure(multi, "horizon-europe")
    line = _line_of(multi / "mkdocs.yml", "programme: horizon-europe")
    result = run_clamtex("check", cwd=multi)
    _one_error(result, f"mkdocs.yml:{line}: funding.programme: unknown programme "
                       "'horizon-europe' (use one of: ")
    output = result.stdout + result.stderr
    named = next(text for text in output.splitlines() if "unknown programme" in text)
    for programme in ("cofunded", "cosme", "erasmus-plus", "funded", "h2020", "interreg"):
        assert programme in named


def test_a_agency_name_missing_a_language_is_one_line(multi: Path) -> None:
    edit_file(multi / "mkdocs.yml", "      funding:\n        programme: cosme\n",
              "      funding:\n        programme: funded\n        authority_name:\n"
              "          en: the National Agency\n")
    line = _line_of(multi / "mkdocs.yml", "authority_name:")
    _one_error(run_clamtex("check", cwd=multi),
               f"mkdocs.yml:{line}: funding.authority_name: has no name in French (fr)")


# -- clamtex init ---------------------------------------------------------------------------

INIT = ["--name", "Horizon Lab", "--acronym", "HLAB", "--url", "https://hlab.example.eu/",
        "--languages", "en,fr", "--programme", "h2020",
        "--partner", "acme:ACME Cluster:DE:coordinator"]


def test_init_writes_the_authority_and_grant_agreement_under_funding(tmp_path: Path) -> None:
    target = tmp_path / "hlab"
    result = run_clamtex("init", str(target), *INIT, "--grant-agreement", GRANT,
                         "--authority", "rea", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert ("      funding:\n        programme: h2020\n        authority: rea\n"
            f"        grant_agreement: \"{GRANT}\"\n") in text
    check = run_clamtex("check", cwd=target)
    assert "funding." not in check.stdout + check.stderr


@pytest.mark.parametrize(("flags", "message"), [
    ([], "error: --grant-agreement: the h2020 funding notice names the grant agreement "
         "number (give it, e.g. --grant-agreement 101234567)"),
    (["--grant-agreement", GRANT, "--authority", "rae"],
     "error: --authority: unknown granting authority 'rae' (use one of: cinea, "),
])
def test_init_refuses_a_notice_it_cannot_fill(tmp_path: Path, flags: list[str],
                                              message: str) -> None:
    result = run_clamtex("init", str(tmp_path / "hlab"), *INIT, *flags, cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(message)
    assert not (tmp_path / "hlab").exists()
