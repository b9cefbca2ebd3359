"""A fork server for the tests' `clamtex` runs (support.run_clamtex uses it).

The tests start the CLI several hundred times, and each fresh interpreter spends most of a
`clamtex check` importing MkDocs, Material and the package (docs/performance.md, "The test
suite"). This server imports them once; each run is then a process forked from it, which
runs `python -m clamtex.commands.cli ARGS` in the request's folder and environment, with
its own stdout and stderr files, stdin from /dev/null, its exit code and its exit handlers:
what an editor's shell gets, minus the imports.

Started by support.py as `python tests/cli_server.py`; one request per line on stdin
(JSON: args, cwd, env, stdout, stderr, timeout), one JSON answer per line on the channel
it was started with (fd 1 when it starts; its own prints go to stderr). It has no thread,
so forking it is safe (a pytest worker has execnet's threads). What it imports is what a
build and a check of tests/sites/minimal import, learnt by running them in a first child.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import runpy
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

CLI = "clamtex.commands.cli"
MINIMAL = Path(__file__).resolve().parent / "sites" / "minimal"


def exit_code(exc: SystemExit) -> int:
    """The process exit status Python gives for `raise SystemExit(code)`."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code & 0xFF
    print(exc.code, file=sys.stderr)
    return 1


def run_cli(args: list[str], cwd: str, env: dict[str, str], stdout: str, stderr: str) -> None:
    """In a forked child: be `python -m clamtex.commands.cli ARGS`, then exit."""
    code = 1
    try:
        os.setpgid(0, 0)  # its own group: a timeout kills the build's workers too
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        for fd, path, flags in ((0, os.devnull, os.O_RDONLY),
                                (1, stdout, os.O_WRONLY | os.O_TRUNC),
                                (2, stderr, os.O_WRONLY | os.O_TRUNC)):
            opened = os.open(path, flags)
            os.dup2(opened, fd)
            os.close(opened)
        sys.path[0] = os.getcwd()  # as `python -m` sets it
        sys.argv = ["-m", *args]
        try:
            runpy.run_module(CLI, run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exc:
            code = exit_code(exc)
        except BaseException:  # printed as the interpreter would print it
            traceback.print_exc()
            code = 1
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def wait(pid: int, timeout: float) -> tuple[int, bool]:
    """The child's return code as subprocess reports it, and whether it timed out."""
    deadline = time.monotonic() + timeout
    delay = 0.002
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status), False
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status), True
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def modules_a_build_imports() -> list[str]:
    """The modules a build and a check of the minimal fixture import, in their order."""
    read, write = os.pipe()
    with tempfile.TemporaryDirectory(prefix="clamtex-cli-server-") as folder:
        project = Path(folder) / "minimal"
        shutil.copytree(MINIMAL, project, ignore=shutil.ignore_patterns(".cache", "site"))
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                os.chdir(project)
                sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
                env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CLAMTEX_CACHE": "0"}
                os.environ.update(env)
                from clamtex.commands import cli

                for args in (["build", "-d", "out", "--serial"], ["check"]):
                    with contextlib.suppress(SystemExit):
                        cli.main(args)
                os.write(write, "\n".join(sys.modules).encode())
            finally:
                atexit._run_exitfuncs()  # the build's throw-away folders, as at any exit
                os._exit(0)
        os.close(write)
        chunks = []
        while chunk := os.read(read, 65536):
            chunks.append(chunk)
        os.close(read)
        os.waitpid(pid, 0)
    return [name for name in b"".join(chunks).decode().split("\n")
            if name and name != CLI and "__main__" not in name]


def preload() -> None:
    """Import what the runs will need, so that each forked run has it already."""
    for name in modules_a_build_imports():
        try:
            importlib.import_module(name)
        except Exception:  # a run imports it itself, or never needs it
            continue


def serve() -> None:
    """Answer requests until stdin closes."""
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything the imports print goes to stderr, not into the answers
    preload()
    channel.write("ready\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        request: dict[str, Any] = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            channel_fd = channel.fileno()
            os.close(channel_fd)
            run_cli(request["args"], request["cwd"], request["env"], request["stdout"],
                    request["stderr"])
        returncode, timed_out = wait(pid, request["timeout"])
        channel.write(json.dumps({"returncode": returncode, "timed_out": timed_out}) + "\n")


if __name__ == "__main__":
    serve()
