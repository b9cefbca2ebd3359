"""Trust in what editors write (issue 15, points 2 and 5): URLs, asset paths, file names,
YAML edge cases and pathological Markdown.

Each case writes hostile or broken files into a copy of the minimal fixture site, then runs
`clamtex check` and `clamtex build`: both must print the same one line (file, line,
field, problem, fix), exit non-zero, print no traceback and leave the previous site/ as
it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import CLAMTEX, build_site, fixture_site, run_clamtex

NEWS = "content/en/news"
PARTNER = "content/en/partners/alpha.md"
OLD_SITE = {"index.html": b"<!doctype html><title>old</title>\n", "x/y.css": b"a{}\n"}


def news(slug: str, lines: str, body: str = "Text.\n", date: str = "2024-02-01") -> dict:
    """A news file named `date-slug.md` whose front matter is `lines` (date added)."""
    return {f"{NEWS}/{date}-{slug}.md": f"---\n{lines}date: {date}\n---\n{body}"}


def partner(old: str = "", new: str = "", name: str = PARTNER) -> dict:
    """The fixture's partner file, with `old` replaced by `new`, written as `name`."""
    text = (Path(__file__).parent / "sites/minimal" / PARTNER).read_text(encoding="utf-8")
    assert old in text
    return {name: text.replace(old, new, 1)}


def website(url: str) -> dict:
    """The partner with its website replaced (`url` as written in YAML)."""
    return partner("website: https://alpha.example.org/", f"website: {url}")


def image(path: str) -> dict:
    return news("pic", f"title: Pic\nimage: {path}\nimage_alt: A picture\n")


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    expected: str  # the start of the one line both commands must print
    links: dict[str, str] = field(default_factory=dict)  # symlink path -> target


