"""The parallel build forks its workers with no other thread running in the process.

A forked child gets copies of every lock, held or not, but only the forking thread: a
lock another thread held at that moment stays locked in the child forever. So whatever
runs while the workers are forked (deleting the replaced site) runs in a child process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import fixture_site

# Runs `clamtex build` in this interpreter, counting the threads alive at each fork.
PROBE = """
import os, shutil, sys, threading, time
real_rmtree = shutil.rmtree
def slow_rmtree(path, *args, **kwargs):  # deleting a big old site takes a while
    if "-old-" in str(path):
        time.sleep(2)
    return real_rmtree(path, *args, **kwargs)
shutil.rmtree = slow_rmtree
counts = []
os.register_at_fork(before=lambda: counts.append(threading.active_count()))
from clamtex.commands import cli
code = cli.main(["build", "--parallel", "-d", "out"])
print("forks:", len(counts), "threads:", max(counts, default=0))
sys.exit(code)
"""


def test_no_thread_runs_when_the_build_forks(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "project")
    old = project / ".out-old-123"  # a site an earlier build replaced: deleted meanwhile
    (old / "es").mkdir(parents=True)
    (old / "es" / "index.html").write_text("<p>old</p>", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=project, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    forks, threads = result.stdout.split()[-3], result.stdout.split()[-1]
    assert int(forks) >= 2, result.stdout  # one worker per language, at least
    assert threads == "1", result.stdout
    assert not old.exists()  # the child process deleted it
