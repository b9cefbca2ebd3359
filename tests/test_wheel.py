"""The engine is separable: built as a wheel and installed into a fresh virtual environment,
it makes (`clamtex init`) and builds a site in a folder with no file of this repository
around it.

The fresh environment has the wheel installed and sees the stack's other packages (MkDocs,
Material, i18n, Babel, ...) through a folder of links to this environment's packages, with
our own package and its editable-install files left out: nothing is downloaded at test time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from support import ROOT, BuiltSite

FLAGS = ["--name", "Open Rivers Network", "--acronym", "RIVERS",
         "--url", "https://rivers.example.org/", "--languages", "en,fr",
         "--programme", "eu", "--partner", "delta:Delta Lab:NL:coordinator",
         "--partner", "source:Source Institute:FR:beneficiary"]


def run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, check=False)


def ours(name: str) -> bool:
    """This environment's files of our own package (its editable install)."""
    lowered = name.lower()
    return lowered.startswith(("clamtex", "__editable__.clamtex", "__editable___clamtex"))


def test_the_wheel_makes_and_builds_a_site_on_its_own(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    wheels = tmp_path / "wheels"
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                "-q", "-w", wheels, ROOT, cwd=tmp_path, env=env)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = wheels.glob("clamtex-*.whl")

    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    packages = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                        cwd=tmp_path, env=env).stdout.strip())
    stack = tmp_path / "stack"  # the other packages, without ours
    stack.mkdir()
    here = Path(sysconfig.get_paths()["purelib"])
    for entry in here.iterdir():
        if not ours(entry.name) and not entry.name.endswith(".pth"):
            (stack / entry.name).symlink_to(entry)
    (packages / "stack.pth").write_text(f"{stack}\n", encoding="utf-8")
    installed = run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
                    "-q", wheel, cwd=tmp_path, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    where = run(python, "-c", "import clamtex; print(clamtex.__file__)", cwd=tmp_path, env=env)
    assert Path(where.stdout.strip()).is_relative_to(packages), where.stdout + where.stderr

    site = tmp_path / "rivers"
    made = run(python, "-m", "clamtex.commands.cli", "init", site, *FLAGS, cwd=tmp_path, env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    build = run(python, "-m", "clamtex.commands.cli", "build", "-d", "out", cwd=site, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    out = BuiltSite(site / "out")
    assert out.page("").get("lang") == "en"
    assert "Open Rivers Network" in out.path("").read_text(encoding="utf-8") \
        or "RIVERS" in out.path("").read_text(encoding="utf-8")
    assert out.page("fr/").get("lang") == "fr"
    assert str(ROOT) not in build.stdout + build.stderr
