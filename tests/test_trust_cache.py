"""Caches never change the site, and every failure is one line (issue 15, points 6 and 7).

Each test builds a copy of tests/sites/multilingual with its cache at the default place
(.cache/clamtex next to mkdocs.yml), damages the cache or the machine, builds again and
compares the published tree with a clean build's (support.differences).
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from clamtex.commands import cli
from support import differences, fixture_site, run_clamtex

CACHE = ".cache/clamtex"
NEWS = "content/en/news/2024-03-05-second-meeting.md"
FAILED = "The build failed; the previous site was left as it was."


def build(project: Path, out: str = "out", **env: str) -> subprocess.CompletedProcess[str]:
    return run_clamtex("build", "-d", out, cwd=project, env=env)


def built(project: Path, out: str = "out", **env: str) -> str:
    """Build (asserting success, no traceback); stderr."""
    result = build(project, out, **env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning:")]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a clean build (no cache at all) publishes."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("clean"))
    built(project, CLAMTEX_CACHE="0")
    assert not (project / ".cache").exists()
    return project / "out"


@pytest.fixture
def warm(tmp_path: Path) -> Path:
    """A project copy built once: its cache holds every kind of entry."""
    project = fixture_site("multilingual", tmp_path / "project")
    built(project)
    cache = project / CACHE
    for part in ("pages", "templates", "pagefind", "frontmatter.marshal"):
        assert (cache / part).exists(), part
    return project


def entries(project: Path) -> list[Path]:
    return sorted((project / CACHE / "pages").rglob("*.page"))


def flip(path: Path, old: bytes, new: bytes) -> None:
    """Same-size edit of a cache file's bytes (as a disk error or a stray edit would)."""
    data = path.read_bytes()
    assert old in data and len(old) == len(new)
    os.chmod(path, 0o644)
    path.write_bytes(data.replace(old, new, 1))


def truncate_all(files: list[Path]) -> None:
    assert files
    for path in files:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def html_altered(project: Path) -> None:
    for path in entries(project):
        flip(path, b"</html>", b"</HTML>")


def json_altered(project: Path) -> None:
    """A link to a missing anchor added to the entries' JSON: trusted, it would fail the
    build (strict mode)."""
    altered = 0
    for path in entries(project):
        data = path.read_bytes()
        if b'"links": []' in data:
            path.write_bytes(data.replace(
                b'"links": []', b'"links": [["en/about.md", "nope", "about.md#nope"]]', 1))
            altered += 1
    assert altered


def entries_swapped(project: Path) -> None:
    """Each entry holds another (valid) entry's bytes: valid alone, wrong for its key."""
    files = entries(project)
    data = [path.read_bytes() for path in files]
    for path, other in zip(files, data[1:] + data[:1], strict=True):
        path.write_bytes(other)


def other_version(project: Path) -> None:
    """Entries in the format of an older version (separate .html and .json files)."""
    for path in entries(project):
        path.with_suffix(".html").write_text("<p>old format</p>")
        path.with_suffix(".json").write_text('{"anchors": [], "links": []}')
        path.write_bytes(path.read_bytes().replace(b"clamtex-page-1", b"clamtex-page-0", 1))


