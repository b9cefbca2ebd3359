"""`clamtex image add PATH [--name NAME]`: a photo made fit for git, and its front matter.

The copy goes to content/assets/images/: oriented, every piece of metadata stripped (GPS,
camera, owner, thumbnails), colours in sRGB, at most 2560 px on its long side, under a
clean file name. The site makes its published sizes from it at build time.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from slugify import slugify

from clamtex.commands.checking import PLACEHOLDER
from clamtex.exceptions import ScaffoldError
from clamtex.outputs.images import process
from clamtex.outputs.images.process import ImageProblem

LONGEST = 2560
FOLDER = "assets/images"


def add_image(content_dir: Path, source: Path, name: str | None = None,
              *, replace: bool = False) -> tuple[Path, list[str]]:
    """Write the clean copy; return its path and the front-matter lines to write.

    A path already in the content folder is cleaned in place (`replace`, or when it is
    the same file): that is the fix `clamtex check` gives for a heavy or located original.
    """
    source, content_dir = source.expanduser().resolve(), content_dir.resolve()
    if not source.is_file():
        raise ScaffoldError(f"{source}: not found (give the path of a photo, e.g. "
                            "~/Pictures/IMG_0042.jpg)")
    stem = slugify(name or source.stem, max_length=60, word_boundary=True)
    if not stem:
        raise ScaffoldError(f"--name: '{name or source.stem}' gives an empty file name "
                            "(use letters or digits)")
    try:
        data, extension, facts = process.clean_original(source, LONGEST)
    except ImageProblem as problem:
        raise ScaffoldError(f"{source}: {problem.problem} ({problem.fix})") from None
    folder = content_dir / FOLDER
    target = folder / f"{stem}{extension}"
    same = target.exists() and source.resolve() == target.resolve()
    in_place = _inside(source, content_dir) and name is None
    if in_place:
        target = source.with_suffix(extension)
        same = True
    if target.exists() and not (same or replace):
        raise ScaffoldError(f"{target}: already exists; nothing was written (choose another "
                            "--name, or clean that file with: clamtex image add "
                            f"{target})")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)  # mkstemp's 0600 would hide it from the web server
    os.replace(temp, target)
    if in_place and target != source:
        source.unlink()  # e.g. a .jpeg or .heic replaced by its clean .jpg
    relative = target.relative_to(content_dir).as_posix()
    lines = [f"image: {relative}",
             f'image_alt: "{PLACEHOLDER}: what the picture shows, in one sentence"',
             "# image_focus: center   # or top, bottom, left, right, or x%,y% (e.g. 30%,20%)"]
    del facts
    return target, lines


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
