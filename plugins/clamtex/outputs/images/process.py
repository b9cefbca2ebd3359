"""The Pillow work on one image: read it safely, clean it, make its variants.

Everything here runs in worker processes and takes or returns plain data. An image is read
once: the orientation from EXIF is applied, every piece of metadata is dropped (only pixels
go on: no EXIF, GPS, XMP, IPTC, comments or thumbnails), colours are converted to sRGB, and
CMYK or 16-bit pixels to 8-bit RGB. Variants are never wider than the source.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

try:  # iPhone photos (HEIC): pillow-heif ships libheif in its wheel
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - installed from pyproject.toml
    HEIF = False

# Bump when the output of the same source and settings changes (the cache key holds it).
VERSION = 1
# Extension -> the format Pillow must find inside the file.
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP",
           ".avif": "AVIF", ".heic": "HEIF", ".heif": "HEIF"}
# What people often try that we do not handle: named in the error, with the way out.
OTHER_IMAGES = (".tif", ".tiff", ".bmp", ".psd", ".jxl", ".raw", ".cr2", ".nef", ".dng",
                ".ico", ".jp2", ".eps", ".xcf")
SOCIAL_SIZE = (1200, 630)
CARD_RATIO = SOCIAL_SIZE[0] / SOCIAL_SIZE[1]
GPS_IFD = 0x8825
SRGB = ImageCms.createProfile("sRGB")
CONVERT = "clamtex image add"


class ImageProblem(Exception):
    """An image we cannot publish: `problem` and `fix` are for the editor, one line each."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True)
class Recipe:
    """What to make of one image: a part of the variant cache's key."""

    widths: tuple[int, ...]  # the full picture, never upscaled
    crop_widths: tuple[int, ...] = ()  # a CARD_RATIO crop around the focus point
    social: bool = False  # the 1200x630 JPEG crop for og:image
    focus: tuple[float, float] = (0.5, 0.5)
    webp_quality: int = 75
    jpeg_quality: int = 80
    webp_method: int = 4

    def key(self) -> dict[str, Any]:
        return {"version": VERSION, **asdict(self)}


@dataclass
class Facts:
    """What a look at the source found (kept in the cache's manifest with its variants)."""

    format: str
    width: int  # as shown, after orientation
    height: int
    animated: bool = False
    alpha: bool = False
    gps: bool = False
    metadata: bool = False  # EXIF, XMP, IPTC or comments present in the original
    converted: str = ""  # e.g. "CMYK" or "16-bit": converted to 8-bit RGB


@dataclass
class Variant:
    name: str  # file name inside the cache entry
    role: str  # full | crop | social
    type: str  # MIME type
    width: int
    height: int
    sha256: str = ""


@dataclass
class Made:
    facts: Facts
    variants: list[Variant] = field(default_factory=list)


# -- reading --------------------------------------------------------------------------


def open_checked(path: Path, data: bytes | None = None) -> Image.Image:
    """The image, opened and with its format checked against the file's extension."""
    suffix = path.suffix.lower()
    expected = FORMATS.get(suffix)
    if expected is None:
        raise ImageProblem(f"{suffix or 'a file without extension'} images are not handled",
                           "export it as JPEG (photos) or PNG (drawings, transparency)")
    if expected == "HEIF" and not HEIF:  # pragma: no cover
        raise ImageProblem("HEIC photos cannot be read here (pillow-heif is missing)",
                           "export it as JPEG on the phone, or install pillow-heif")
    source: Any = io.BytesIO(data) if data is not None else path
    try:
        with warnings.catch_warnings():
            # Pillow warns between MAX_IMAGE_PIXELS and twice that, then refuses: both
            # are refusals here (a real photo is far below; a bomb is not).
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        limit = (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000
        raise ImageProblem(f"is larger than the limit of {limit} megapixels "
                           "(it would take too much memory to read)",
                           f"scale it down, e.g. with: {CONVERT} {path}") from None
    except UnidentifiedImageError:
        raise ImageProblem(f"is not a readable {expected} image (damaged, or not an image)",
                           f"open it in an image editor and save it again as {expected}") \
            from None
    except OSError as exc:
        raise ImageProblem(f"cannot be read ({exc})", "check the file, or replace it") from None
    found = "HEIF" if image.format in ("HEIF", "HEIC") else image.format
    if found != expected:
        right = next((s for s, f in FORMATS.items() if f == found), None)
        fix = (f"rename it to {path.stem}{right}" if right
               else "export it as JPEG (photos) or PNG (drawings, transparency)")
        raise ImageProblem(f"holds a {found} image, but its name ends in {suffix}", fix)
    return image


def _metadata(image: Image.Image) -> tuple[bool, bool]:
    """(any metadata, GPS position) of an opened image."""
    info = image.info
    exif = image.getexif()
    gps = bool(exif.get_ifd(GPS_IFD)) if exif else False
    xmp = info.get("xmp") or info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    gps = gps or b"GPSLatitude" in xmp
    keys = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc",
            "Raw profile type exif"}
    return bool(exif) or any(k in info for k in keys) or gps, gps


