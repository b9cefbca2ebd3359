"""`clamtex init DIR`: a new project from flags, built by the engine, placeholders reported."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from support import ROOT, BuiltSite, run_clamtex

# The languages whose UI strings ship with the engine (one locale file each).
SHIPPED = sorted(path.stem for path in (ROOT / "plugins" / "clamtex" / "locales").glob("*.yml"))

FLAGS = ["--name", "Green Laboratories Network", "--acronym", "GREENLAB",
         "--url", "https://user.github.io/greenlab/", "--languages", "fr,en",
         "--programme", "eu", "--grant-agreement", "101123456",
         "--partner", "acme:ACME Cluster:DE:coordinator",
         "--partner", "nordlab:Nordlab:SE:beneficiary",
         "--partner", "ital:Italia Tech:IT:associated_partner",
         "--primary", "#0a5c36", "--accent", "#7a3b0a"]


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: None)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "greenlab"
    result = run_clamtex("init", str(target), *FLAGS, cwd=target.parent)
    assert result.returncode == 0, result.stderr
    return target


def test_init_writes_a_complete_project(project: Path) -> None:
    for name in ("mkdocs.yml", "README.md", "Makefile", "requirements.txt", ".ci/run",
                 ".github/workflows/pages.yml", ".gitignore", "content/assets/logo.svg"):
        assert (project / name).is_file(), name
    for lang in ("fr", "en"):
        for key in ("index.md", "project.md", "partners/index.md", "partners/acme.md",
                    "legal-notice.md", "privacy.md", "accessibility.md", "contact.md"):
            assert (project / "content" / lang / key).is_file(), (lang, key)
        assert len(list((project / "content" / lang / "news").glob("*.md"))) == 1
        assert len(list((project / "content" / lang / "events").glob("*.md"))) == 1
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    [i18n] = [p["i18n"] for p in config["plugins"] if "i18n" in p]
    assert [lang["locale"] for lang in i18n["languages"]] == ["fr", "en"]
    [options] = [p["clamtex"] for p in config["plugins"] if "clamtex" in p]
    assert options["project"]["acronym"] == "GREENLAB"
    assert options["colours"] == {"primary": "#0a5c36", "accent": "#7a3b0a"}
    assert options["partners_order"] == ["acme", "nordlab", "ital"]
    assert "make test" in (project / ".ci" / "run").read_text(encoding="utf-8")
    assert "clamtex check --strict" in (project / ".github/workflows/pages.yml").read_text()


def test_the_engine_builds_it(project: Path) -> None:
    result = run_clamtex("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(project / "out")
    home = site.page("")
    assert home.get("lang") == "fr"
    assert "--clamtex-primary:#0a5c36;" in site.path("").read_text(encoding="utf-8")
    assert home.xpath("//link[@type='application/rss+xml']/@title") == [
        "Actualités de GREENLAB en français (RSS)"]
    partners = site.page("partners/").text_content()
    assert "ACME Cluster" in partners and "Bénéficiaire" in partners  # roles, localized
    assert site.path("en/").is_file()
    upcoming = site.page("events/").xpath("//section[@aria-labelledby='upcoming-events']//h3")
    assert len(upcoming) == 1  # the example event, a month ahead
    assert site.path("events/calendar.ics").is_file()
    check = run_clamtex("check-site", "out", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr


def test_check_reports_every_placeholder_file(project: Path) -> None:
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr  # warnings: it can build
    flagged = {line.split(":", 1)[0] for line in result.stdout.splitlines()
               if "still holds the TODO placeholder" in line}
    content = {path.relative_to(project).as_posix()
               for path in (project / "content").rglob("*.md")}
    assert content <= flagged
    assert "mkdocs.yml" in flagged  # site_description
    strict = run_clamtex("check", "--strict", cwd=project)
    assert strict.returncode == 1


@pytest.mark.parametrize(("flags", "message"), [
    (["--languages", "en,xx"], "--languages: 'xx' has no UI strings yet (languages that "
                               f"have them: {', '.join(SHIPPED)})"),
    (["--programme", "nope"], "--programme: 'nope' has no wording yet (use one of: "),
    (["--primary", "red"], "--primary: 'red' is not a colour"),
    (["--partner", "acme:ACME:XX:coordinator"], "'XX' is not an ISO 3166 country code"),
    (["--partner", "acme:ACME:DE:boss"], "'boss' is not a role"),
])
def test_a_wrong_value_is_one_line(tmp_path: Path, flags: list[str], message: str) -> None:
    args = list(FLAGS)
    for flag, value in zip(flags[::2], flags[1::2], strict=True):
        if flag == "--partner":
            args = [a for i, a in enumerate(args)
                    if a != "--partner" and (i == 0 or args[i - 1] != "--partner")]
        else:
            index = args.index(flag)
            del args[index:index + 2]
        args += [flag, value]
    result = run_clamtex("init", str(tmp_path / "site"), *args, cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and message in line
    assert not (tmp_path / "site").exists()


def test_a_missing_value_without_a_terminal_names_its_flag(tmp_path: Path) -> None:
    args = FLAGS[2:]  # no --name; stdin is not a terminal
    result = run_clamtex("init", str(tmp_path / "site"), *args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: --name: missing")


def test_init_never_writes_into_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_clamtex("init", str(tmp_path), *FLAGS, cwd=tmp_path)
    assert result.returncode == 1 and "exists and is not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
