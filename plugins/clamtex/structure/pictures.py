"""Pictures as templates see them: plain values (made by the outputs layer's image
pipeline, outputs/images/), and what a view needs to ask for one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Candidate:
    url: str  # site-root-relative; templates pass it through the `url` filter
    width: int


@dataclass(frozen=True)
class Source:
    type: str  # MIME type of a <source>
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class Picture:
    """One image in one place: what `<picture>` needs (macro theme/clamtex/picture.html)."""

    src: str  # the fallback file (site-root-relative)
    width: int  # of what `src` shows: the real aspect ratio (no layout shift); 0: unknown
    height: int
    alt: str
    sizes: str = ""
    sources: tuple[Source, ...] = ()  # modern formats, best first
    candidates: tuple[Candidate, ...] = ()  # the fallback format's srcset


class PictureMaker(Protocol):
    """What views ask the image pipeline (outputs/images.Images)."""

    def picture(self, path: str, alt: str, place: str,
                focus: str = "center") -> Picture | None: ...

    def social(self, path: str,
               focus: str = "center") -> tuple[str, int, int, int] | None: ...