def templates_damaged(project: Path) -> None:
    """Each compiled template's code replaced by another template's (its header kept, so
    Jinja alone would run the wrong code), or truncated."""
    import pickle
    from io import BytesIO

    from jinja2.bccache import bc_magic

    files = sorted((project / CACHE / "templates").glob("*.cache"))
    assert len(files) > 2
    split = []
    for path in files:
        data = path.read_bytes()
        start = data.index(bc_magic)
        stream = BytesIO(data[start + len(bc_magic):])
        pickle.load(stream)  # the source's checksum
        code_at = start + len(bc_magic) + stream.tell()
        split.append((data[:code_at], data[code_at:]))
    for n, path in enumerate(files):
        head, code = split[n]
        if n % 3 == 2:
            path.write_bytes((head + code)[: len(head + code) // 2])
        else:
            path.write_bytes(head + split[(n + 1) % len(files)][1])


def store_damaged(project: Path) -> None:
    store = project / CACHE / "frontmatter.marshal"
    data = store.read_bytes()
    store.write_bytes(data[:-20] + bytes([data[-20] ^ 1]) + data[-19:])


def store_truncated(project: Path) -> None:
    truncate_all([project / CACHE / "frontmatter.marshal"])


def search_damaged(project: Path) -> None:
    files = [p for p in (project / CACHE / "pagefind").rglob("*")
             if p.is_file() and p.suffix in (".pf_meta", ".pf_fragment", ".js")]
    assert files
    for path in files:
        data = path.read_bytes()
        path.write_bytes(bytes([data[0] ^ 1]) + data[1:])


def search_truncated(project: Path) -> None:
    truncate_all([p for p in (project / CACHE / "pagefind").rglob("*.pf_*")])


def replace_by_file(relative: str) -> Callable[[Path], None]:
    def damage(project: Path) -> None:
        path = project / CACHE / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        path.write_text("not a folder\n")
    return damage


def store_is_a_folder(project: Path) -> None:
    store = project / CACHE / "frontmatter.marshal"
    store.unlink()
    (store / "inside").mkdir(parents=True)


def shards_are_symlinks(project: Path) -> None:
    """Every folder of entries replaced by a symlink to a folder outside the cache: its
    files must neither be used nor deleted."""
    outside = project.parent / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me\n")
    for folder in (project / CACHE / "pages").iterdir():
        for shard in list(folder.iterdir()):
            if shard.is_dir():
                shutil.rmtree(shard)
                shard.symlink_to(outside, target_is_directory=True)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "missing": lambda project: shutil.rmtree(project / CACHE),
    "entries truncated": lambda project: truncate_all(entries(project)),
    "html altered": html_altered,
    "json altered": json_altered,
    "entries swapped": entries_swapped,
    "another version": other_version,
    "templates damaged": templates_damaged,
    "front-matter store altered": store_damaged,
    "front-matter store truncated": store_truncated,
    "front-matter store is a folder": store_is_a_folder,
    "search index altered": search_damaged,
    "search index truncated": search_truncated,
    "pages folder is a file": replace_by_file("pages"),
    "templates folder is a file": replace_by_file("templates"),
    "search folder is a file": replace_by_file("pagefind"),
    "entry folders are symlinks": shards_are_symlinks,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_builds_what_a_clean_build_does(warm: Path, clean: Path,
                                                        damage: str) -> None:
    DAMAGE[damage](warm)
    stderr = built(warm, "again")
    assert differences(warm / "again", clean) == []
    assert warnings(stderr) == []  # all of these are repaired, silently
    built(warm, "healed")  # and the cache works again afterwards
    assert differences(warm / "healed", clean) == []
    if damage == "entry folders are symlinks":
        assert (warm.parent / "outside" / "precious.txt").read_text() == "keep me\n"


def test_a_cache_folder_that_is_a_file_is_one_warning(tmp_path: Path, clean: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "project")
    (project / ".cache").mkdir()
    (project / CACHE).write_text("a file where the cache should be\n")
    stderr = built(project)
    assert warnings(stderr) == [
        f"warning: {CACHE}: cache not usable (File exists): building without it (something "
        "else is in its place: remove it, or run make clean)"]
    assert differences(project / "out", clean) == []
    assert (project / CACHE).read_text() == "a file where the cache should be\n"  # not ours


def shared_with_the_cache(project: Path, site: Path) -> list[Path]:
    """The files of site/ that are a cache file too (the same inode, now: an inode of a
    file the build deleted may be reused by a new file, so both sides are read at once)."""
    cached = {(p.stat().st_dev, p.stat().st_ino) for p in (project / CACHE).rglob("*")
              if p.is_file()}
    assert cached
    return [p for p in site.rglob("*") if p.is_file()
            and (p.stat().st_dev, p.stat().st_ino) in cached]


def test_an_edit_inside_the_site_never_reaches_a_later_build(warm: Path, clean: Path) -> None:
    site = warm / "out"
    # site/ shares no file with the cache: not one of its files is a cache file.
    assert shared_with_the_cache(warm, site) == []
    built(warm)  # the warm build: its pages come from the cache
    assert shared_with_the_cache(warm, site) == []
    page = site / "about/index.html"
    with open(page, "r+b") as handle:  # in place, as root ignores 0444
        handle.write(b"<!-- poisoned -->")
    index = next((site / "pagefind").glob("pagefind.en_*.pf_meta"))
    with open(index, "r+b") as handle:
        handle.write(b"\0\0\0\0")
    built(warm)
    assert differences(site, clean) == []


def test_a_same_size_edit_with_the_time_kept_is_seen(warm: Path) -> None:
    news = warm / NEWS
    before = news.stat()
    text = news.read_text(encoding="utf-8")
    assert "Second" in text
    news.write_text(text.replace("Second", "Sekond"), encoding="utf-8")
    os.utime(news, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or `rsync -t`
    assert news.stat().st_size == before.st_size
    assert news.stat().st_mtime_ns == before.st_mtime_ns
    built(warm)
    page = (warm / "out/news/2024-03-05-second-meeting/index.html").read_text()
    assert "Sekond" in page
    listing = (warm / "out/news/index.html").read_text()
    assert "Sekond" in listing


# -- killed builds -------------------------------------------------------------------------


def leftovers(project: Path, target: str = "out") -> list[str]:
    return sorted(p.name for p in project.iterdir()
                  if p.name.lstrip(".").startswith(f"{target}-building-"))


def test_a_killed_build_leaves_nothing_after_the_next_build(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "project")
    command = [sys.executable, "-m", "clamtex.commands.cli", "build", "--parallel", "-d", "out"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CLAMTEX_CACHE": "0"}
    proc = subprocess.Popen(command, cwd=project, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not [n for n in leftovers(project) if n.startswith("..")]:  # the workers' parts
        assert proc.poll() is None and time.monotonic() < deadline, "the build ended first"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(0.2)  # the workers die with their process group
    assert leftovers(project)  # what SIGKILL left behind
    built(project)
    assert leftovers(project) == []


def test_the_next_build_spares_the_folders_of_a_build_still_running(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "project")
    gone = subprocess.Popen(["true"])
    gone.wait()
    running = subprocess.Popen(["sleep", "120"])
    try:
        names = {f".out-building-{running.pid}-abc", f"..out-building-{running.pid}-abc-en-x",
                 f".out-building-{gone.pid}-def", f"..out-building-{gone.pid}-def-fr-y"}
        for name in names:
            (project / name / "es").mkdir(parents=True)
        built(project)
        assert leftovers(project) == sorted(n for n in names if str(running.pid) in n)
    finally:
        running.kill()
        running.wait()


# -- failures: one line, exit 1, the previous site untouched ------------------------------


@pytest.fixture
def last_good(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project copy with a "previous site" in out/, as the working folder."""
    project = fixture_site("multilingual", tmp_path / "project")
    (project / "out").mkdir()
    (project / "out/index.html").write_text("the previous site\n")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return project


def main_fails(project: Path, capfd: pytest.CaptureFixture[str], *args: str) -> list[str]:
    """`clamtex build` in this process: exit 1, no traceback, one error line, then the
    closing line; the previous site untouched. Returns the error line and the warnings."""
    code = cli.main(["build", "-d", "out", *args])
    err = capfd.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1, err
    assert lines[-1] == FAILED, err
    assert (project / "out/index.html").read_text() == "the previous site\n"
    assert [p.name for p in project.iterdir() if p.name.lstrip(".").startswith("out-")] == []
    return [errors[0], *warnings(err)]


def fail_opening(monkeypatch: pytest.MonkeyPatch, matches: Callable[[str], bool],
                 error: OSError) -> None:
    """open() raises `error` for paths that match (as for a file root cannot read)."""
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, (str, os.PathLike)) and matches(os.fspath(file)):
            raise type(error)(error.errno, error.strerror, os.fspath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)


def test_an_unreadable_content_file(last_good: Path, capfd: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fail_opening(monkeypatch, lambda path: path.endswith("content/es/about.md"),
                 PermissionError(errno.EACCES, "Permission denied"))
    [line] = main_fails(last_good, capfd)
    assert line == ("error: content/es/about.md:1: file: cannot be read (Permission denied) "
                    "(make it readable (chmod a+r), or move it out of the content folder)")


def test_a_broken_symlink_in_the_content(last_good: Path,
                                         capfd: pytest.CaptureFixture[str]) -> None:
    (last_good / "content/en/gone.md").symlink_to("nowhere.md")
    [line] = main_fails(last_good, capfd)
    assert line.startswith("error: content/en/gone.md:1: symlink: points to nothing")


def test_bad_encoding(last_good: Path, capfd: pytest.CaptureFixture[str]) -> None:
    page = last_good / "content/fr/index.md"
    page.write_bytes(page.read_bytes() + "\nCaf\xe9 cr\xe8me\n".encode("latin-1"))
    lines = page.read_bytes().count(b"\n")
    [line] = main_fails(last_good, capfd)
    assert line == (f"error: content/fr/index.md:{lines}: file: is not UTF-8 text (byte 0xe9 "
                    f"on line {lines}) (save the file as UTF-8)")


@pytest.mark.parametrize("where", ["parent", "worker"])
def test_out_of_memory(last_good: Path, capfd: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    def no_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError

    from clamtex.content import model
    from clamtex.outputs import feeds

    if where == "parent":  # reading the content, before the workers start
        monkeypatch.setattr(model, "_read_sources", no_memory)
    else:  # in every language's worker process
        monkeypatch.setattr(feeds, "write_feeds", no_memory)
    [line] = main_fails(last_good, capfd, "--parallel")
    assert line == ("error: out of memory (close other programs, or build one language at a "
                    "time: clamtex build --serial)")


CONTROL = {  # YAML escapes put control characters into a field's value
    "body": ("\n\nThe", "\n\nBell \x07 and \x0b tab. The"),
    "title": ("title: Second meeting", 'title: "Second\\a meeting\\u0001"'),
    "summary": ("summary: The partners met again.",
                'summary: "\\u0008The partners met again."'),
}


@pytest.mark.parametrize("field", CONTROL)
def test_a_control_character_never_crashes_the_build(
        last_good: Path, capfd: pytest.CaptureFixture[str], field: str) -> None:
    news = last_good / NEWS
    news.write_text(news.read_text(encoding="utf-8").replace(*CONTROL[field], 1),
                    encoding="utf-8")
    code = cli.main(["build", "-d", "out"])
    err = capfd.readouterr().err
    assert "Traceback" not in err and "XML compatible" not in err
    if code == 0:  # published: the feeds are still XML
        from lxml import etree

        feeds = list((last_good / "out").rglob("*.xml"))
        assert len(feeds) > 5
        for feed in feeds:
            etree.parse(str(feed))
    else:  # or refused with one line naming the file
        [line] = [line for line in err.splitlines() if line.startswith("error:")]
        assert NEWS in line


def test_a_file_in_the_way_of_a_folder(last_good: Path, capfd: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    real_makedirs = os.makedirs

    def makedirs(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(name).endswith("about"):
            raise FileExistsError(errno.EEXIST, "File exists", os.fspath(name))
        return real_makedirs(name, *args, **kwargs)

    monkeypatch.setattr(os, "makedirs", makedirs)
    [line] = main_fails(last_good, capfd, "--serial")
    assert line.startswith("error: ") and "about: File exists (a file is in the way" in line


def test_any_exception_is_one_line(last_good: Path, capfd: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from clamtex.build import safe as build_module

    def broken_swap(staging: Path, target: Path) -> None:
        raise KeyError("something\nunexpected")

    monkeypatch.setattr(build_module, "swap_in", broken_swap)
    [line] = main_fails(last_good, capfd)
    assert line == "error: KeyError: 'something\\nunexpected'"


def test_a_cache_write_that_fails_mid_build_is_one_warning(
        last_good: Path, clean: Path, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk that holds the cache fills up after the build started (the probe passed)."""
    cache = str(last_good / CACHE)
    fail_opening(monkeypatch, lambda path: path.startswith(cache) and ".probe-" not in path
                 and "frontmatter" not in path,
                 OSError(errno.ENOSPC, "No space left on device"))
    real_write = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if str(self).startswith(cache) and ".probe-" not in str(self):
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    code = cli.main(["build", "-d", "out"])
    err = capfd.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    lines = warnings(err)
    assert len(lines) == 1, err
    assert lines == [f"warning: {CACHE}: cache not usable (No space left on device): building "
                     "without it (free some disk space)"]
    assert differences(last_good / "out", clean) == []


# -- the real thing, where the machine allows it (root, mount) ---------------------------


@contextlib.contextmanager
def mounted(*command: str, at: Path) -> Iterator[None]:
    """Mount (tmpfs, read-only bind) for the test, or skip where this is not allowed."""
    result = subprocess.run(["mount", *command, str(at)], capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here: {result.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(at)], check=False)


def read_only(folder: Path) -> contextlib.AbstractContextManager[None]:
    result = subprocess.run(["mount", "--bind", str(folder), str(folder)],
                            capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {result.stderr.decode().strip()}")
    return mounted("-o", "remount,bind,ro", at=folder)


def test_a_read_only_cache_is_one_warning(warm: Path, clean: Path) -> None:
    with read_only(warm / CACHE):
        stderr = built(warm, "again")
    assert warnings(stderr) == [
        f"warning: {CACHE}: cache not usable (Read-only file system): building without it "
        "(its file system is read-only: mount it writable, or set CLAMTEX_CACHE=0)"]
    assert differences(warm / "again", clean) == []


def test_a_full_cache_disk_is_one_warning(tmp_path: Path, clean: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "project")
    (project / CACHE).mkdir(parents=True)
    with mounted("-t", "tmpfs", "-o", "size=48k", "tmpfs", at=project / CACHE):
        stderr = built(project)
        again = built(project, "again")
    expected = [f"warning: {CACHE}: cache not usable (No space left on device): building "
                "without it (free some disk space)"]
    assert warnings(stderr) == expected
    assert warnings(again) == expected
    assert differences(project / "out", clean) == []
    assert differences(project / "again", clean) == []


def test_a_read_only_project_folder(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "project")
    (project / "out").mkdir()
    (project / "out/index.html").write_text("the previous site\n")
    with read_only(project):
        result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == FAILED
    [error] = [line for line in lines if line.startswith("error:")]
    assert error == (f"error: {project}: cannot create the site's build folder here: Read-only "
                     "file system (the file system is read-only; or build elsewhere: clamtex "
                     "build -d <folder>)")
    assert len(warnings(result.stderr)) == 1  # the cache cannot be written either
    assert (project / "out/index.html").read_text() == "the previous site\n"


def test_a_full_site_disk(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "project")
    disk = tmp_path / "disk"
    disk.mkdir()
    with mounted("-t", "tmpfs", "-o", "size=256k", "tmpfs", at=disk):
        (disk / "site").mkdir()
        (disk / "site/index.html").write_text("the previous site\n")
        result = run_clamtex("build", "-d", str(disk / "site"), cwd=project,
                             env={"CLAMTEX_CACHE": "0"})
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        [error] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert "No space left on device (the disk is full: free some space)" in error
        assert result.stderr.strip().splitlines()[-1] == FAILED
        assert (disk / "site/index.html").read_text() == "the previous site\n"
        assert sorted(p.name for p in disk.iterdir()) == ["site"]
