"""A real photograph for the image tests, and fixture sites that show it.

The photo is never committed: Debian's mate-backgrounds package holds a 5640x3172,
16 MB camera photo (`make photos`, .ci/run install it); CLAMTEX_PHOTO names another.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from support import edit_file, fixture_site

DEBIAN_PHOTO = Path("/usr/share/backgrounds/mate/abstract/Elephants_5640x3172.jpg")
ITEM = "content/en/news/2024-05-20-spring-update.md"
ITEM_URL = "news/2024-05-20-spring-update/"
GPS = {1: "N", 2: (41.0, 33.0, 36.5), 3: "E", 4: (2.0, 0.0, 42.0)}  # Terrassa


def real_photo() -> Path:
    """The >= 12-megapixel, >= 5 MB photograph (the test fails, saying how to get it)."""
    path = Path(os.environ.get("CLAMTEX_PHOTO") or DEBIAN_PHOTO)
    if not path.is_file():
        pytest.fail(f"test photo {path} not found: run `make photos` (as root it installs "
                    "Debian's mate-backgrounds) or set CLAMTEX_PHOTO", pytrace=False)
    return path


def with_gps(source: Path, dest: Path, *, orientation: int = 1, size: int | None = None) -> Path:
    """A copy of a photo as a phone writes it: camera EXIF, a GPS position, XMP, a comment."""
    image = Image.open(source)
    if size:
        image.draft("RGB", (size, size))
        image = image.convert("RGB")
        image.thumbnail((size, size))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15 Pro"  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update(GPS)
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
           b'02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/"'
           b' exif:GPSLatitude="41,33.6N"/></rdf:RDF></x:xmpmeta>')
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes(), xmp=xmp,
               comment=b"Owner: Jane Doe")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(out.getvalue())
    return dest


def photo_site(tmp: Path, photo: Path | None = None, *, focus: str = "top") -> Path:
    """The minimal fixture site whose spring news item shows `photo` (default: the real
    one, with GPS added) as its image and once more in its body."""
    project = fixture_site("minimal", tmp)
    target = project / "content/assets/images/elephants.jpg"
    if photo is None:
        with_gps(real_photo(), target)
    else:
        target.write_bytes(photo.read_bytes())
    edit_file(project / ITEM, "summary: News from the spring.\n",
              "summary: News from the spring.\nimage: assets/images/elephants.jpg\n"
              f"image_alt: Elephants at a water hole\nimage_focus: {focus}\n")
    with open(project / ITEM, "a", encoding="utf-8") as out:
        out.write("\n![The herd again](../../assets/images/elephants.jpg)\n")
    return project


def show_image(project: Path, name: str, data: bytes) -> Path:
    """Make the spring item's image the file `name` (under content/assets/images/)."""
    path = project / "content/assets/images" / name
    path.write_bytes(data)
    edit_file(project / ITEM, "summary: News from the spring.\n",
              f"summary: News from the spring.\nimage: assets/images/{name}\n"
              "image_alt: A picture\n")
    return path