P = f"{NEWS}/2024-02-01"
CASES = [
    # -- URLs: one validator for every link field ------------------------------------
    Case("url-javascript", website("javascript:alert(1)"),
         f"{PARTNER}:7: website: 'javascript:alert(1)' is a javascript: link"),
    Case("url-mixed-case", website("JaVaScRiPt:alert(1)"),
         f"{PARTNER}:7: website: 'JaVaScRiPt:alert(1)' is a javascript: link"),
    Case("url-data", website('"data:text/html;base64,PHNjcmlwdD4="'),
         f"{PARTNER}:7: website: 'data:text/html;base64,PHNjcmlwdD4=' is a data: link"),
    Case("url-vbscript", website("vbscript:msgbox"),
         f"{PARTNER}:7: website: 'vbscript:msgbox' is a vbscript: link"),
    Case("url-file", website("file:///etc/passwd"),
         f"{PARTNER}:7: website: 'file:///etc/passwd' is a file: link"),
    Case("url-protocol-relative", website("//evil.example.com/x"),
         f"{PARTNER}:7: website: '//evil.example.com/x' has no https: in front"),
    Case("url-backslashes", website('"/\\\\evil.example.com"'),
         f"{PARTNER}:7: website: '/\\evil.example.com' holds a backslash"),
    Case("url-space", website('"https://alpha.example.org/a b"'),
         f"{PARTNER}:7: website: 'https://alpha.example.org/a b' holds a space"),
    Case("url-newline-in-scheme", website('"java\\nscript:alert(1)"'),
         f"{PARTNER}:7: website: 'java\\u000ascript:alert(1)' holds a space"),
    Case("url-tab", website('"https://a.example.org/\\tx"'), f"{PARTNER}:7: website: "),
    Case("url-entity", website("'javascript&#58;alert(1)'"),
         f"{PARTNER}:7: website: 'javascript&#58;alert(1)' is not a web address"),
    Case("url-percent", website("'%6Aavascript:alert(1)'"),
         f"{PARTNER}:7: website: '%6Aavascript:alert(1)' is not a web address"),
    Case("url-no-host", website("'https:evil.example.com'"),
         f"{PARTNER}:7: website: 'https:evil.example.com' has no host name"),
    Case("url-user-info", website("https://alpha.example.org@evil.example.com/"),
         f"{PARTNER}:7: website: 'https://alpha.example.org@evil.example.com/' holds a user"),
    Case("url-quote", website("'https://a.example.org/\"onmouseover=alert(1)'"),
         f"{PARTNER}:7: website: 'https://a.example.org/\"onmouseover=alert(1)' holds one of"),
    Case("url-not-text", website("[https://a.example.org]"),
         f"{PARTNER}:7: website: is a list, not text"),
    # -- asset paths ---------------------------------------------------------------------
    Case("asset-dotdot", image("../mkdocs.yml"),
         f"{P}-pic.md:3: image: '../mkdocs.yml' has an empty, . or .. part"),
    Case("asset-absolute", image("/etc/passwd"),
         f"{P}-pic.md:3: image: '/etc/passwd' is not a path inside the content folder"),
    Case("asset-url", image("https://tracker.example.com/p.gif"),
         f"{P}-pic.md:3: image: 'https://tracker.example.com/p.gif' is not a path inside"),
    Case("asset-backslash", image("'assets\\images\\meeting.svg'"),
         f"{P}-pic.md:3: image: 'assets\\images\\meeting.svg' holds a backslash"),
    Case("asset-not-plain", image("'assets/images/My photo (1).JPG'"),
         f"{P}-pic.md:3: image: file name 'My photo (1).JPG' has upper-case letters, "
         "spaces, ( ) (rename 'My photo (1).JPG' to 'my-photo-1.jpg' and write "
         "assets/images/my-photo-1.jpg)"),
    Case("asset-markup", image("'assets/images/x\"><img src=x onerror=alert(1)>.svg'"),
         f"{P}-pic.md:3: image: file name 'x\"><img src=x onerror=alert(1)>.svg' has "),
    Case("asset-accents", image("assets/images/reunión.svg"),
         f"{P}-pic.md:3: image: file name 'reunión.svg' has accented or non-Latin letters "
         "(rename 'reunión.svg' to 'reunion.svg'"),
    Case("asset-odd-chars", image("'assets/images/a&b#c?d%e.svg'"),
         f"{P}-pic.md:3: image: file name 'a&b#c?d%e.svg' has # % & ? (rename"),
    Case("asset-folder", image("assets/My Images/meeting.svg"),
         f"{P}-pic.md:3: image: folder name 'My Images' has upper-case letters, spaces "
         "(rename 'My Images' to 'my-images' and write assets/my-images/meeting.svg)"),
    Case("asset-hidden", image("assets/.git/config.svg"),
         f"{P}-pic.md:3: image: folder name '.git' has a dot, hyphen or underscore at an end"),
    Case("asset-control", image('"assets/images/a\\u0007.svg"'),
         f"{P}-pic.md:3: image: holds the invisible control character U+0007"),
    Case("asset-not-image", image("en/about.md"), f"{P}-pic.md:3: image: 'en/about.md' is "
         "not an image"),
    Case("asset-symlink-out", image("assets/images/evil.svg"),
         f"{P}-pic.md:3: image: assets/images/evil.svg is a link to a file outside content/",
         links={"content/assets/images/evil.svg": "/etc/hostname"}),
    Case("logo-dotdot", partner("logo: assets/partners/alpha.svg", "logo: assets/../../x.svg"),
         f"{PARTNER}:8: logo: 'assets/../../x.svg' has an empty, . or .. part"),
    # -- file names ----------------------------------------------------------------------
    Case("news-upper-case", {f"{NEWS}/2024-02-01-Spring-News.md":
                             "---\ntitle: T\ndate: 2024-02-01\n---\nx\n"},
         f"{NEWS}/2024-02-01-Spring-News.md:1: file: news file name "
         "'2024-02-01-Spring-News.md' has upper-case letters (rename it to "
         "'2024-02-01-spring-news.md')"),
    Case("news-accents", {f"{NEWS}/2024-02-01-réunion.md":
                          "---\ntitle: T\ndate: 2024-02-01\n---\nx\n"},
         f"{NEWS}/2024-02-01-réunion.md:1: file: news file name '2024-02-01-réunion.md' "
         "has accented or non-Latin letters (rename it to '2024-02-01-reunion.md')"),
    Case("news-no-date", {f"{NEWS}/meeting.md": "---\ntitle: T\ndate: 2024-02-01\n---\nx\n"},
         f"{NEWS}/meeting.md:1: file: news file name 'meeting.md' does not start with its "
         "date (rename it to '2024-02-01-meeting.md')"),
    Case("page-upper-case", {"content/en/About Us.md": "---\ntitle: T\n---\nx\n"},
         "content/en/About Us.md:1: file: page file name 'About Us.md' has upper-case "
         "letters, spaces (rename it to 'about-us.md')"),
    Case("page-folder-accents", {"content/en/équipe/index.md": "---\ntitle: T\n---\nx\n"},
         "content/en/équipe/index.md:1: file: folder name 'équipe' has accented or "
         "non-Latin letters (rename it to 'equipe')"),
    Case("partner-upper-case", partner(name="content/en/partners/Beta.md"),
         "content/en/partners/Beta.md:1: file: partner file name 'Beta.md' has upper-case "
        "letters (rename it to 'beta.md'"),
    # -- YAML ------------------------------------------------------------------------------
    Case("yaml-duplicate-key", news("dup", "title: One\nsummary: S\ntitle: Two\n"),
         f"{P}-dup.md:4: title: appears twice, on lines 2 and 4 (keep one"),
    Case("yaml-duplicate-quoted-key", news("dup", "title: One\n'title': Two\n"),
         f"{P}-dup.md:3: title: appears twice, on lines 2 and 3"),
    Case("yaml-duplicate-nested-key", news("dup", "title: T\nx:\n  a: 1\n  b: 2\n  a: 3\n"),
         f"{P}-dup.md:6: x: key 'a' appears twice, on lines 4 and 6"),
    Case("yaml-anchor", news("anchor", "title: &t Hello\nsummary: *t\n"),
         f"{P}-anchor.md:2: title: uses an anchor (&): YAML anchors and aliases are not "
         "accepted"),
    Case("yaml-merge-key", news("merge", "title: T\nx: &x {a: 1}\ny:\n  <<: *x\n"),
         f"{P}-merge.md:3: x: uses an anchor (&)"),
    Case("yaml-alias-first", news("alias", "title: T\nsummary: [*x, &x a]\n"),
         f"{P}-alias.md:3: summary: uses an alias (*)"),
    Case("yaml-deep", news("deep", "title: T\nx: " + "[" * 30 + "]" * 30 + "\n"),
         f"{P}-deep.md:3: x: nests lists or fields more than 20 levels deep"),
    Case("yaml-very-deep", news("deep", "title: T\nx: " + "[" * 200000 + "]" * 200000 + "\n"),
         f"{P}-deep.md:3: x: nests lists or fields more than 20 levels deep"),
    Case("yaml-very-deep-block", news("deep", "title: T\n" + "".join(
        " " * i + "a:\n" for i in range(3000)) + " " * 3000 + "a: 1\n"),
        f"{P}-deep.md:"),
    Case("yaml-raw-control", news("ctl", "title: Hi\x01there\n"),
         f"{P}-ctl.md:2: front matter: holds the invisible control character U+0001"),
    Case("field-escape-control", news("ctl", 'title: "Red \\e[31m alert"\n'),
         f"{P}-ctl.md:2: title: holds the invisible control character U+001B"),
    Case("field-c1-control", news("ctl", 'title: T\nsummary: "a\\x9bb"\n'),
         f"{P}-ctl.md:3: summary: holds the invisible control character U+009B"),
    Case("field-bidi-override", news("bidi", 'title: "Invoice \\u202egnp.exe"\n'),
         f"{P}-bidi.md:2: title: holds an invisible text-direction control (U+202E)"),
    Case("field-bidi-isolate", news("bidi", 'title: "a \\u2066b\\u2069"\n'),
         f"{P}-bidi.md:2: title: holds an invisible text-direction control (U+2066)"),
    Case("field-line-separator", news("sep", 'title: "a\\u2028b"\n'),
         f"{P}-sep.md:2: title: holds an invisible line separator (U+2028)"),
    Case("field-noncharacter", news("nc", 'title: T\nsummary: "a\\uffff"\n'),
         f"{P}-nc.md:3: summary: holds the invisible control character U+FFFF"),
    Case("field-control-in-list", news("list", 'title: T\ntags: ["meet\\x00ings"]\n'),
         f"{P}-list.md:3: tags: holds the invisible control character U+0000"),
    Case("key-control", news("key", 'title: T\n"\\e]0;pwned\\a": 1\n'),
         f"{P}-key.md:3: \\u001b]0;pwned\\u0007: holds the invisible control character"),
    Case("title-number", news("num", "title: 2024\n"),
         f"{P}-num.md:2: title: is a number (2024), not text (put it in quotes: \"2024\")"),
    Case("title-bool", news("bool", "title: yes\n"),
         f"{P}-bool.md:2: title: is read as true/false"),
    Case("title-list", news("list", "title: [a, b]\n"),
         f"{P}-list.md:2: title: is a list, not text (add title: followed by the title)"),
    Case("title-mapping", news("map", "title: {a: b}\n"),
         f"{P}-map.md:2: title: is a group of fields, not text"),
    Case("summary-null", news("null", "title: T\nsummary:\n"),
         f"{P}-null.md:3: summary: must be non-empty text"),
    Case("date-number", {f"{NEWS}/2024-02-01-n.md": "---\ntitle: T\ndate: 20240201\n---\n"},
         f"{NEWS}/2024-02-01-n.md:3: date: is a number (20240201), not a date"),
    Case("date-timestamp-tag", {f"{NEWS}/2024-02-01-n.md":
                                "---\ntitle: T\ndate: !!timestamp 2024-02-01\n---\n"},
         f"{NEWS}/2024-02-01-n.md:3: date: is a date and time, not a date"),
    Case("image-alt-binary", news("bin", "title: T\nsummary: !!binary aGk=\n"),
         f"{P}-bin.md:3: summary: is not text"),
    # -- pathological Markdown --------------------------------------------------------------
    Case("md-deep-quotes", news("q", "title: T\n", body="\n" + ">" * 10000 + " x\n"),
         f"{P}-q.md:6: body: nests quotes, lists or HTML more than 100 levels deep"),
    Case("md-deep-lists", news("l", "title: T\n", body="".join(
        "    " * i + "- x\n" for i in range(1000))),
        f"{P}-l.md:56: body: nests quotes, lists or HTML more than 100 levels deep"),
    Case("md-deep-html", news("h", "title: T\n", body="<div markdown>\n" * 1000 + "x\n"),
         f"{P}-h.md:105: body: nests quotes, lists or HTML more than 100 levels deep"),
    Case("md-deep-admonitions", news("a", "title: T\n", body="".join(
        "    " * i + "!!! note\n" for i in range(1000))),
        f"{P}-a.md:56: body: nests quotes, lists or HTML more than 100 levels deep"),
    Case("md-emphasis-pile", news("e", "title: T\n", body="*" * 10000 + "x" + "*" * 10000),
         f"{P}-e.md:5: body: has 10000 * or _ in a row"),
    Case("md-brackets", news("b", "title: T\n", body="[" * 10000 + "x" + "](y)" * 10000),
         f"{P}-b.md:5: body: opens more than 50 [ brackets inside each other"),
]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _prepare(tmp_path: Path, case: Case) -> Path:
    project = fixture_site("minimal", tmp_path / "site")
    for name, text in case.files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    for name, target in case.links.items():
        (project / name).symlink_to(target)
    for name, data in OLD_SITE.items():
        (project / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "site" / name).write_bytes(data)
    return project


