"""What a folder `clamtex init` wrote needs on a fresh machine, read from its files: the
engine's tested versions pinned, the Makefile's and the Pages workflow's files all there,
the README's commands real targets, no hint at this repository's npm set-up, and a
`check --strict` that says why it fails.

The fresh-machine run itself (a wheel, PyPI, `make site`, `make test`, `.ci/run` in a
clone) downloads, so it is scripts/try_init_project.sh, a manual check
(docs/start-a-site.md, "Tried on a fresh machine").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from support import ROOT, run_clamtex
from test_deploy import actionlint

FLAGS = ["--name", "Baltic Seaweed Alliance", "--acronym", "SEAWEED",
         "--url", "https://seaweed.example.eu/", "--languages", "en,de",
         "--programme", "funded", "--authority", "cinea", "--grant-agreement", "101140000",
         "--partner", "kiel:Kiel Marine Lab:DE:coordinator",
         "--partner", "gdansk:Gdansk Algae Centre:PL:beneficiary",
         "--engine", "/opt/wheels/clamtex-0.1.0-py3-none-any.whl"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fresh") / "seaweed"
    made = run_clamtex("init", str(target), *FLAGS, cwd=target.parent)
    assert made.returncode == 0, made.stdout + made.stderr
    return target


def make_dry_run(project: Path, target: str) -> subprocess.CompletedProcess[str]:
    """`make -n TARGET`: fails when a rule names a file the project lacks (nothing runs)."""
    make = shutil.which("make")
    assert make, "make is needed"
    return subprocess.run([make, "-n", target], cwd=project, capture_output=True, text=True,
                          timeout=60, check=False)


def pins(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split("==", 1)
            found[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()
    return found


def test_the_project_installs_the_versions_the_engine_is_tested_with(project: Path) -> None:
    written = (project / "constraints.txt").read_text(encoding="utf-8")
    assert written == (ROOT / "constraints.txt").read_text(encoding="utf-8"), \
        "plugins/clamtex/starter/constraints.txt differs from constraints.txt (make lock)"
    pinned = pins(written)
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["dependencies"]
    for requirement in dependencies:
        name = re.sub(r"[-_.]+", "-", re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower())
        assert name in pinned, f"{requirement}: not pinned in the project's constraints.txt"
    assert (project / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == \
        "/opt/wheels/clamtex-0.1.0-py3-none-any.whl"
    install = make_dry_run(project, ".venv/.installed-stamp")
    assert install.returncode == 0, install.stderr
    assert "pip install -q -c constraints.txt -r requirements.txt" in install.stdout


def test_every_make_command_of_the_readme_is_a_target(project: Path) -> None:
    readme = (project / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"^make (\w+)", readme, flags=re.MULTILINE)
    assert {"site", "serve", "check", "test", "pins"} <= set(targets)
    for target in targets:
        result = make_dry_run(project, target)
        assert result.returncode == 0, f"make {target}: {result.stderr}"
    steps = make_dry_run(project, "test").stdout
    assert steps.index("clamtex check --strict") < steps.index("clamtex build") \
        < steps.index("clamtex check-site site")


def test_the_pages_workflow_names_only_files_the_project_has(project: Path) -> None:
    workflow = project / ".github" / "workflows" / "pages.yml"
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    named = [line.strip() for job in jobs.values() for step in job["steps"]
             for line in str(step.get("with", {}).get("cache-dependency-path", "")).split()]
    assert named, "the pip cache is keyed on no file"
    for name in named:  # setup-python fails the job when one matches no file
        assert (project / name).is_file(), f"cache-dependency-path: {name} is not written"
    result = actionlint(workflow)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_build_asks_for_no_npm_packages(project: Path) -> None:
    built = run_clamtex("build", "-d", "out", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    said = built.stdout + built.stderr
    assert "node_modules" not in said and "npm" not in said, said
    assert not (project / "out" / "admin").exists()
    assert (project / "out" / "de" / "index.html").is_file()


def test_strict_check_says_the_site_is_not_ready(project: Path) -> None:
    strict = run_clamtex("check", "--strict", cwd=project)
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "still holds the TODO placeholder" in strict.stdout
    assert strict.stdout.splitlines()[-1].endswith(
        "warning(s): not ready to publish (--strict: every warning fails).")
    plain = run_clamtex("check", cwd=project)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert plain.stdout.splitlines()[-1].endswith("warning(s): the site can be built.")
