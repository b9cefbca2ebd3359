"""What under content/ is published, and what is refused or left out.

One walk of the content folder (`walk`) decides it for the content model, and the same
patterns (`left_out`) let the plugin drop from MkDocs' own file list what the walk left
out: editor backups, system junk and hidden files never reach site/. A symlink that
leads outside the project, a symlink loop, an unreadable file or folder and a pipe or
device are errors, never silently skipped. `collisions` finds two sources that would be
published at one address, or a source where the site generates a listing.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from slugify import slugify

from clamtex.content.problems import Problem

# Never published, wherever they are under content/ (matched against every part of a
# path, case-insensitively): editor backups, swap and lock files, system files.
# docs/editors.md lists them for editors; keep the two in step.
JUNK = (
    ".*",  # hidden files and folders: .git, .obsidian, .DS_Store, ._x (AppleDouble), .#x, ...
    "*~",  # backups of Emacs, Vim, gedit, Kate, ...
    "*.bak", "*.orig", "*.rej", "*.tmp", "*.temp",
    "*.swp", "*.swo", "*.swn", "*.swx", "*.kate-swp",  # editors' swap files
    "#*#",  # Emacs auto-save
    "~$*",  # Microsoft Office lock files
    ".~lock.*#",  # LibreOffice lock files (hidden as well)
    "*.crdownload", "*.part",  # unfinished downloads
    "Thumbs.db", "ehthumbs.db", "desktop.ini", "Icon\r",  # Windows and macOS folder files
    "$RECYCLE.BIN", "__MACOSX",
)


class _Patterns:
    """Shell-style patterns matched case-insensitively, fast: most are a prefix, a suffix
    or a name, tested with str methods (one regex of them all cost 4 us a name)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        names, heads, tails, both, other = set(), [], [], [], []
        for pattern in (p.lower() for p in patterns):
            if "?" in pattern or "[" in pattern or pattern.count("*") > 1:
                other.append(fnmatch.translate(pattern))
            elif "*" not in pattern:
                names.add(pattern)
            else:
                head, tail = pattern.split("*")
                if not tail:
                    heads.append(head)
                elif not head:
                    tails.append(tail)
                else:
                    both.append((head, tail))
        self.names = frozenset(names)
        self.heads, self.tails = tuple(heads), tuple(tails)
        self.both, self.both_heads = tuple(both), tuple(head for head, _ in both)
        self.other = re.compile("|".join(other)) if other else None

    def match(self, name: str) -> bool:
        name = name.lower()
        if name in self.names or name.startswith(self.heads) or name.endswith(self.tails):
            return True
        if name.startswith(self.both_heads) and any(
                name.startswith(head) and name.endswith(tail) and len(name) >= len(head + tail)
                for head, tail in self.both):
            return True
        return self.other is not None and self.other.match(name) is not None


_match = _Patterns(JUNK).match

FIX_LEFT_OUT = "delete it if it is not needed; rename it if it should be published"
FIX_PERMISSIONS = "let everyone read it, e.g. chmod -R a+rX {path}"


def is_junk(name: str) -> bool:
    """Whether a file or folder name is never published (one part of a path)."""
    return _match(name)


def left_out(path: str) -> str | None:
    """The part of a posix path that is left out, up to its first junk part ('en/.git/'),
    or None when the path is published. Folders are looked at once (on_files asks this
    of every file, in every language's build)."""
    head, _, name = path.rpartition("/")
    if head and (folder := _left_out_folder(head)) is not None:
        return folder
    return path if _match(name) else None


@lru_cache(maxsize=8192)
def _left_out_folder(folder: str) -> str | None:
    head, _, name = folder.rpartition("/")
    if head and (found := _left_out_folder(head)) is not None:
        return found
    return folder + "/" if _match(name) else None


def left_out_problem(display: str) -> Problem:
    """The warning for a file or folder (`display` ends with '/') left out of the site."""
    kind = "folder" if display.endswith("/") else "file"
    return Problem(display, 1, kind, "left out of the site (an editor backup, "
                   "system or hidden file)", FIX_LEFT_OUT, "warning")


@dataclass
class Walk:
    """What the content folder holds: the files to publish, what is left out, what is wrong."""

    files: list[tuple[str, ...]] = field(default_factory=list)  # path parts, sorted
    left_out: list[str] = field(default_factory=list)  # posix, folders end with '/'
    problems: list[Problem] = field(default_factory=list)


