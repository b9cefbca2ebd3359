"""Which images the site shows, their variants (cached by the source's bytes), and the
`Picture` values templates print.

`Images.prepare` runs once per build, before the languages are built (so it has every core
to itself): it hashes each source, looks the variants up in the cache, and makes the
missing ones in worker processes (process.py). A language's build then asks for pictures
(`picture`, `social`) and, at its end, `publish` copies the variants it used into the site:
each file's hash is checked against the cache's manifest first, and the bytes are written
anew (never a hard link: site/ shares no writable file with the cache).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import PIL

from clamtex.content.focus import parse_focus
from clamtex.content.model import Site
from clamtex.content.problems import Problem
from clamtex.outputs.images import process, svg
from clamtex.outputs.images.process import Facts, ImageProblem, Recipe, Variant
from clamtex.structure.pictures import Candidate, Picture, Source

log = logging.getLogger("mkdocs.plugins.clamtex")

# Each width about 1.41 times the one before: whatever width a layout needs, the next
# variant up has at most about twice its pixels (Lighthouse's "properly size images").
DEFAULT_WIDTHS = (320, 450, 640, 900, 1280, 1800)
CARD_MAX = 1280  # cards are never wider than ~400 CSS px (x3 on phones: ~1150 px)
LOGO_WIDTHS = (80, 120, 160, 240, 360)  # partner cards 80 px, profiles 120 px, up to x3
PUBLISHED = "assets/clamtex/img"  # where variants go in the site
RASTER = tuple(process.FORMATS)
# Limits of `clamtex check` for originals kept in git (clamtex image add makes them fit).
ORIGINAL_MAX_BYTES = 3_000_000
ORIGINAL_MAX_SIDE = 4000
# The smallest source width that looks sharp in each place (else: a warning).
SHARP_WIDTH = {"photo": 900, "body": 640, "logo": 160}
# The width each place's CSS gives an image, as measured in Chromium (theme/assets/clamtex/
# clamtex.css and Material's grid; Material's rem grows at 76.25em and 100em, and the
# card grid's column count follows its 15rem minimum). tests/browser/test_images.py checks
# that no image is served with more than twice the pixels its place needs.
SIZES = {
    "article": "(min-width: 76.25em) 898px, (min-width: 60em) calc(100vw - 326px), "
               "calc(100vw - 32px)",
    "home": "(min-width: 100em) 416px, (min-width: 76.25em) 378px, "
            "(min-width: 61.7em) calc(33.4vw - 29px), (min-width: 41.2em) calc(50vw - 28px), "
            "calc(100vw - 34px)",
    "list": "(min-width: 100em) 308px, (min-width: 45em) 280px, calc(100vw - 34px)",
    "partner": "90px",  # the profile's logo: never larger than the EU emblem
    "partner-card": "80px",
}
SIZES["body"] = SIZES["article"]  # and never wider than the picture's own width
SIZES["card"] = SIZES["home"]
CROPPED = ("card", "list", "home")  # places with the card's fixed ratio


def is_raster(path: str) -> bool:
    return path.lower().endswith(RASTER)


@dataclass(frozen=True)
class Use:
    """An image named by content: where, and in which role (photo | body | logo)."""

    path: str  # under the content folder, posix: assets/images/x.jpg
    role: str
    focus: str = "center"
    file: str = ""  # the Markdown file that names it, as shown to editors
    line: int = 1
    field: str = "image"


@dataclass
class Entry:
    """The variants of one source with one recipe, in the cache."""

    key: str
    path: str
    folder: Path
    facts: Facts
    variants: list[Variant]
    focus: str = "center"
    recipe: Recipe | None = None
    used: bool = False

    def of(self, role: str, mime: str) -> list[Variant]:
        return sorted((v for v in self.variants if v.role == role and v.type == mime),
                      key=lambda v: v.width)

    def published(self, variant: Variant) -> str:
        stem = re.sub(r"[^a-z0-9-]+", "-", PurePosixPath(self.path).stem.lower()).strip("-")
        return f"{PUBLISHED}/{stem or 'image'}-{self.key[:10]}-{variant.name}"


def uses_of_site(site: Site) -> list[Use]:
    """Every image that published content shows: front-matter images (news photos,
    partner logos, ...: Entry.pictures), then the images of bodies."""
    uses: list[Use] = []
    for entry in site.entries.values():
        if not site.is_published(entry):
            continue  # a draft's or a future item's pictures are not published
        source = entry.original
        for name, path, role, focus in entry.pictures():
            uses.append(Use(path, role, focus, source.display, source.line_of(name), name))
    content = site.settings.content_dir
    for entry in site.entries.values():
        if not site.is_published(entry):
            continue
        for text in entry.texts.values():
            uses.extend(body_uses(text.source.body, text.source.display,
                                  PurePosixPath(text.source.lang, entry.key), content,
                                  text.source.body_line()))
    return uses


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?")
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def body_uses(body: str, display: str, where: PurePosixPath, content: Path,
              start: int) -> Iterator[Use]:
    """The local images of a Markdown body (![alt](path) and <img src>), as content paths."""
    for number, line in enumerate(body.splitlines(), start=start):
        for pattern in (_MD_IMAGE, _HTML_IMAGE):
            for match in pattern.finditer(line):
                target = match[1].split("#")[0].split("?")[0]
                if "://" in target or target.startswith(("/", "data:")):
                    continue
                resolved = resolve_in_content(where, target, content)
                if resolved and (is_raster(resolved) or resolved.lower().endswith(".svg")):
                    yield Use(resolved, "body", "center", display, number, "body")


def resolve_in_content(where: PurePosixPath, target: str, content: Path) -> str | None:
    """A body link's file under the content folder, as MkDocs resolves it (relative to the
    page's file; with i18n's folders, also as if the language folder were not there)."""
    for base in (where.parent, PurePosixPath(*where.parts[1:]).parent):
        candidate = os.path.normpath(str(base / target)).replace(os.sep, "/")
        if not candidate.startswith("..") and (content / candidate).is_file():
            return candidate
    return None



# -- the worker's job -----------------------------------------------------------------


def _make(task: tuple[str, str, str, dict[str, Any], str]) -> tuple[str, Any]:
    """In a worker: make one entry into the cache; (key, manifest) or (key, [problem, fix])."""
    key, source, display, recipe_fields, root = task
    recipe_fields = dict(recipe_fields)
    recipe_fields.pop("version", None)
    recipe = Recipe(**{k: tuple(v) if isinstance(v, list) else v  # type: ignore[arg-type]
                       for k, v in recipe_fields.items()})
    data = Path(source).read_bytes()
    final = Path(root) / key
    temp = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=root))
    try:
        made = process.make(Path(display), data, recipe, temp)
        manifest = {"facts": asdict(made.facts), "variants": [asdict(v) for v in made.variants]}
        (temp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        if final.exists():
            shutil.rmtree(final, ignore_errors=True)
        os.replace(temp, final)
        return key, manifest
    except ImageProblem as problem:
        return key, [problem.problem, problem.fix]
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _throwaway() -> Path:
    """A folder of this run (caching off, or the cache unusable), removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="clamtex-images-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _entry_from(key: str, path: str, folder: Path, manifest: dict[str, Any],
                focus: str, recipe: Recipe) -> Entry:
    return Entry(key, path, folder, Facts(**manifest["facts"]),
                 [Variant(**v) for v in manifest["variants"]], focus, recipe)


