"""`clamtex new news|partner`: complete files, stubs to translate, never an overwrite.

On copies of the five-language fixture site (tests/sites/multilingual); the partners and
tags offered are read from its mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from support import SITES, fixture_site, plugin_options, run_clamtex, site_languages, text_of

MULTI = SITES / "multilingual"
LANGUAGES = site_languages(MULTI)
ORDER = plugin_options(MULTI, "clamtex")["partners_order"]
TAGS = list(plugin_options(MULTI, "clamtex")["tags"])
TITLE = "Réunion à València: ÉXITO del clúster"
SLUG = "2020-09-15-reunion-a-valencia-exito-del-cluster"


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(multilingual_project: Path) -> Path:
    """A throw-away copy of the fixture site."""
    return multilingual_project


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A project copy in which an editor created a news item, and the command's output."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("new") / "project")
    result = run_clamtex("new", "news", TITLE, "--date", "2020-09-15",
                         "--partners", ",".join(ORDER), "--tags", TAGS[0], cwd=project)
    assert result.returncode == 0, result.stderr
    return project, result.stdout


def test_news_original_and_stubs_are_written(created: tuple[Path, str]) -> None:
    project, output = created
    assert output.splitlines() == [
        *(f"created content/{lang}/news/{SLUG}.md" for lang in LANGUAGES),
        "Next: fill in the TODO lines of the first file, then run: clamtex check",
    ]
    original = _front_matter(project / f"content/en/news/{SLUG}.md")
    assert original == {"title": TITLE, "date": dt.date(2020, 9, 15),
                        "summary": "TODO: one or two sentences that sum up the news",
                        "tags": [TAGS[0]], "partners": ORDER}
    for lang in LANGUAGES[1:]:
        stub = _front_matter(project / f"content/{lang}/news/{SLUG}.md")
        assert stub == {"title": TITLE, "summary": original["summary"], "stub": True}


def test_new_item_passes_check_with_todo_warnings(created: tuple[Path, str]) -> None:
    project, _ = created
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        f"content/en/news/{SLUG}.md:4: summary: warning: still holds the TODO placeholder "
        "(replace the text after summary: with your own)",
        f"content/en/news/{SLUG}.md:12: body: warning: still holds the TODO placeholder "
        "(replace that line with your own text)",
        "0 error(s), 2 warning(s): the site can be built.",
    ]


def test_stub_is_not_published_as_a_translation(created: tuple[Path, str]) -> None:
    project, _ = created
    result = run_clamtex("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    listing = lxml_html.fromstring((project / "out/es/news/2020/index.html").read_bytes())
    card = next(a for a in listing.cssselect(".clamtex-card") if TITLE in text_of(a))
    assert "Aún sin traducir" in text_of(card)
    assert card.get("lang") == "en"
    # A one-language preview cannot fall back to English: it lists only translated items.
    result = run_clamtex("build", "-d", "preview", cwd=project, env={"CLAMTEX_ONLY_LANG": "es"})
    assert result.returncode == 0, result.stderr
    pages = list((project / "preview").rglob("*.html"))
    assert pages
    assert not [p for p in pages if TITLE in text_of(lxml_html.fromstring(p.read_bytes()))]


def test_an_existing_slug_is_never_overwritten(created: tuple[Path, str]) -> None:
    project, _ = created
    before = _tree(project / "content")
    result = run_clamtex("new", "news", TITLE, "--date", "2020-09-15", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: content/en/news/{SLUG}.md: file: already exists; nothing was written "
        "(choose another title or date, or edit that file)"]
    assert _tree(project / "content") == before


def test_a_clash_in_one_language_writes_nothing_at_all(project: Path) -> None:
    clash = project / "content/pt/news/2021-01-10-winter-school.md"
    clash.write_text("---\ntitle: Escola de inverno\n---\n", encoding="utf-8")
    before = _tree(project / "content")
    result = run_clamtex("new", "news", "Winter school", "--date", "2021-01-10", cwd=project)
    assert result.returncode == 1
    assert "content/pt/news/2021-01-10-winter-school.md: file: already exists" in result.stderr
    assert _tree(project / "content") == before  # no original, no stub, no temp file


@pytest.mark.parametrize(("args", "message"), [
    (["--partners", "acme"], "error: --partners: unknown partner 'acme' (use one of: "
                             f"{', '.join(ORDER)})"),
    (["--tags", "party"], f"error: --tags: unknown tag 'party' (use one of: {', '.join(TAGS)}; "
                          "or add it under plugins.clamtex.tags in mkdocs.yml)"),
    (["--date", "2021-02-30"], "error: --date: '2021-02-30' is not a date (write it as "
                               "YYYY-MM-DD, e.g. 2020-06-30)"),
    (["--date", "15/09/2020"], "error: --date: '15/09/2020' is not a date (write it as "
                               "YYYY-MM-DD, e.g. 2020-06-30)"),
])
def test_bad_options_are_one_line_and_write_nothing(project: Path, args: list[str],
                                                    message: str) -> None:
    before = _tree(project / "content")
    result = run_clamtex("new", "news", "Winter school", *args, cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert _tree(project / "content") == before


def test_new_partner(project: Path) -> None:
    result = run_clamtex("new", "partner", "moda-cluster", "--name", "MODA",
                         "--country", "it", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        *(f"created content/{lang}/partners/moda-cluster.md" for lang in LANGUAGES),
        "created content/assets/partners/moda-cluster.svg",
        "Add the partner to the partners page: in mkdocs.yml, under clamtex, write",
        f"  partners_order: [{', '.join([*ORDER, 'moda-cluster'])}]",
        "Next: fill in the TODO lines of the first file, then run: clamtex check",
    ]
    meta = _front_matter(project / "content/en/partners/moda-cluster.md")
    assert {k: meta[k] for k in ("name", "country", "logo", "logo_alt", "role")} == {
        "name": "MODA", "country": "IT", "logo": "assets/partners/moda-cluster.svg",
        "logo_alt": "MODA logo", "role": "partner"}
    stub = _front_matter(project / "content/es/partners/moda-cluster.md")
    assert stub == {"summary": meta["summary"], "logo_alt": "MODA logo", "stub": True}
    logo = lxml_html.fromstring((project / "content/assets/partners/moda-cluster.svg")
                                .read_bytes())
    assert logo.findtext(".//title") == "MODA"
    check = run_clamtex("check", cwd=project)
    assert check.returncode == 0, check.stdout
    assert check.stdout.splitlines()[-1] == "0 error(s), 4 warning(s): the site can be built."


def test_new_partner_keeps_an_existing_logo(project: Path) -> None:
    logo = project / "content/assets/partners/acme.svg"
    logo.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    result = run_clamtex("new", "partner", "acme", "--country", "PT", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "created content/assets/partners/acme.svg" not in result.stdout
    assert logo.read_text(encoding="utf-8") == "<svg xmlns='http://www.w3.org/2000/svg'/>"


@pytest.mark.parametrize(("args", "message"), [
    ([ORDER[0], "--country", "FR"], f"error: content/en/partners/{ORDER[0]}.md: file: already "
                                    "exists; nothing was written (choose another id, or edit "
                                    "that file)"),
    (["Moda Cluster", "--country", "IT"], "error: id: 'Moda Cluster' is not a valid id (use "
                                          "lowercase letters, digits and hyphens, e.g. "
                                          "moda-cluster)"),
    (["moda", "--country", "XX"], "error: --country: 'XX' is not an ISO 3166 country code "
                                  "(write the two-letter code, e.g. ES, PT, FR)"),
])
def test_bad_partner_is_one_line_and_writes_nothing(project: Path, args: list[str],
                                                    message: str) -> None:
    before = _tree(project / "content")
    result = run_clamtex("new", "partner", *args, cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert _tree(project / "content") == before