def _refused_by_check_and_build(project: Path, expected: str) -> str:
    """The one line that check and build both print for `expected`; asserts the rest."""
    check = run_clamtex("check", cwd=project)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "Traceback" not in check.stdout + check.stderr
    lines = [line for line in check.stdout.splitlines() if line.startswith(expected)]
    assert len(lines) == 1, f"want one line starting {expected!r} in:\n{check.stdout}"
    build = run_clamtex("build", cwd=project)
    output = build.stdout + build.stderr
    assert build.returncode == 1, output
    assert "Traceback" not in output
    assert any(line.endswith(lines[0]) for line in build.stderr.splitlines()), (lines, output)
    assert _snapshot(project / "site") == OLD_SITE
    return lines[0]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_check_and_build_refuse_with_one_line(tmp_path: Path, case: Case) -> None:
    _refused_by_check_and_build(_prepare(tmp_path, case), case.expected)


def test_alias_bomb_fails_at_once_in_little_memory(tmp_path: Path) -> None:
    """A "billion laughs" document: refused before anything is expanded."""
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for number in range(1, 10):
        prev, name = chr(ord("a") + number - 1), chr(ord("a") + number)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = "---\ntitle: *j\n" + "\n".join(levels) + "\ndate: 2024-02-01\n---\n"
    project = _prepare(tmp_path, Case("bomb", {f"{NEWS}/2024-02-01-bomb.md": bomb}, ""))
    # A parent process whose only child is the check: its children's peak memory is the
    # check's.
    measure = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], "
               "capture_output=True, text=True); print(r.returncode); print(r.stdout); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-c", measure, *CLAMTEX, "check"], cwd=project,
                            env=env, capture_output=True, text=True, timeout=30, check=True)
    elapsed = time.monotonic() - start
    lines = result.stdout.strip().splitlines()
    returncode, peak_kb, output = int(lines[0]), int(lines[-1]), "\n".join(lines[1:-1])
    assert returncode == 1, output + result.stderr
    assert f"{NEWS}/2024-02-01-bomb.md:2: title: uses an alias (*)" in output
    assert "Traceback" not in output
    assert elapsed < 10, elapsed  # a whole `clamtex check`, Python's start-up included
    assert peak_kb < 250_000, peak_kb  # an ordinary check takes about 50 MB
    _refused_by_check_and_build(project, f"{NEWS}/2024-02-01-bomb.md:2: title: uses an alias")