def _decode(image: Image.Image, longest: int) -> Image.Image:
    """Pixels at no more than about twice the resolution needed (JPEG's DCT scaling)."""
    if image.format == "JPEG" and longest:
        w, h = image.size
        scale = max(w, h) / max(longest, 1)
        if scale >= 2:
            # draft() picks a scale of 1/2, 1/4 or 1/8 that still covers the request.
            target = (max(1, int(w / scale * 1.01) + 1), max(1, int(h / scale * 1.01) + 1))
            image.draft("RGB" if image.mode != "CMYK" else "CMYK", target)
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"is damaged or truncated ({exc})",
                           "export the photo again from its original, or replace it") from None
    return image


def _to_srgb(frame: Image.Image, icc: bytes | None) -> tuple[Image.Image, str]:
    """8-bit RGB or RGBA pixels in sRGB, whatever the source's mode and profile."""
    converted = ""
    mode = frame.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        converted = "16-bit"
        scale = 1 / 256 if mode.startswith("I;16") or mode == "I" else 255
        frame = frame.convert("I").point(lambda v: v * scale).convert("L") if mode != "F" \
            else frame.point(lambda v: v * scale).convert("L")
    if mode == "CMYK":
        converted = "CMYK"
    alpha = frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency"
                                                    in frame.info)
    target = "RGBA" if alpha else "RGB"
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            name = ImageCms.getProfileDescription(profile) or ""
            if "srgb" not in name.lower():
                source = frame if frame.mode in ("RGB", "RGBA", "CMYK", "L") else \
                    frame.convert(target)
                out_mode = target if source.mode != "CMYK" else "RGB"
                frame = ImageCms.profileToProfile(source, profile, SRGB,
                                                  outputMode=out_mode) or frame
        except (OSError, ImageCms.PyCMSError, ValueError):
            pass  # a broken profile: its pixels are taken as sRGB
    if frame.mode != target:
        frame = frame.convert(target)
    if target == "RGBA" and frame.getchannel("A").getextrema()[0] == 255:
        frame = frame.convert("RGB")  # an alpha channel that hides nothing
    frame.info = {}
    return frame, converted


def look(path: Path, data: bytes | None = None) -> Facts:
    """Check an image without making anything (what `clamtex check` does): it is decoded
    at 1/8 scale, which still reads every byte (a truncated file fails)."""
    image = open_checked(path, data)
    metadata, gps = _metadata(image)
    animated = bool(getattr(image, "is_animated", False)) and getattr(image, "n_frames", 1) > 1
    w, h = image.size
    if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):
        w, h = h, w
    mode = image.mode
    alpha = mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    converted = "CMYK" if mode == "CMYK" else ("16-bit" if mode.startswith(("I", "F")) else "")
    _decode(image, 256)
    return Facts(image.format or "", w, h, animated, alpha, gps, metadata, converted)


# -- making variants ------------------------------------------------------------------


