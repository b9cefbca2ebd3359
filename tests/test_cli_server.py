"""The tests' CLI server (tests/cli_server.py) gives what a fresh `clamtex` process gives.

Every other test runs the CLI through support.run_clamtex, forked from that server; if a
forked run could differ from an editor's fresh process, those tests would test the wrong
thing. The same runs, both ways: the same exit codes, output and built bytes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from support import CliServer, differences, edit_file, fixture_site, run_clamtex


def both_ways(monkeypatch: pytest.MonkeyPatch, *args: str,
              cwd: Path) -> tuple[subprocess.CompletedProcess[str], ...]:
    """The run forked from the server, then in a fresh interpreter."""
    monkeypatch.delenv("CLAMTEX_TEST_FORK", raising=False)
    assert CliServer.serves({**os.environ, "CLAMTEX_X": "1"})
    forked = run_clamtex(*args, cwd=cwd)
    monkeypatch.setenv("CLAMTEX_TEST_FORK", "0")
    assert not CliServer.serves(dict(os.environ))
    fresh = run_clamtex(*args, cwd=cwd)
    return forked, fresh


def same(forked: subprocess.CompletedProcess[str],
         fresh: subprocess.CompletedProcess[str]) -> None:
    assert (forked.returncode, forked.stdout, forked.stderr) == (
        fresh.returncode, fresh.stdout, fresh.stderr)


def test_a_build_and_a_check_are_the_same_both_ways(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = fixture_site("edge-cases", tmp_path / "edge")
    forked, fresh = both_ways(monkeypatch, "check", cwd=project)
    same(forked, fresh)
    assert forked.returncode == 0
    for out in ("forked", "fresh"):
        monkeypatch.setenv("CLAMTEX_TEST_FORK", "1" if out == "forked" else "0")
        result = run_clamtex("build", "-d", out, "--serial", cwd=project)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"Site built in {out}/\n"
    assert differences(project / "forked", project / "fresh") == []
    assert (project / "forked" / "index.html").is_file()


def test_an_editors_error_is_the_same_both_ways(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = fixture_site("minimal", tmp_path / "minimal")
    news = sorted((project / "content").rglob("news/*.md"))[0]
    edit_file(news, "title:", "title: [unclosed\nnot_a_field:")
    forked, fresh = both_ways(monkeypatch, "check", cwd=project)
    same(forked, fresh)
    assert forked.returncode != 0
    assert str(news.relative_to(project)) in forked.stdout + forked.stderr
    assert "Traceback" not in forked.stderr


def test_usage_errors_and_exit_codes_are_the_same_both_ways(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forked, fresh = both_ways(monkeypatch, "no-such-command", cwd=tmp_path)
    same(forked, fresh)
    assert forked.returncode == 2
    assert "no-such-command" in forked.stderr


def test_a_run_past_its_timeout_is_stopped_both_ways(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`clamtex serve` never ends by itself: the run is killed and reported as a timeout."""
    project = fixture_site("minimal", tmp_path / "minimal")
    for fork in ("1", "0"):
        monkeypatch.setenv("CLAMTEX_TEST_FORK", fork)
        with pytest.raises(subprocess.TimeoutExpired):
            run_clamtex("serve", "--dev-addr", "127.0.0.1:0", cwd=project, timeout=1.5)


def test_a_different_interpreter_setting_gets_a_fresh_interpreter(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAMTEX_TEST_FORK", raising=False)
    assert CliServer.serves({**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert not CliServer.serves({**os.environ, "PYTHONHASHSEED": "123"})
    assert not CliServer.serves({k: v for k, v in os.environ.items()
                                 if not k.startswith("PYTHON")} | {"PYTHONPATH": "x"})