def test_frontmatter_parse_refuses_a_bomb_in_milliseconds() -> None:
    from clamtex.content import frontmatter

    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for number in range(1, 12):
        prev, name = chr(ord("a") + number - 1), chr(ord("a") + number)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    text = "---\n" + "\n".join(levels) + "\n---\n"
    start = time.perf_counter()
    _, problems = frontmatter.parse(text, path=Path("x.md"), display="x.md", lang="en",
                                    key="x.md")
    assert time.perf_counter() - start < 0.1
    assert [str(p) for p in problems] == [
        "x.md:2: a: uses an anchor (&): YAML anchors and aliases are not accepted in front "
        "matter (write the value out in full)"]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """A file saved with a UTF-8 BOM (Windows Notepad) builds like any other."""
    project = _prepare(tmp_path, Case("bom", {}, ""))
    (project / f"{NEWS}/2024-02-01-bom.md").write_bytes(
        "\ufeff---\ntitle: Saved with a BOM\ndate: 2024-02-01\n---\n\nBody.\n".encode())
    check = run_clamtex("check", cwd=project)
    assert check.returncode == 0, check.stdout
    built = build_site(project)
    page = built.page("news/2024-02-01-bom/")
    assert page.findtext(".//h1").strip() == "Saved with a BOM"
    assert "\ufeff" not in built.path("news/2024-02-01-bom/").read_text(encoding="utf-8")