# -- the pipeline ---------------------------------------------------------------------


@dataclass
class Stats:
    made: int = 0
    cached: int = 0
    published: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)


class Images:
    """The site's images for one run: prepared once, asked for by every language's build."""

    def __init__(self, content_dir: Path, cache_dir: Path | None,
                 widths: Iterable[int] = DEFAULT_WIDTHS, *, jobs: int | None = None,
                 quality: int = 75) -> None:
        self.content = content_dir
        self.root = (cache_dir or _throwaway()) / "images"  # caching off: this run's
        self.widths = tuple(sorted(set(widths)))
        self.jobs = jobs
        self.quality = quality
        self.entries: dict[str, list[Entry]] = {}  # content path -> entries (one per focus)
        self.svgs: dict[str, tuple[int, int] | None] = {}
        self.looked: dict[str, Facts] = {}  # facts of images only checked (make=False)
        self.stats = Stats()
        self._written: set[str] = set()  # published paths, per site folder

    # -- preparing --------------------------------------------------------------------

    def recipe(self, roles: set[str], focus: str) -> Recipe:
        widths: tuple[int, ...] = ()
        if roles - {"logo"}:
            widths = self.widths
        if "logo" in roles:
            widths = tuple(sorted({*widths, *LOGO_WIDTHS}))
        photo = "photo" in roles
        return Recipe(widths=widths,
                      crop_widths=tuple(w for w in self.widths if w <= CARD_MAX) if photo
                      else (), social=photo,
                      focus=parse_focus(focus) or (0.5, 0.5), webp_quality=self.quality,
                      jpeg_quality=min(95, self.quality + 5))

    def key(self, digest: str, recipe: Recipe) -> str:
        text = json.dumps({"source": digest, "recipe": recipe.key(),
                           "pillow": PIL.__version__}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def prepare(self, uses: list[Use], *, make: bool = True) -> list[Problem]:
        """Check every image and make the variants not in the cache; the problems found.

        With make=False (`clamtex check`) nothing is made: an image not in the cache is
        only read (decoded at 1/8 scale, enough to find a damaged file).
        """
        import time

        started = time.perf_counter()
        problems: list[Problem] = []
        by_path: dict[str, list[Use]] = {}
        for use in uses:
            by_path.setdefault(use.path, []).append(use)
        tasks: list[tuple[str, str, str, dict[str, Any], str]] = []
        pending: dict[str, tuple[str, str, list[Use], Recipe]] = {}
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.without_cache(exc)
        for path, its_uses in by_path.items():
            file = self.content / path
            try:
                data = file.read_bytes()
            except OSError:
                continue  # the model reported the missing file already
            if path.lower().endswith(".svg"):
                problems.extend(self._check_svg(path, data, its_uses))
                continue
            if not is_raster(path):
                problems.extend(self._problem(its_uses, f"{path}: {PurePosixPath(path).suffix} "
                                              "images are not handled", "export it as JPEG "
                                              "(photos) or PNG (drawings, transparency)"))
                continue
            digest = hashlib.sha256(data).hexdigest()
            roles = {u.role for u in its_uses}
            focuses = sorted({u.focus for u in its_uses if u.role == "photo"}) or ["center"]
            for focus in focuses:
                recipe = self.recipe(roles, focus)
                key = self.key(digest, recipe)
                entry = self._cached(key, path, focus, recipe)
                if entry is None and not make:
                    try:
                        facts = process.look(file, data)
                    except ImageProblem as problem:
                        problems.extend(self._problem(its_uses, f"{path}: {problem.problem}",
                                                      problem.fix))
                        break
                    self.looked[path] = facts
                    break
                if entry is not None:
                    self.stats.cached += 1
                    self._add(entry)
                    continue
                if key not in pending:
                    pending[key] = (path, focus, its_uses, recipe)
                    tasks.append((key, str(file), path, asdict(recipe), str(self.root)))
        try:
            results = list(self._run(tasks))
        except OSError as exc:  # the cache's disk filled up, or became read-only
            self.without_cache(exc)
            tasks = [(*task[:4], str(self.root)) for task in tasks]
            results = list(self._run(tasks))
        for key, result in results:
            path, focus, its_uses, recipe = pending[key]
            if isinstance(result, list):
                problems.extend(self._problem(its_uses, f"{path}: {result[0]}", result[1]))
                continue
            self.stats.made += 1
            self._add(_entry_from(key, path, self.root / key, result, focus, recipe))
        problems.extend(self._warnings(by_path))
        self.stats.seconds = time.perf_counter() - started
        self.stats.problems = problems
        return problems

    def without_cache(self, exc: OSError) -> None:
        """Go on with a throw-away folder: one warning line; what is published is the same."""
        from clamtex import cachefiles

        cachefiles.warn(cachefiles.cache_problem(self.root.parent, exc))
        self.root = _throwaway() / "images"
        self.root.mkdir(parents=True, exist_ok=True)

    def _run(self, tasks: list[tuple[str, str, str, dict[str, Any], str]]
             ) -> Iterator[tuple[str, Any]]:
        """The tasks in worker processes on every core (one task: here, no start-up cost)."""
        workers = min(self.jobs or os.cpu_count() or 1, len(tasks))
        if workers <= 1:
            yield from map(_make, tasks)
            return
        # spawn, not fork: the preview server has threads; a worker imports Pillow only.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            # Largest first: a big photo started last would leave the other cores idle.
            ordered = sorted(tasks, key=lambda t: -os.path.getsize(t[1]))
            yield from pool.map(_make, ordered)

    def _cached(self, key: str, path: str, focus: str, recipe: Recipe) -> Entry | None:
        folder = self.root / key
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            entry = _entry_from(key, path, folder, manifest, focus, recipe)
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if not all((folder / v.name).is_file() for v in entry.variants):
            return None
        return entry

    def _add(self, entry: Entry) -> None:
        self.entries.setdefault(entry.path, []).append(entry)

    def _problem(self, uses: list[Use], message: str, fix: str,
                 severity: str = "error") -> list[Problem]:
        return [Problem(u.file, u.line, u.field, message, fix, severity)  # type: ignore[arg-type]
                for u in uses]

    def _check_svg(self, path: str, data: bytes, uses: list[Use]) -> list[Problem]:
        found = svg.problems(data)
        self.svgs[path] = svg.size(data)
        return [p for message in found
                for p in self._problem(uses, f"{path}: {message}: an SVG is code and this "
                                       "one could run or fetch something", svg.FIX)]

    def _warnings(self, by_path: dict[str, list[Use]]) -> list[Problem]:
        """Warnings about originals: too small for their place, too big for git, or
        carrying the place where they were taken (GPS)."""
        found: list[Problem] = []
        facts_of = {path: entries[0].facts for path, entries in self.entries.items()}
        facts_of.update(self.looked)
        for path, facts in facts_of.items():
            uses = by_path.get(path, [])
            command = f"clamtex image add content/{path}"
            if facts.gps:
                found.extend(self._problem(
                    uses, f"{path}: the original holds the GPS position where it was taken "
                    "(it stays in git history; the site never shows it)",
                    f"replace it with a clean copy: {command}", "warning"))
            size = (self.content / path).stat().st_size
            if size > ORIGINAL_MAX_BYTES or max(facts.width, facts.height) > ORIGINAL_MAX_SIDE:
                found.extend(self._problem(
                    uses, f"{path}: the original is {size / 1e6:.1f} MB, {facts.width}x"
                    f"{facts.height} px: too big to keep in git (at most "
                    f"{ORIGINAL_MAX_BYTES // 1_000_000} MB and {ORIGINAL_MAX_SIDE} px)",
                    f"replace it with a smaller copy: {command}", "warning"))
            for use in uses:
                sharp = SHARP_WIDTH.get(use.role, 0)
                if facts.width < sharp:
                    found.extend(self._problem(
                        [use], f"{path}: is only {facts.width}x{facts.height} px: it will look "
                        f"blurred where it is shown (at least {sharp} px wide is sharp)",
                        f"use a larger original, at least {sharp} px wide", "warning"))
        return found

    # -- pictures for the views -------------------------------------------------------

    def entry(self, path: str, focus: str = "center") -> Entry | None:
        entries = self.entries.get(path)
        if not entries:
            return None
        return next((e for e in entries if e.focus == focus), entries[0])

    def picture(self, path: str, alt: str, place: str, focus: str = "center"
                ) -> Picture | None:
        """The picture of a content image in a place (article, card, list, home, body,
        partner, partner-card); None when the path is no image of ours."""
        sizes = SIZES[place]
        if path.lower().endswith(".svg"):
            if path not in self.svgs:
                try:
                    self.svgs[path] = svg.size((self.content / path).read_bytes())
                except OSError:
                    return None
            width, height = self.svgs[path] or (0, 0)
            return Picture(path, width, height, alt)
        entry = self.entry(path, focus)
        if entry is None:
            return None
        entry.used = True
        role = "crop" if place in CROPPED and entry.of("crop", "image/webp") else "full"
        webp = entry.of(role, "image/webp")
        fallback_type = "image/gif" if entry.facts.animated else (
            "image/png" if entry.facts.alpha else "image/jpeg")
        fallback = entry.of(role, fallback_type)
        if not fallback:
            return None

        def candidates(variants: list[Variant]) -> tuple[Candidate, ...]:
            return tuple(Candidate(entry.published(v), v.width) for v in variants)

        # The fallback <img src>: about 900 px, what most places need at most.
        main = min(fallback, key=lambda v: (abs(v.width - 900), -v.width))
        if place in ("partner", "partner-card"):
            main = min(fallback, key=lambda v: (abs(v.width - 240), -v.width))
        return Picture(entry.published(main), main.width, main.height, alt, sizes,
                       (Source("image/webp", candidates(webp)),) if webp else (),
                       candidates(fallback))

    def social(self, path: str, focus: str = "center") -> tuple[str, int, int, int] | None:
        """The 1200x630 JPEG crop of a photo for og:image and feeds: (site path, width,
        height, bytes)."""
        entry = self.entry(path, focus)
        if entry is None:
            return None
        variants = entry.of("social", "image/jpeg")
        if not variants:
            return None
        entry.used = True
        variant = variants[0]
        size = (entry.folder / variant.name).stat().st_size
        return entry.published(variant), variant.width, variant.height, size

    def body_picture(self, path: str, alt: str) -> Picture | None:
        """A Markdown body image (made on demand if prepare() did not see it)."""
        if is_raster(path) and path not in self.entries and (self.content / path).is_file():
            self.prepare([Use(path, "body")])
        return self.picture(path, alt, "body")

    # -- publishing -------------------------------------------------------------------

    def publish(self, site_dir: Path) -> int:
        """Copy the variants used so far into the site, each checked against its hash."""
        written = 0
        for entries in self.entries.values():
            for entry in entries:
                if not entry.used:
                    continue
                for variant in entry.variants:
                    target = site_dir / entry.published(variant)
                    marker = str(target)
                    if marker in self._written and target.is_file():
                        continue
                    try:
                        data = self._verified(entry, variant)
                    except OSError as exc:  # remade into a cache that cannot be written
                        self.without_cache(exc)
                        data = self._verified(entry, variant)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    self._written.add(marker)
                    written += 1
        self.stats.published += written
        return written

    def _verified(self, entry: Entry, variant: Variant) -> bytes:
        """The cached file's bytes, if they are still what was made (else made again)."""
        try:
            data = (entry.folder / variant.name).read_bytes()
        except OSError:
            data = b""
        if hashlib.sha256(data).hexdigest() == variant.sha256:
            return data
        log.info("clamtex: image cache entry %s changed on disk: made again", entry.key)
        assert entry.recipe is not None
        key, result = _make((entry.key, str(self.content / entry.path), entry.path,
                             asdict(entry.recipe), str(self.root)))
        if isinstance(result, list):
            raise OSError(f"{entry.path}: {result[0]}")
        fresh = _entry_from(key, entry.path, self.root / key, result, entry.focus,
                            entry.recipe)
        entry.variants, entry.folder = fresh.variants, fresh.folder
        match = next(v for v in fresh.variants if v.name == variant.name)
        self.stats.made += 1
        return (fresh.folder / match.name).read_bytes()

    def body_signature(self, markdown: str, src_uri: str) -> str:
        """The cache keys of a page's body images (a part of its render-cache key: the
        page's HTML names their variants)."""
        where = PurePosixPath(src_uri)
        keys = []
        for use in body_uses(markdown, "", where, self.content, 1):
            for entry in self.entries.get(use.path, ()):
                entry.used = True  # a cached page is not rendered, but shows them
                keys.append(entry.key)
        return "".join(keys)

    def publish_copy(self, path: str, site_dir: Path) -> None:
        """A raster file that content links to but shows as no picture: published at its
        own path as a clean copy (oriented, no metadata), never as the original's bytes."""
        target = site_dir / path
        if str(target) in self._written and target.is_file():
            return
        data = (self.content / path).read_bytes()
        key = hashlib.sha256(data + f"copy{process.VERSION}{PIL.__version__}".encode()
                             ).hexdigest()
        cached, digest_file = self.root / f"copy-{key}", self.root / f"copy-{key}.sha256"
        try:
            clean = cached.read_bytes()
            if hashlib.sha256(clean).hexdigest() != digest_file.read_text().strip():
                raise OSError("changed")
        except OSError:
            try:
                clean = process.clean_original(self.content / path, longest=1 << 20,
                                               data=data)[0]
            except ImageProblem as problem:
                raise OSError(f"content/{path}: {problem.problem} ({problem.fix})") from None
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(clean)
                digest_file.write_text(hashlib.sha256(clean).hexdigest())
            except OSError as exc:  # the copy is published all the same, not kept
                self.without_cache(exc)
            self.stats.made += 1
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(clean)
        self._written.add(str(target))

    def reset_published(self) -> None:
        """A new site folder (the next build, a preview's rebuild): publish everything again."""
        self._written.clear()
