"""The image pipeline, read from what a build publishes (files, HTML, feeds) and from
what `clamtex check` and the build say about bad images."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree
from PIL import Image

from photos import ITEM, ITEM_URL, photo_site, real_photo, show_image, with_gps
from support import BuiltSite, build_site, edit_file, fixture_site, run_clamtex

RASTER = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
CACHE = ".cache/clamtex/images"


@pytest.fixture(scope="module")
def photo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return photo_site(tmp_path_factory.mktemp("photo"))


@pytest.fixture(scope="module")
def photo_build(photo_project: Path) -> BuiltSite:
    return build_site(photo_project)


def published_images(site: BuiltSite) -> list[Path]:
    return sorted(p for p in site.root.rglob("*") if p.suffix.lower() in RASTER)


def candidates(srcset: str) -> list[tuple[str, int]]:
    pairs = []
    for part in srcset.split(","):
        url, width = part.split()
        pairs.append((url, int(width.rstrip("w"))))
    return pairs


def target(site: BuiltSite, page: str, url: str) -> Path:
    """The file behind a URL written on a page (site-root-relative page path)."""
    return site.path(urljoin(f"http://site/{page}", url).removeprefix("http://site/"))


# -- privacy ---------------------------------------------------------------------------


def test_no_published_image_carries_metadata(photo_build: BuiltSite) -> None:
    images = published_images(photo_build)
    assert len(images) > 10, images
    for path in images:
        data = path.read_bytes()
        with Image.open(path) as image:
            assert not image.getexif(), f"{path.name}: EXIF {dict(image.getexif())}"
            assert not {"xmp", "comment", "exif", "icc_profile"} & set(image.info), path.name
        for marker in (b"Exif\x00\x00", b"GPSLatitude", b"PhoneMaker", b"Jane Doe",
                       b"http://ns.adobe.com/"):
            assert marker not in data, f"{path.name} holds {marker!r}"


def test_the_original_is_not_published(photo_build: BuiltSite, photo_project: Path) -> None:
    original = (photo_project / "content/assets/images/elephants.jpg").read_bytes()
    assert not (photo_build.root / "assets/images/elephants.jpg").exists()
    sizes = {p.stat().st_size for p in published_images(photo_build)}
    assert len(original) not in sizes
    assert max(sizes) < 600_000


def test_orientation_from_exif_is_applied(tmp_path: Path) -> None:
    project = fixture_site("minimal", tmp_path / "site")
    # Pixels stored landscape with "rotate 90°" in EXIF: a portrait photo.
    photo = with_gps(real_photo(), tmp_path / "turned.jpg", orientation=6, size=1600)
    show_image(project, "turned.jpg", photo.read_bytes())
    site = build_site(project)
    img = site.page(ITEM_URL).cssselect(".clamtex-article__figure img")[0]
    assert int(img.get("height")) > int(img.get("width"))
    with Image.open(target(site, ITEM_URL, img.get("src"))) as image:
        assert image.height > image.width


# -- what the HTML says matches the files --------------------------------------------


def test_picture_markup_matches_the_files(photo_build: BuiltSite) -> None:
    checked = 0
    for page_file in photo_build.html_files():
        page = page_file.relative_to(photo_build.root).as_posix()
        page = page.removesuffix("index.html")
        tree = photo_build.page(page)
        for picture in tree.iter("picture"):
            img = picture.find(".//img")
            assert img is not None
            for source in picture.findall(".//source"):
                assert source.get("type") == "image/webp"
                assert source.get("sizes") == img.get("sizes")
                for url, width in candidates(source.get("srcset")):
                    with Image.open(target(photo_build, page, url)) as image:
                        assert image.format == "WEBP" and image.width == width, url
            for url, width in candidates(img.get("srcset")):
                with Image.open(target(photo_build, page, url)) as image:
                    assert image.format in ("JPEG", "PNG") and image.width == width, url
            with Image.open(target(photo_build, page, img.get("src"))) as image:
                assert (image.width, image.height) == (int(img.get("width")),
                                                       int(img.get("height"))), page
            checked += 1
    assert checked >= 4  # article figure, body image, home card, news list card


def test_loading_attributes_by_place(photo_build: BuiltSite) -> None:
    article = photo_build.page(ITEM_URL)
    figure = article.cssselect(".clamtex-article__figure img")[0]
    assert figure.get("fetchpriority") == "high" and figure.get("loading") is None
    body = article.cssselect(".md-content p picture img")[0]
    assert body.get("loading") == "lazy" and body.get("decoding") == "async"
    assert body.get("alt") == "The herd again"
    card = photo_build.page("").cssselect(".clamtex-card__image")
    assert card and all(c.get("loading") == "lazy" for c in card)
    # Cards show the card-ratio crop, the article the whole picture.
    assert abs(int(card[0].get("width")) / int(card[0].get("height")) - 1200 / 630) < 0.01
    assert abs(int(figure.get("width")) / int(figure.get("height")) - 5640 / 3172) < 0.01


def test_social_preview_and_feeds_use_the_crop(photo_build: BuiltSite) -> None:
    article = photo_build.page(ITEM_URL)
    og = article.cssselect('meta[property="og:image"]')[0].get("content")
    assert og.startswith("https://minimal.example.org/assets/") and og.endswith(".jpg")
    path = photo_build.root / og.removeprefix("https://minimal.example.org/")
    with Image.open(path) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))
    assert article.cssselect('meta[property="og:image:width"]')[0].get("content") == "1200"
    ld = json.loads(article.cssselect('script[type="application/ld+json"]')[0].text)
    assert ld["image"] == [og]
    feed = etree.parse(str(photo_build.root / "news/feed.xml"))
    enclosure = feed.find(".//item/enclosure")
    assert enclosure is not None and enclosure.get("url") == og
    assert int(enclosure.get("length")) == path.stat().st_size
    atom = (photo_build.root / "news/atom.xml").read_text()
    assert f'href="{og}"' in atom and 'rel="enclosure"' in atom


def test_focus_point_chooses_the_crop(tmp_path: Path) -> None:
    """A tall picture, red above and blue below: focus top shows red, bottom blue."""
    picture = Image.new("RGB", (1300, 2600), (220, 0, 0))
    picture.paste((0, 0, 220), (0, 1300, 1300, 2600))
    data = io.BytesIO()
    picture.save(data, "PNG")
    colours = {}
    for focus in ("top", "bottom"):
        project = fixture_site("minimal", tmp_path / focus)
        show_image(project, "tall.png", data.getvalue())
        edit_file(project / ITEM, "image_alt: A picture\n",
                  f"image_alt: A picture\nimage_focus: {focus}\n")
        site = build_site(project)
        og = site.page(ITEM_URL).cssselect('meta[property="og:image"]')[0].get("content")
        with Image.open(site.root / og.removeprefix("https://minimal.example.org/")) as image:
            colours[focus] = image.convert("RGB").resize((1, 1)).getpixel((0, 0))
    assert colours["top"][0] > 150 > colours["top"][2]
    assert colours["bottom"][2] > 150 > colours["bottom"][0]


# -- the cache ------------------------------------------------------------------------


def test_warm_build_encodes_nothing_and_copies(photo_project: Path,
                                               photo_build: BuiltSite) -> None:
    cache = photo_project / CACHE
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert before
    site = build_site(photo_project)
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert after == before  # nothing made, nothing rewritten
    cached = {p.stat().st_ino for p in before}
    for path in published_images(site):
        assert path.stat().st_nlink == 1 and path.stat().st_ino not in cached, path


def test_a_tampered_cache_entry_is_not_published(tmp_path: Path) -> None:
    project = fixture_site("minimal", tmp_path / "site")
    photo = with_gps(real_photo(), tmp_path / "small.jpg", size=1400)
    show_image(project, "small.jpg", photo.read_bytes())
    build_site(project)
    variants = [p for p in (project / CACHE).rglob("*.webp")]
    assert variants
    for path in variants:
        path.write_bytes(b"poisoned")
    site = build_site(project)
    for path in published_images(site):
        assert b"poisoned" not in path.read_bytes()
        with Image.open(path) as image:
            image.load()
    manifests = [json.loads(p.read_text()) for p in (project / CACHE).rglob("manifest.json")]
    for manifest in manifests:
        for variant in manifest["variants"]:
            files = list((project / CACHE).rglob(variant["name"]))
            assert any(hashlib.sha256(f.read_bytes()).hexdigest() == variant["sha256"]
                       for f in files)


# -- kinds of images -------------------------------------------------------------------


def _png(image: Image.Image, **kwargs: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **kwargs)
    return out.getvalue()


def test_animation_and_transparency_are_kept(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (1000, 600), colour) for colour in ("red", "green", "blue")]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0,
                   comment=b"secret")
    clear = Image.new("RGBA", (1000, 600), (0, 128, 0, 0))
    clear.paste((0, 128, 0, 255), (200, 100, 800, 500))
    project = fixture_site("minimal", tmp_path / "site")
    show_image(project, "moving.gif", gif.getvalue())
    (project / "content/assets/images/clear.png").write_bytes(_png(clear))
    with open(project / "content/en/about.md", "a", encoding="utf-8") as out:
        out.write("\n![A clear logo](../assets/images/clear.png)\n")
    site = build_site(project)
    figure = site.page(ITEM_URL).cssselect(".clamtex-article__figure picture")[0]
    webp = candidates(figure.find(".//source").get("srcset"))[-1][0]
    with Image.open(target(site, ITEM_URL, webp)) as image:
        assert image.n_frames == 3
    with Image.open(target(site, ITEM_URL, figure.find(".//img").get("src"))) as image:
        assert image.format == "GIF" and image.n_frames == 3
    about = site.page("about/").cssselect("picture")[0]
    with Image.open(target(site, "about/", about.find(".//img").get("src"))) as image:
        assert image.format == "PNG" and image.mode == "RGBA"
        assert image.getchannel("A").getextrema() == (0, 255)
    webp = candidates(about.find(".//source").get("srcset"))[0][0]
    with Image.open(target(site, "about/", webp)) as image:
        assert image.mode == "RGBA"


def test_cmyk_and_16_bit_images_are_converted(tmp_path: Path) -> None:
    cmyk = io.BytesIO()
    Image.new("CMYK", (1200, 800), (0, 200, 200, 0)).save(cmyk, "JPEG")
    deep = Image.new("I;16", (1200, 800), 40000)
    project = fixture_site("minimal", tmp_path / "site")
    show_image(project, "print.jpg", cmyk.getvalue())
    (project / "content/assets/images/deep.png").write_bytes(_png(deep))
    with open(project / "content/en/about.md", "a", encoding="utf-8") as out:
        out.write("\n![Grey](../assets/images/deep.png)\n")
    site = build_site(project)
    for path in published_images(site):
        if "print" in path.name or "deep" in path.name:
            with Image.open(path) as image:
                assert image.mode in ("RGB", "RGBA"), (path.name, image.mode)
    red = next(p for p in published_images(site) if "print" in p.name and p.suffix == ".jpg")
    with Image.open(red) as image:
        r, g, b = image.convert("RGB").resize((1, 1)).getpixel((0, 0))
        assert r > 200 and g < 120 and b < 120  # cyan-free, magenta+yellow: red


# -- bad images: one line each ---------------------------------------------------------


def _bomb() -> bytes:
    return _png(Image.new("1", (20_000, 10_000)))  # 200 megapixels in a few kilobytes


BAD = {
    "truncated": ("cut.jpg", lambda: with_gps(real_photo(), Path("/tmp/clamtex-cut.jpg"),
                                              size=1200).read_bytes()[:40_000],
                  "truncated"),
    "disguised": ("photo.jpg", lambda: _png(Image.new("RGB", (1200, 700))),
                  "holds a PNG image, but its name ends in .jpg"),
    "unsupported": ("scan.bmp", lambda: b"BM" + bytes(100),
                    "is not an image (use a picture file"),
    "not an image": ("notes.png", lambda: b"hello, this is text", "not a readable PNG"),
    "bomb": ("bomb.png", _bomb, "megapixels"),
    "svg script": ("x.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg">'
                   b"<script>alert(1)</script></svg>", "<script>"),
    "svg handler": ("x.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg" '
                    b'onload="alert(1)"/>', "event handler"),
    "svg external": ("x.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg" '
                     b'xmlns:xlink="http://www.w3.org/1999/xlink"><image '
                     b'xlink:href="https://tracker.example.com/p.png"/></svg>',
                     "another address"),
    "svg foreign": ("x.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg">'
                    b"<foreignObject/></svg>", "foreignObject"),
    "svg import": ("x.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><style>'
                   b"@import url(https://evil.example.com/x.css);</style></svg>",
                   "another address"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_image_gets_one_line_from_check(tmp_path: Path, case: str) -> None:
    name, data, words = BAD[case]
    project = fixture_site("minimal", tmp_path / "site")
    show_image(project, name, data())
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines()
              if line.startswith(ITEM) and "warning" not in line]
    assert len(errors) == 1, result.stdout
    assert f"{ITEM}:" in errors[0] and ": image: " in errors[0] and words in errors[0]
    assert errors[0].endswith(")") and "Traceback" not in result.stderr


@pytest.mark.parametrize("case", ["truncated", "bomb", "svg script"])
def test_a_bad_image_stops_the_build_and_keeps_the_site(tmp_path: Path, case: str) -> None:
    name, data, words = BAD[case]
    project = fixture_site("minimal", tmp_path / "site")
    build_site(project)
    before = sorted(p.relative_to(project / "out") for p in (project / "out").rglob("*"))
    show_image(project, name, data())
    result = run_clamtex("build", "-d", "out", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and words in result.stderr
    lines = [line for line in result.stderr.splitlines() if ITEM in line]
    assert len(lines) == 1, result.stderr
    assert sorted(p.relative_to(project / "out") for p in (project / "out").rglob("*")) == before


def test_check_warns_about_gps_big_and_small_originals(tmp_path: Path) -> None:
    project = photo_site(tmp_path / "site")  # 16 MB, 5640 px, with GPS
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 0, result.stdout
    lines = [line for line in result.stdout.splitlines() if ": image: warning:" in line]
    assert any("GPS" in line and "clamtex image add content/assets/images/elephants.jpg"
               in line for line in lines), result.stdout
    assert any("too big" in line and "clamtex image add" in line for line in lines)
    small = fixture_site("minimal", tmp_path / "small")
    show_image(small, "tiny.png", _png(Image.new("RGB", (300, 200), "teal")))
    result = run_clamtex("check", cwd=small)
    assert "blurred" in result.stdout and "tiny.png" in result.stdout


# -- originals fit for git --------------------------------------------------------------


def test_image_add_makes_a_clean_small_original(tmp_path: Path) -> None:
    project = fixture_site("minimal", tmp_path / "site")
    phone = with_gps(real_photo(), tmp_path / "IMG_0042 (1).JPG", orientation=6)
    result = run_clamtex("image", "add", str(phone), "--name", "Spring Visit à Terrassa",
                         cwd=project)
    assert result.returncode == 0, result.stderr
    written = project / "content/assets/images/spring-visit-a-terrassa.jpg"
    assert "image: assets/images/spring-visit-a-terrassa.jpg" in result.stdout
    assert "image_alt:" in result.stdout and "image_focus" in result.stdout
    data = written.read_bytes()
    with Image.open(written) as image:
        assert not image.getexif() and max(image.size) == 2560
        assert image.height > image.width  # the orientation applied
    assert b"Exif" not in data and b"GPS" not in data[:4096] and len(data) < 3_000_000
    again = run_clamtex("check", cwd=project)
    assert "GPS" not in again.stdout


def test_image_add_takes_an_iphone_heic_photo(tmp_path: Path) -> None:
    """An iPhone's HEIC photo (made here from the real photo with pillow-heif) becomes a
    clean JPEG, without the phone's metadata."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    heic = tmp_path / "IMG_0001.HEIC"
    with Image.open(real_photo()) as photo:
        photo.resize((2400, 1350)).save(heic, quality=80)
    project = fixture_site("minimal", tmp_path / "site")
    result = run_clamtex("image", "add", str(heic), cwd=project)
    assert result.returncode == 0, result.stderr
    written = project / "content/assets/images/img-0001.jpg"
    assert "image: assets/images/img-0001.jpg" in result.stdout
    with Image.open(written) as image:
        assert image.format == "JPEG" and image.size == (2400, 1350)
        assert not image.getexif()


def test_new_news_with_image(tmp_path: Path) -> None:
    project = fixture_site("minimal", tmp_path / "site")
    phone = with_gps(real_photo(), tmp_path / "phone.jpg", size=3000)
    result = run_clamtex("new", "news", "Elephant visit", "--date", "2024-06-01",
                         "--image", str(phone), cwd=project)
    assert result.returncode == 0, result.stderr
    item = (project / "content/en/news/2024-06-01-elephant-visit.md").read_text()
    assert "image: assets/images/2024-06-01-elephant-visit.jpg" in item
    assert (project / "content/assets/images/2024-06-01-elephant-visit.jpg").is_file()