def walk(content: str, *, shown: str, project: str) -> Walk:
    """Every file under `content` that would be published, as path parts, sorted.

    `shown` is how `content` is written in messages; `project` is the folder symlinks
    may lead into (the content folder itself always may). Symlinks are followed as MkDocs
    follows them. os.scandir, file descriptors and plain strings: a site has thousands of
    files, and this runs on every build.
    """
    found = Walk()
    check_access = os.geteuid() != 0  # root reads every file: spare a call per file
    root = os.path.realpath(content)
    allowed = (os.path.realpath(project) + os.sep, root + os.sep)
    # (path parts, the folder's real path, real folders where a symlink was followed)
    stack: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = [((), root, ())]
    while stack:
        parts, real, chain = stack.pop()
        here = os.path.join(content, *parts)
        try:
            fd = os.open(here, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as error:
            found.problems.append(_unreadable(shown, parts, error, folder=True))
            continue
        try:
            with os.scandir(fd) as entries:
                for entry in entries:
                    name = entry.name
                    if _match(name):
                        folder = entry.is_dir(follow_symlinks=False)
                        found.left_out.append("/".join((*parts, name)) + ("/" if folder else ""))
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append(((*parts, name), f"{real}/{name}", chain))
                    elif entry.is_file(follow_symlinks=False):
                        if not check_access or os.access(name, os.R_OK, dir_fd=fd):
                            found.files.append((*parts, name))
                        else:
                            found.problems.append(_unreadable(shown, (*parts, name), None))
                    elif entry.is_symlink():
                        followed = _follow(found, shown, (*parts, name), here, real, chain,
                                           allowed)
                        if followed is not None:
                            stack.append(followed)
                    else:
                        found.problems.append(Problem(
                            _shown(shown, (*parts, name)), 1, "file",
                            "is not an ordinary file (a pipe, socket or device)",
                            "delete it, or put an ordinary file in its place"))
        except OSError as error:
            found.problems.append(_unreadable(shown, parts, error, folder=True))
        finally:
            os.close(fd)
    found.files.sort()
    found.left_out.sort()
    return found


def _shown(shown: str, parts: tuple[str, ...]) -> str:
    return "/".join((shown, *parts))


def _unreadable(shown: str, parts: tuple[str, ...], error: OSError | None, *,
                folder: bool = False) -> Problem:
    return unreadable(_shown(shown, parts) + ("/" if folder else ""), error)


def unreadable(display: str, error: OSError | None) -> Problem:
    """The error for a file or folder (`display` ends with '/') that cannot be read."""
    reason = error.strerror if error is not None and error.strerror else "permission denied"
    kind = "folder" if display.endswith("/") else "file"
    return Problem(display, 1, kind, f"cannot be read ({reason.lower()})",
                   FIX_PERMISSIONS.format(path=display))


def _follow(found: Walk, shown: str, parts: tuple[str, ...], here: str, real: str,
            chain: tuple[str, ...], allowed: tuple[str, ...],
            ) -> tuple[tuple[str, ...], str, tuple[str, ...]] | None:
    """A symlink: add its file, or return its folder to walk; or report why it cannot be."""
    display = _shown(shown, parts)
    link = os.path.join(here, parts[-1])
    try:
        target = os.path.realpath(link, strict=True)
        info = os.stat(target)
    except OSError as error:
        if error.errno == errno.ELOOP:
            found.problems.append(Problem(display, 1, "symlink", "is a symlink loop",
                                          "delete the symlink, or point it at a real file"))
        elif error.errno in (errno.ENOENT, errno.ENOTDIR):
            found.problems.append(Problem(
                display, 1, "symlink", f"points to nothing ({os.readlink(link)})",
                "delete the symlink, or point it at an existing file inside the project"))
        else:
            found.problems.append(_unreadable(shown, parts, error))
        return None
    if not (target + os.sep).startswith(allowed):
        found.problems.append(Problem(
            display, 1, "symlink", f"leads outside the project ({target})",
            "copy the file into the project instead of linking to it"))
        return None
    if stat.S_ISDIR(info.st_mode):
        inside = target + os.sep
        if any((folder + os.sep).startswith(inside) for folder in (real, *chain)):
            found.problems.append(Problem(
                display, 1, "symlink", "is a symlink loop (it leads into a folder that holds "
                "it)", "delete the symlink"))
            return None
        return parts, target, (*chain, real)
    if not stat.S_ISREG(info.st_mode):
        found.problems.append(Problem(display, 1, "symlink", "leads to a pipe, socket or device",
                                      "delete the symlink"))
    elif not os.access(target, os.R_OK):
        found.problems.append(_unreadable(shown, parts, None))
    else:
        found.files.append(parts)
    return None


# -- one address, one source ---------------------------------------------------------------


def dest_of(key: str) -> str:
    """The file a source's path (under its language folder) becomes in site/, as MkDocs
    names it with directory URLs: news/x.md -> news/x/index.html, README.md -> index.html
    (languages.page_path, and MkDocs' File.dest_uri)."""
    if not key.endswith(".md"):
        return key
    stem = key[: -len(".md")]
    head, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{head}/index.html" if head else "index.html"
    return f"{stem}/index.html"


def collisions(files: Iterable[tuple[str, ...]], *, shown: str, languages: tuple[str, ...],
               default: str, news_dir: str, tags: Iterable[str],
               listing_at: Callable[[str, str], str | None]) -> list[Problem]:
    """Two sources published at one address, a source where a listing is generated, and
    tags whose addresses collide; each an error naming both.

    A language's build has its own files and the default language's (its fallbacks); the
    files outside the language folders are published once, at the root. `listing_at`
    names the listing generated at a path of site/ (news.listing_at). Linear in the
    number of files.
    """
    problems: list[Problem] = []
    # language (None: the shared files) -> dest -> (key, path parts); strings are joined
    # only for a problem: this runs on every build, over every file.
    own: dict[str | None, dict[str, tuple[str, tuple[str, ...]]]] = {
        lang: {} for lang in (*languages, None)}
    clashed: set[tuple[str | None, str]] = set()
    for parts in files:
        lang = parts[0] if len(parts) > 1 and parts[0] in own else None
        key = "/".join(parts[1:]) if lang else "/".join(parts)
        dest = dest_of(key) if key.endswith(".md") else key
        seen = own[lang].setdefault(dest, (key, parts))[1]
        if seen is not parts:
            clashed.add((lang, dest))
            problems.append(_collision(shown, parts, seen, _url(lang, default, dest)))
    fallbacks = own[default]
    for dest, (_, parts) in own[None].items():
        if dest in fallbacks:
            problems.append(_collision(shown, parts, fallbacks[dest][1],
                                       _url(None, default, dest)))
    for lang, dests in own.items():
        translation = lang is not None and lang != default
        for dest, (key, parts) in dests.items():
            listing = listing_at(news_dir, dest)
            if listing is not None:
                problems.append(Problem(
                    "/".join((shown, *parts)), 1, "file",
                    f"would be published at {_url(lang, default, dest)}, where the site "
                    f"generates {listing}", "move or rename it: that address is the site's own"))
            elif (translation and dest in fallbacks and fallbacks[dest][0] != key
                  and (default, dest) not in clashed):
                # (the same key is its translation; a clash of the default's is told once)
                problems.append(_collision(shown, parts, fallbacks[dest][1],
                                           _url(lang, default, dest)))
    problems.extend(tag_collisions(tags, news_dir))
    return problems


def tag_collisions(tags: Iterable[str], news_dir: str) -> list[Problem]:
    """Tags of mkdocs.yml whose listing addresses (slugs) collide, or that have none."""
    problems = []
    by_slug: dict[str, list[str]] = {}
    for tag in tags:
        by_slug.setdefault(slugify(str(tag)), []).append(str(tag))
    for slug, same in sorted(by_slug.items()):
        names = " and ".join(f"'{tag}'" for tag in same)
        if not slug:
            problems.append(Problem("mkdocs.yml", 1, "tags", f"tag {names} has no letters or "
                                    "digits to make its address from",
                                    "rename it with letters or digits"))
        elif len(same) > 1:
            problems.append(Problem(
                "mkdocs.yml", 1, "tags", f"tags {names} would have the same address "
                f"/{news_dir}/tags/{slug}/", "rename one of them, or merge them into one"))
    return problems


def _url(lang: str | None, default: str, dest: str) -> str:
    prefix = "" if lang is None or lang == default else f"{lang}/"
    path = prefix + dest
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return "/" + path


def _collision(shown: str, parts: tuple[str, ...], other: tuple[str, ...], url: str) -> Problem:
    first, second = sorted(("/".join((shown, *parts)), "/".join((shown, *other))))
    return Problem(first, 1, "file", f"would be published at {url}, like {second}",
                   "rename or move one of the two: one address, one source")