def test_honest_content_still_builds(tmp_path: Path) -> None:
    """What the rules must not refuse: site paths, http and IDN hosts, ports, queries,
    plain asset names with - _ ., ampersands and stars in text, moderate nesting."""
    files = {
        **website("'https://bücher.example.de:8443/a_b/?q=1&r=2#top'"),
        f"{NEWS}/2024-02-01-ok.md": (
            "---\ntitle: \"R&D — *stars* and 'quotes'\"\ndate: 2024-02-01\n"
            "summary: 'Tabs\tand ZWJ 👩‍💻, Arabic مرحبا, 100%'\n"
            "image: assets/images/meeting.svg\nimage_alt: A meeting\n---\n\n"
            + "> " * 60 + "deep quote\n\n"
            + "".join("    " * i + "- item\n" for i in range(40)) + "\n"
            + "*" * 70 + "\n\n" + "[" * 20 + "x" + "]" * 20 + "\n"),
        "content/en/site-path.md": "---\ntitle: Site path\n---\n\nSee [news](news/index.md).\n",
    }
    project = _prepare(tmp_path, Case("ok", files, ""))
    check = run_clamtex("check", cwd=project)
    assert check.returncode == 0, check.stdout
    built = build_site(project)
    page = built.page("news/2024-02-01-ok/")
    assert page.findtext(".//h1").strip() == "R&D — *stars* and 'quotes'"
    assert "deep quote" in page.text_content()
    partner_page = built.page("partners/alpha/")
    hrefs = partner_page.xpath("//a/@href")
    assert "https://bücher.example.de:8443/a_b/?q=1&r=2#top" in hrefs


