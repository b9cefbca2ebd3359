"""Languages come from mkdocs.yml: `make serve LANG=xx` and `clamtex serve --lang xx`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from support import ROOT, fixture_site, run_clamtex, site_languages


def _make_serve(*args: str, lang_env: str | None = None) -> str:
    """The command `make serve` would run (make -n: nothing is run)."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "SITE_LANG")}
    if lang_env is not None:
        env["LANG"] = lang_env
    result = subprocess.run(["make", "-n", "-s", "serve", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    [command] = [line for line in result.stdout.splitlines() if "clamtex serve" in line]
    return command.rstrip()


@pytest.mark.parametrize("lang", ["de", "es", "el"])
def test_make_passes_any_language_on_to_clamtex(lang: str) -> None:
    """No list of languages in the Makefile: clamtex checks the code against mkdocs.yml."""
    assert _make_serve(f"LANG={lang}").endswith(f"clamtex serve --lang {lang}")
    assert _make_serve(f"SITE_LANG={lang}").endswith(f"clamtex serve --lang {lang}")


def test_the_shell_locale_is_not_a_site_language() -> None:
    for locale in ("C.UTF-8", "en_GB.UTF-8", "POSIX", "C"):
        assert _make_serve(lang_env=locale).endswith("clamtex serve")
    assert _make_serve(lang_env="pt").endswith("clamtex serve --lang pt")


def test_serve_refuses_a_language_the_site_does_not_have(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "site")
    languages = site_languages(project)
    result = run_clamtex("serve", "--lang", "de", cwd=project, timeout=60)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: --lang: 'de' is not a language of this site")
    assert f"mkdocs.yml has: {', '.join(languages)}" in line
