"""Issue 15, point 3: publish only what is meant.

Each test copies a fixture site, adds what an editor's machine leaves behind (backups,
system files, symlinks, unreadable folders, two sources for one address), builds it with
the CLI, and reads site/ and what the build and `clamtex check` say.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from support import CLAMTEX, ROOT, build_site, fixture_site, run_clamtex

SECRET = "EMBARGOED-UNTIL-JUNE"
_LINE = re.compile(r"((?:content|mkdocs\.yml)\S*:\d+: .*)")

# What editors' tools and systems leave next to the files they edit.
JUNK_FILES = [
    "en/news/2024-06-01-embargoed.md~", "en/about.md.bak", "en/about.md.orig",
    "en/about.md.rej", "en/.about.md.swp", "en/about.swo", "en/.#about.md",
    "en/#about.md#", "en/.DS_Store", "assets/images/Thumbs.db", "assets/desktop.ini",
    "assets/images/._meeting.svg", "en/news/draft.tmp", "en/~$report.docx",
    "en/.~lock.report.odt#", "en/.obsidian/workspace.json", ".git/config",
    "en/news/.hidden/2024-06-02-secret.md", "assets/DESKTOP.INI",
]


def problem_lines(output: str) -> set[str]:
    """The editor lines (`file:line: field: ...`) in a build's or a check's output."""
    return {match.group(1) for line in output.splitlines() if (match := _LINE.search(line))}


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return run_clamtex("check", cwd=project, timeout=120)


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return run_clamtex("build", "-d", "out", cwd=project, timeout=300)


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def every_file(root: Path) -> Iterator[Path]:
    return (p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return fixture_site("minimal", tmp_path / "project")


@pytest.fixture
def multilingual(multilingual_project: Path) -> Path:
    return multilingual_project  # tests/conftest.py


def test_backups_and_system_files_never_reach_the_site(minimal: Path) -> None:
    content = minimal / "content"
    for name in JUNK_FILES:
        write(content / name, f"---\ntitle: {SECRET}\ndate: 2024-06-01\n---\n{SECRET}\n")
    built = build_site(minimal)
    published = [p.relative_to(built.root).as_posix() for p in every_file(built.root)]
    leaked = [p for p in published if SECRET.encode() in (built.root / p).read_bytes()]
    assert not leaked, leaked
    for name in JUNK_FILES:
        assert Path(name).name not in {Path(p).name for p in published}, name
    said = {line for line in problem_lines(built.output) if "left out of the site" in line}
    tops = {"content/.git/", "content/en/.obsidian/", "content/en/news/.hidden/"}
    expected = {f"content/{name}" for name in JUNK_FILES
                if not any(f"content/{name}".startswith(top) for top in tops)} | tops
    assert {line.split(":")[0] for line in said} == expected
    assert all(": warning: " in line for line in said)
    checked = check(minimal)
    assert checked.returncode == 0, checked.stdout + checked.stderr  # warnings only
    assert {line for line in problem_lines(checked.stdout) if "left out" in line} == said


def test_editors_md_lists_every_left_out_pattern() -> None:
    from clamtex.content import sources

    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    missing = [p for p in sources.JUNK if f"`{p.replace(chr(13), '')}`" not in text]
    assert not missing, f"docs/editors.md does not list {missing}"


def test_a_symlink_out_of_the_project_is_an_error(minimal: Path, tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere" / "secret.svg", f"<svg>{SECRET}</svg>")
    os.symlink(outside, minimal / "content" / "assets" / "secret.svg")
    os.symlink(outside.parent, minimal / "content" / "assets" / "elsewhere")
    result = build(minimal)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not (minimal / "out").exists()
    lines = problem_lines(result.stderr)
    for name in ("secret.svg", "elsewhere"):
        assert any(line.startswith(f"content/assets/{name}:1: symlink: leads outside the "
                                   "project") for line in lines), result.stderr
    checked = check(minimal)
    assert checked.returncode == 1 and problem_lines(checked.stdout) == lines


def test_a_symlink_inside_the_project_is_followed(minimal: Path) -> None:
    write(minimal / "shared" / "badge.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    os.symlink("../../shared/badge.svg", minimal / "content" / "assets" / "badge.svg")
    os.symlink("../../shared", minimal / "content" / "assets" / "shared")
    built = build_site(minimal)
    assert (built.root / "assets" / "badge.svg").read_text().startswith("<svg")
    assert (built.root / "assets" / "shared" / "badge.svg").is_file()


def test_symlink_loops_and_dead_links_are_errors_not_hangs(minimal: Path) -> None:
    content = minimal / "content"
    os.symlink(".", content / "en" / "again")  # a folder that holds itself
    os.symlink("../en", content / "assets" / "en")  # ... through another folder
    os.symlink("ping", content / "assets" / "pong")  # a chain that never ends
    os.symlink("pong", content / "assets" / "ping")
    os.symlink("gone.svg", content / "assets" / "dead.svg")
    result = build(minimal)  # the timeout (300 s) fails the test on a hang
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = problem_lines(result.stderr)
    for name in ("en/again", "assets/pong", "assets/ping"):
        assert any(line.startswith(f"content/{name}:1: symlink: is a symlink loop")
                   for line in lines), (name, result.stderr)
    assert any(line.startswith("content/assets/dead.svg:1: symlink: points to nothing")
               for line in lines)
    assert problem_lines(check(minimal).stdout) == lines


def test_a_pipe_in_content_is_an_error_not_a_hang(minimal: Path) -> None:
    """A named pipe (FIFO) is a real file that blocks whoever reads it: the build used to
    wait forever on one named like a news item."""
    os.mkfifo(minimal / "content" / "en" / "news" / "2024-06-01-pipe.md")
    result = build(minimal)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("content/en/news/2024-06-01-pipe.md:1: file: is not an ordinary file (a pipe, "
            "socket or device)") in result.stderr
    assert problem_lines(check(minimal).stdout) == problem_lines(result.stderr)


# -- unreadable files and folders -----------------------------------------------------------

NOBODY = 65534


def _nobody_can_run_python() -> bool:
    """Whether this interpreter runs as `nobody` (it may live in root's home, mode 0700)."""
    if os.geteuid() != 0:
        return False
    try:
        done = subprocess.run([*CLAMTEX, "--help"], capture_output=True, timeout=60,
                              user=NOBODY, group=NOBODY, extra_groups=[], cwd="/", check=False)
    except OSError:
        return False
    return done.returncode == 0


DROP = _nobody_can_run_python()


@pytest.fixture
def owned_project() -> Iterator[Path]:
    """The multilingual fixture in a folder `nobody` can reach (pytest's tmp is root's)."""
    base = Path(tempfile.mkdtemp(prefix="clamtex-unreadable-"))
    try:
        os.chmod(base, 0o755)
        project = fixture_site("multilingual", base / "project")
        if DROP:
            for path in [project, *project.rglob("*")]:
                os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
        yield project
    finally:
        for path in base.rglob("*"):  # give back what the test took away
            if not path.is_symlink():
                os.chmod(path, 0o755)
        shutil.rmtree(base, ignore_errors=True)


def run_unreadable(project: Path, *args: str) -> tuple[int, str, str]:
    """The CLI, as an ordinary user would meet a file or folder it may not read.

    Root reads every file whatever its mode, and the tests run as root. So: not root (an
    editor's machine), the chmod is real and the CLI runs as is; as root, the CLI runs as
    `nobody` (uid 65534) on a project that user owns, when this interpreter lets that
    user run it; otherwise (a Python in root's home) the CLI runs in this process, with
    the system calls that read the content folder answering as the kernel answers an
    ordinary user: mode 0 is EACCES (the one simulated path).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HOME": str(project)}
    if os.geteuid() != 0 or DROP:
        extra = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if DROP else {}
        done = subprocess.run([*CLAMTEX, *args], cwd=project, env=env, capture_output=True,
                              text=True, timeout=300, check=False, **extra)  # type: ignore[call-overload]
        return done.returncode, done.stdout, done.stderr
    return _in_a_child(project, *args)


def _child(project: Path, args: tuple[str, ...], out: IO[str], err: IO[str]) -> None:
    import sys

    from clamtex.commands import cli
    from clamtex.content import sources

    code = 70
    try:
        sys.stdout, sys.stderr = out, err
        real_open, real_access = os.open, os.access

        def denied(path: object, dir_fd: int | None) -> bool:
            return os.stat(path, dir_fd=dir_fd).st_mode & 0o444 == 0  # type: ignore[arg-type]

        def fake_open(path: object, flags: int, *rest: object, **kw: object) -> int:
            if denied(path, kw.get("dir_fd")):  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *rest, **kw)  # type: ignore[arg-type]

        def fake_access(path: object, mode: int, *, dir_fd: int | None = None) -> bool:
            return not denied(path, dir_fd) and real_access(path, mode, dir_fd=dir_fd)  # type: ignore[arg-type]

        sources.os.open, sources.os.access = fake_open, fake_access  # type: ignore[assignment]
        sources.os.geteuid = lambda: NOBODY  # type: ignore[assignment]
        os.chdir(project)
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        code = cli.main(list(args))
    finally:
        out.flush()
        err.flush()
        os._exit(code)


def _in_a_child(project: Path, *args: str) -> tuple[int, str, str]:
    """The CLI in a forked child whose calls that read the content folder say EACCES for
    a mode-0 path, as the kernel says to an ordinary user."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _child(project, args, out, err)
        _, status = os.waitpid(pid, 0)
        texts = []
        for handle in (out, err):
            handle.seek(0)
            texts.append(handle.read())
    return os.waitstatus_to_exitcode(status), texts[0], texts[1]


def test_an_unreadable_folder_is_an_error_not_english_fallbacks(owned_project: Path) -> None:
    """Spanish partner pages must not silently become English fallbacks (exit 0)."""
    folder = owned_project / "content" / "es" / "partners"
    os.chmod(folder, 0)
    code, out, err = run_unreadable(owned_project, "build", "-d", "out")
    assert code == 1, out + err
    assert "Traceback" not in err
    line = ("content/es/partners/:1: folder: cannot be read (permission denied) "
            "(let everyone read it, e.g. chmod -R a+rX content/es/partners/)")
    assert line in err
    assert not (owned_project / "out").exists()
    code, out, err = run_unreadable(owned_project, "check")
    assert code == 1 and line in out, out + err


def test_an_unreadable_file_is_an_error(owned_project: Path) -> None:
    page = owned_project / "content" / "es" / "about.md"
    logo = owned_project / "content" / "assets" / "logo.svg"
    os.chmod(page, 0)
    os.chmod(logo, 0)
    code, out, err = run_unreadable(owned_project, "build", "-d", "out")
    assert code == 1 and "Traceback" not in err, err
    for shown in ("content/es/about.md", "content/assets/logo.svg"):
        assert f"{shown}:1: file: cannot be read (permission denied)" in err
    built = problem_lines(err)
    code, out, err = run_unreadable(owned_project, "check")
    assert code == 1 and problem_lines(out) == built


# -- one address, one source --------------------------------------------------------------


def _page(title: str) -> str:
    return f"---\ntitle: {title}\n---\nText.\n"


def test_two_sources_for_one_address_are_errors_naming_both(multilingual: Path) -> None:
    content = multilingual / "content"
    write(content / "en/news/2024-01-10-first-meeting/index.md", _page("Shadow"))
    write(content / "en/about/index.html", "<p>static</p>")
    write(content / "en/news/2024/index.md", _page("Year page"))
    write(content / "en/news/tags/meetings.md", _page("Tag page"))
    write(content / "es/news/page/2/index.html", "<p>static</p>")
    write(content / "en/news/index.md", _page("News"))
    write(content / "en/README.md", _page("Home again"))
    write(content / "en/assets/logo.svg", "<svg/>")  # beside content/assets/logo.svg
    result = build(multilingual)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = problem_lines(result.stderr)
    expected = [
        "content/en/news/2024-01-10-first-meeting.md:1: file: would be published at "
        "/news/2024-01-10-first-meeting/, like content/en/news/2024-01-10-first-meeting/"
        "index.md",
        "content/en/about.md:1: file: would be published at /about/, like "
        "content/en/about/index.html",
        "content/en/news/2024/index.md:1: file: would be published at /news/2024/, where "
        "the site generates the news of 2024",
        "content/en/news/tags/meetings.md:1: file: would be published at "
        "/news/tags/meetings/, where the site generates the listing of a tag",
        "content/es/news/page/2/index.html:1: file: would be published at /es/news/page/2/, "
        "where the site generates page 2 of the news index",
        "content/en/news/index.md:1: file: would be published at /news/, where the site "
        "generates the news index",
        "content/en/README.md:1: file: would be published at /, like content/en/index.md",
        # MkDocs publishes README.md as the folder's index; its name is also refused.
        "content/en/README.md:1: file: page file name 'README.md' has upper-case letters",
        "content/assets/logo.svg:1: file: would be published at /assets/logo.svg, like "
        "content/en/assets/logo.svg",
    ]
    for start in expected:
        assert sum(line.startswith(start) for line in lines) == 1, (start, result.stderr)
    assert len(lines) == len(expected), "\n".join(sorted(lines))  # each told once
    checked = check(multilingual)
    assert checked.returncode == 1 and problem_lines(checked.stdout) == lines


def test_tags_whose_addresses_collide_are_errors(minimal: Path) -> None:
    text = (minimal / "mkdocs.yml").read_text(encoding="utf-8")
    tags = ("        Training:\n          en: Training\n        training:\n          en: training\n"
            "        café:\n          en: Café\n        cafe:\n          en: Cafe\n")
    assert "      tags:\n" in text
    (minimal / "mkdocs.yml").write_text(text.replace("      tags:\n", "      tags:\n" + tags),
                                        encoding="utf-8")
    result = build(minimal)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = problem_lines(result.stderr)
    assert lines == {
        "mkdocs.yml:1: tags: tags 'Training' and 'training' would have the same address "
        "/news/tags/training/ (rename one of them, or merge them into one)",
        "mkdocs.yml:1: tags: tags 'café' and 'cafe' would have the same address "
        "/news/tags/cafe/ (rename one of them, or merge them into one)"}, result.stderr
    assert problem_lines(check(minimal).stdout) == lines


def test_a_translation_over_another_pages_address_is_an_error(multilingual: Path) -> None:
    """In Spanish, es/about/index.md and the fallback of en/about.md meet at /es/about/."""
    content = multilingual / "content"
    (content / "es" / "about.md").unlink()
    write(content / "en/about/index.md", _page("About, again"))
    (content / "en" / "about.md").rename(content / "en" / "about-us.md")
    write(content / "es/about-us/index.md", _page("Acerca"))
    # en: about-us.md -> /about-us/; es: its own about-us/index.md -> /es/about-us/
    result = check(multilingual)
    assert ("content/en/about-us.md:1: file: would be published at /es/about-us/, like "
            "content/es/about-us/index.md") in result.stdout, result.stdout
    assert result.returncode == 1


def test_every_generated_listing_address_is_reserved() -> None:
    """kinds.news.listing_at must know every address its build_listings makes (and no other)."""
    import datetime as dt

    from clamtex.content import sources
    from clamtex.content.model import NewsItem
    from clamtex.kinds import news

    items = [NewsItem(key=f"news/{y}-01-0{i}-x{i}.md", default="en",
                      date=dt.date(y, 1, i), tags=("Training", "café"))
             for y in (1999, 2024) for i in range(1, 6)]
    for listing in news.build_listings(items, "actualites", per_page=2):
        assert news.listing_at("actualites", sources.dest_of(listing.key)), listing.key
    for key in ("actualites/2024-01-01-x1.md", "actualites/images/x.svg", "about.md",
                "actualites/2024/photo.jpg", "news/2024/index.md"):
        assert news.listing_at("actualites", sources.dest_of(key)) is None, key


@pytest.mark.parametrize("name", ["report.pdf", "2024-plan.md", "a.b.c.svg", "tilde~x.png",
                                  "notes#1.md", "Icon.svg", "thumbs.dbx"])
def test_ordinary_names_are_published(name: str) -> None:
    from clamtex.content import sources

    assert not sources.is_junk(name)
    assert sources.left_out(f"en/news/{name}") is None


def test_a_left_out_folder_is_named_once() -> None:
    from clamtex.content import sources

    assert sources.left_out("en/.obsidian/plugins/x.json") == "en/.obsidian/"
    assert sources.left_out("en/news/x.md~") == "en/news/x.md~"
    assert sources.is_junk("THUMBS.DB") and sources.is_junk("x.BAK")