def _resize(image: Image.Image, width: int, height: int) -> Image.Image:
    if image.size == (width, height):
        return image
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _crop_box(size: tuple[int, int], ratio: float,
              focus: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest box of `ratio` inside `size`, centred on the focus point as far as it can."""
    w, h = size
    if w / h > ratio:
        cw, ch = round(h * ratio), h
    else:
        cw, ch = w, round(w / ratio)
    x = min(max(round(focus[0] * w - cw / 2), 0), w - cw)
    y = min(max(round(focus[1] * h - ch / 2), 0), h - ch)
    return x, y, x + cw, y + ch


def _encode(image: Image.Image, kind: str, recipe: Recipe) -> bytes:
    out = io.BytesIO()
    if kind == "webp":
        image.save(out, "WEBP", quality=recipe.webp_quality, method=recipe.webp_method,
                   exif=b"", xmp=b"", icc_profile=None)
    elif kind == "jpeg":
        image.save(out, "JPEG", quality=recipe.jpeg_quality, optimize=True, progressive=True,
                   exif=b"", icc_profile=None)
    else:
        image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


MIME = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif"}
EXT = {"webp": "webp", "jpeg": "jpg", "png": "png", "gif": "gif"}


def _widths(wanted: tuple[int, ...], available: int) -> list[int]:
    """The wanted widths the source can give; the source's own width if it is narrower."""
    widths = sorted({w for w in wanted if w <= available})
    if not widths or (available < max(wanted) and available > widths[-1] * 1.15):
        widths.append(available)
    return widths


def make(path: Path, data: bytes, recipe: Recipe, out_dir: Path) -> Made:
    """Every variant of one image into `out_dir` (file names are relative to it)."""
    image = open_checked(path, data)
    metadata, gps = _metadata(image)
    original_size = image.size
    animated = bool(getattr(image, "is_animated", False)) and getattr(image, "n_frames", 1) > 1
    if animated:
        return _make_animated(image, recipe, out_dir, metadata, gps)
    icc = image.info.get("icc_profile")
    orientation = image.getexif().get(0x0112, 1)
    rotated = orientation in (5, 6, 7, 8)
    longest = max(recipe.widths + recipe.crop_widths + ((SOCIAL_SIZE[0],) if recipe.social
                                                         else ()))
    # The long side needed: a portrait crop may need more than the widest width.
    need = longest * 2 if rotated or original_size[1] > original_size[0] else longest
    source_format = image.format or ""
    image = _decode(image, need)
    image = ImageOps.exif_transpose(image)
    image, converted = _to_srgb(image, icc)
    w, h = original_size[::-1] if rotated else original_size
    alpha = image.mode == "RGBA"
    facts = Facts(source_format, w, h, False, alpha, gps, metadata, converted)
    made = Made(facts)
    fallback = "png" if alpha else "jpeg"
    out_dir.mkdir(parents=True, exist_ok=True)

    def add(role: str, picture: Image.Image, kind: str, width: int, height: int) -> None:
        name = f"{role}-{width}.{EXT[kind]}"
        payload = _encode(picture, kind, recipe)
        (out_dir / name).write_bytes(payload)
        made.variants.append(Variant(name, role, MIME[kind], width, height,
                                     hashlib.sha256(payload).hexdigest()))

    scale = image.width / w  # < 1 after draft()
    ladder = image
    for width in reversed(_widths(recipe.widths, w)):
        height = max(1, round(h * width / w))
        ladder = _resize(ladder if ladder.width >= width else image, width, height)
        add("full", ladder, "webp", width, height)
        add("full", ladder, fallback, width, height)
    if recipe.crop_widths or recipe.social:
        box = _crop_box(image.size, CARD_RATIO, recipe.focus)
        cropped = image.crop(box)
        crop_w = round(cropped.width / scale)
        ladder = cropped
        for width in reversed(_widths(recipe.crop_widths, crop_w)):
            height = max(1, round(width / CARD_RATIO))
            ladder = _resize(ladder if ladder.width >= width else cropped, width, height)
            add("crop", ladder, "webp", width, height)
            add("crop", ladder, fallback, width, height)
        if recipe.social:
            sw, sh = SOCIAL_SIZE
            if cropped.width < sw:  # never upscaled: a smaller card, same ratio
                sw, sh = cropped.width, max(1, round(cropped.width / CARD_RATIO))
            social = _resize(cropped, sw, sh)
            if social.mode == "RGBA":  # JPEG has no transparency: on white
                flat = Image.new("RGB", social.size, (255, 255, 255))
                flat.paste(social, mask=social.getchannel("A"))
                social = flat
            add("social", social, "jpeg", sw, sh)
    return made


def _make_animated(image: Image.Image, recipe: Recipe, out_dir: Path, metadata: bool,
                   gps: bool) -> Made:
    """Animated GIF, WebP or PNG: every frame resized, animated WebP plus a GIF fallback."""
    source_format = image.format or ""
    w, h = image.size
    durations = []
    frames = []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        frames.append(frame.convert("RGBA"))
    loop = image.info.get("loop", 0)
    made = Made(Facts(source_format, w, h, True, True, gps, metadata, ""))
    out_dir.mkdir(parents=True, exist_ok=True)
    # Animations are costly per pixel: the two smallest widths that fit, and the largest.
    widths = _widths(recipe.widths, w)
    widths = sorted({*widths[:2], widths[-1]})
    for width in widths:
        height = max(1, round(h * width / w))
        resized = [_resize(f, width, height) for f in frames]
        for kind in ("webp", "gif"):
            out = io.BytesIO()
            if kind == "webp":
                resized[0].save(out, "WEBP", save_all=True, append_images=resized[1:],
                                duration=durations, loop=loop, quality=recipe.webp_quality,
                                method=recipe.webp_method)
            else:
                resized[0].save(out, "GIF", save_all=True, append_images=resized[1:],
                                duration=durations, loop=loop, disposal=2, optimize=False)
            name = f"full-{width}.{EXT[kind]}"
            payload = out.getvalue()
            (out_dir / name).write_bytes(payload)
            made.variants.append(Variant(name, "full", MIME[kind], width, height,
                                         hashlib.sha256(payload).hexdigest()))
    if recipe.social:
        first = frames[0]
        box = _crop_box(first.size, CARD_RATIO, recipe.focus)
        social = first.crop(box)
        sw = min(SOCIAL_SIZE[0], social.width)
        social = _resize(social, sw, max(1, round(sw / CARD_RATIO)))
        flat = Image.new("RGB", social.size, (255, 255, 255))
        flat.paste(social, mask=social.getchannel("A"))
        payload = _encode(flat, "jpeg", recipe)
        name = f"social-{flat.width}.jpg"
        (out_dir / name).write_bytes(payload)
        made.variants.append(Variant(name, "social", MIME["jpeg"], flat.width, flat.height,
                                     hashlib.sha256(payload).hexdigest()))
    return made


# -- originals fit for git (`clamtex image add`) -------------------------------------


def clean_original(path: Path, longest: int = 2560,
                   data: bytes | None = None) -> tuple[bytes, str, Facts]:
    """A clean copy of an editor's photo: oriented, without metadata, at most `longest`.

    Returns (bytes, extension, facts of the source). Photos become JPEG (quality 90),
    images with transparency PNG; animations keep their frames as GIF.
    """
    data = path.read_bytes() if data is None else data
    image = open_checked(path, data)
    metadata, gps = _metadata(image)
    animated = bool(getattr(image, "is_animated", False)) and getattr(image, "n_frames", 1) > 1
    out = io.BytesIO()
    if animated:
        frames = [f.convert("RGBA") for f in ImageSequence.Iterator(image)]
        durations = [f.info.get("duration", 100) for f in ImageSequence.Iterator(image)]
        w, h = image.size
        if max(w, h) > longest:
            factor = longest / max(w, h)
            frames = [_resize(f, round(w * factor), round(h * factor)) for f in frames]
        frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=durations,
                       loop=image.info.get("loop", 0), disposal=2)
        return out.getvalue(), ".gif", Facts(image.format or "", w, h, True, True, gps, metadata)
    icc = image.info.get("icc_profile")
    source_format = image.format or ""
    image = _decode(image, longest)
    image = ImageOps.exif_transpose(image)
    image, converted = _to_srgb(image, icc)
    facts = Facts(source_format, image.width, image.height, False, image.mode == "RGBA", gps,
                  metadata, converted)
    if max(image.size) > longest:
        image.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if image.mode == "RGBA" or source_format in ("PNG", "GIF"):
        image.save(out, "PNG", optimize=True)
        return out.getvalue(), ".png", facts
    image.save(out, "JPEG", quality=90, optimize=True, progressive=True, exif=b"",
               icc_profile=None)
    return out.getvalue(), ".jpg", facts