@pytest.mark.parametrize("url", [
    "https://example.org", "http://example.org/a/b?c=d&e=f#g", "https://EXAMPLE.org/",
    "HTTPS://example.org/", "https://xn--bcher-kva.example/", "https://bücher.example/",
    "https://example.org:8080/", "/en/news/", "/", "/a_b-c.d~e/?x=1#y"])
def test_web_address_accepts(url: str) -> None:
    from clamtex.content.model import web_address

    assert web_address(url) is None


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " javascript:alert(1)", "JAVASCRIPT:x", "jav\tascript:x",
    "data:,x", "vbscript:x", "file:///etc", "ftp://example.org", "mailto:a@example.org",
    "//example.org", "///example.org", "/\\example.org", "\\\\example.org", "https:/x.org",
    "https://", "https://localhost/", "https://exa mple.org", "https://a.org/\u0000",
    "https://a.org/\u202e", "https://a@b.org", "https://a.org:port/", "https://-a.org/",
    "example.org", "www.example.org", "javascript&colon;x", "%6A%61vascript:x",
    "https://a.org/%zz", "https://a.org/<script>", "", 42, None, ["https://a.org"]])
def test_web_address_refuses(url: object) -> None:
    from clamtex.content.model import web_address

    assert web_address(url) is not None


@pytest.mark.parametrize("path", [
    "../x.svg", "assets/../x.svg", "./x.svg", "assets//x.svg", "/x.svg", "C:/x.svg",
    "C:\\x.svg", "http://a.org/x.svg", "assets/X.svg", "assets/x .svg", "assets/.x.svg",
    "assets/x%20.svg", "assets/x'.svg", "assets/ü.svg", "assets/x\u0000.svg", "", 1])
def test_asset_path_refuses(path: object) -> None:
    from clamtex.content.model import asset_path

    assert asset_path(path) is not None


def test_plain_name_renames() -> None:
    from clamtex.content.model import plain_name

    assert plain_name("My photo (1).JPG") == "my-photo-1.jpg"
    assert plain_name("Réunion d'équipe.png") == "reunion-d-equipe.png"
    assert plain_name("<script>.svg") == "script.svg"
    assert plain_name("???.svg") == "file.svg"
