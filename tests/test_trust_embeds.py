"""Issue 15, point 4: no request leaves the site, enforced; videos embedded privately.

Raw HTML in a body that would load anything from another host, any script and any event
handler is an error on its line, from `clamtex check` and from the build. A YouTube or
Vimeo link alone on its line becomes a click-to-load player (tests/browser/ clicks it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from support import BuiltSite, build_site, differences, fixture_site, run_clamtex, text_of

ABOUT = "content/en/about.md"
ABOUT_LINES = 8  # the fixture's about.md; a snippet appended after a blank line starts at 10

# (id, snippet appended to a body, text the one-line problem must hold[, its line in the
# snippet when not the first])
FOREIGN = [
    ("iframe", '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
     "<iframe> loads from another host (www.youtube.com) (write the video's YouTube or Vimeo"),
    ("img", '<img src="https://tracker.example/pixel.gif" alt="">',
     "<img> loads from another host (tracker.example)"),
    ("markdown-image", "![Logo](https://cdn.example/logo.png)",
     "<img> loads from another host (cdn.example)"),
    # The line where the address is written: the one to fix.
    ("markdown-image-reference", "![Logo][logo]\n\n[logo]: https://cdn.example/ref.png",
     "<img> loads from another host (cdn.example)", 2),
    ("protocol-relative", '<img src="//cdn.example/a.png" alt="">',
     "<img> loads from another host (cdn.example)"),
    ("backslashes", '<img src="\\\\cdn.example\\a.png" alt="">',
     "<img> loads from another host (cdn.example)"),
    ("scheme-without-slashes", '<img src="https:cdn.example/a.png" alt="">',
     "<img> loads from another host (cdn.example)"),
    ("uppercase", '<IMG SRC="HTTPS://CDN.EXAMPLE/A.PNG" ALT="">',
     "<img> loads from another host (cdn.example)"),
    ("srcset", '<img src="a.png" srcset="a.png 1x, https://cdn.example/b.png 2x" alt="">',
     "<img> loads from another host (cdn.example)"),
    ("picture", '<picture><source srcset="https://cdn.example/a.webp"><img src="a.png" alt="">'
     "</picture>", "<source> loads from another host (cdn.example)"),
    ("script-src", '<script src="https://cdn.example/x.js"></script>',
     "<script> runs code in the page (remove it"),
    ("script-inline", "<script>document.title = 'x'</script>", "<script> runs code in the page"),
    ("link", '<link rel="stylesheet" href="https://fonts.example/css">',
     "<link> loads from another host (fonts.example)"),
    ("video", '<video src="https://media.example/v.mp4" controls></video>',
     "<video> loads from another host (media.example)"),
    ("video-poster", '<video src="v.mp4" poster="https://media.example/p.jpg"></video>',
     "<video> loads from another host (media.example)"),
    ("audio-source", '<audio controls><source src="https://media.example/a.mp3"></audio>',
     "<source> loads from another host (media.example)"),
    ("track", '<video src="v.mp4"><track src="https://media.example/t.vtt"></video>',
     "<track> loads from another host (media.example)"),
    ("embed", '<embed src="https://media.example/x.swf">',
     "<embed> loads from another host (media.example)"),
    ("object", '<object data="https://media.example/x.pdf"></object>',
     "<object> loads from another host (media.example)"),
    ("input-image", '<input type="image" src="https://cdn.example/b.png" alt="Go">',
     "<input> loads from another host (cdn.example)"),
    ("svg-image", '<svg><image href="https://cdn.example/i.png"/></svg>',
     "<image> loads from another host (cdn.example)"),
    ("svg-use", '<svg><use xlink:href="https://cdn.example/s.svg#i"/></svg>',
     "<use> loads from another host (cdn.example)"),
    ("form", '<form action="https://forms.example/send"><button>Send</button></form>',
     "<form> sends the form to another host (forms.example) (link to the form instead"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0; url=https://away.example/">',
     "<meta http-equiv=refresh> sends visitors to another site (away.example)"),
    ("base", '<base href="https://away.example/">',
     "<base> points every link of the page to another host"),
    ("style-attribute", "<div style=\"background: url('https://cdn.example/bg.png')\">x</div>",
     "<div> style loads from another host (cdn.example)"),
    ("style-escaped", '<div style="background: u\\72l(//cdn.example/bg.png)">x</div>',
     "<div> style loads from another host (cdn.example)"),
    ("style-block-import", '<style>@import "https://fonts.example/f.css";</style>',
     "<style> loads from another host (fonts.example)"),
    ("style-block-url", "<style>p { background: url(//cdn.example/p.png) }</style>",
     "<style> loads from another host (cdn.example)"),
    ("svg-style-markup", "<svg><style><img src=//cdn.example/x.png></style></svg>",
     "<img> loads from another host (cdn.example)"),
    ("comment-breakout", "<!--><img src=//cdn.example/x.png>-->",
     "<img> loads from another host (cdn.example)"),
    ("srcdoc", '<iframe srcdoc="&lt;img src=https://cdn.example/x.png&gt;"></iframe>',
     "<img> loads from another host (cdn.example)"),
    ("event-handler", '<p onclick="alert(1)">Click</p>',
     "<p> has an event handler (onclick=) that runs code (remove the onclick attribute"),
    ("event-handler-attr-list", "A paragraph.\n{: onmouseover=\"alert(1)\" }",
     "<p> has an event handler (onmouseover=) that runs code", 1),
    ("javascript-link", "[Click](javascript:alert(1))", "<a> link runs code (javascript:)"),
    ("svg-animated-link", "<svg><a><set attributeName=\"href\" to=\"javascript:alert(1)\"/>"
     "</a></svg>", "<set> changes a link while the page is shown"),
    ("formaction", '<button formaction="https://forms.example/">Send</button>',
     "<button> sends the form to another host (forms.example)"),
    ("ping", '<a href="/news/" ping="https://track.example/">News</a>',
     "<a> loads from another host (track.example)"),
    ("data-frame", '<iframe src="data:text/html,hello"></iframe>',
     "<iframe> embeds a data: address"),
]


def _project(tmp_path: Path, snippet: str, name: str = "site") -> Path:
    project = fixture_site("minimal", tmp_path / name)
    about = project / ABOUT
    about.write_text(about.read_text(encoding="utf-8") + "\n" + snippet + "\n",
                     encoding="utf-8")
    return project


@pytest.mark.parametrize(("snippet", "expected", "line"),
                         [(*case[1:3], case[3] if len(case) > 3 else 0) for case in FOREIGN],
                         ids=[case[0] for case in FOREIGN])
def test_check_reports_what_loads_from_another_host_on_its_line(
        tmp_path: Path, snippet: str, expected: str, line: int) -> None:
    project = _project(tmp_path, snippet)
    result = run_clamtex("check", cwd=project)
    lines = [line for line in result.stdout.splitlines() if ": body: " in line]
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    where = f"{ABOUT}:{ABOUT_LINES + 2 + line}: body: "
    assert any(found.startswith(where) and expected in found for found in lines), result.stdout


def test_build_refuses_them_with_the_same_lines_and_keeps_the_old_site(tmp_path: Path) -> None:
    snippets = [case[1] for case in FOREIGN[:3]]
    project = _project(tmp_path, "\n\n".join(snippets))
    old = build_site(fixture_site("minimal", tmp_path / "clean")).root
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_bytes(old.joinpath("index.html").read_bytes())
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    check = run_clamtex("check", cwd=project)
    build = run_clamtex("build", cwd=project)
    output = build.stdout + build.stderr
    assert build.returncode == 1, output
    assert "Traceback" not in output
    expected = [line for line in check.stdout.splitlines() if ": body: " in line]
    assert [f"{ABOUT}:10: body:", f"{ABOUT}:12: body:", f"{ABOUT}:14: body:"] == [
        line.split(" <")[0] for line in expected]
    for line in expected:
        shown = output.splitlines()
        assert line in shown or f"error: {line}" in shown, output
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before


def test_the_line_is_the_one_in_the_markdown_file(tmp_path: Path) -> None:
    body = ("Some text.\n\n"
            "More text, then a list:\n\n- one\n- two\n\n"
            "<div markdown>\n\nInside.\n\n<img src=\"https://far.example/a.png\" alt=\"\">\n\n"
            "</div>\n")
    project = _project(tmp_path, body)
    result = run_clamtex("check", cwd=project)
    assert f"{ABOUT}:{ABOUT_LINES + 2 + 11}: body: <img> loads from another host " \
           "(far.example)" in result.stdout, result.stdout


def test_each_language_and_each_file_is_checked(tmp_path: Path) -> None:
    project = fixture_site("multilingual", tmp_path / "site")
    about = project / "content/fr/about.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + '\n<img src="https://pixel.example/p.gif" alt="">\n', encoding="utf-8")
    result = run_clamtex("check", cwd=project)
    assert result.returncode == 1
    assert ("content/fr/about.md:10: body: <img> loads from another host (pixel.example)"
            in result.stdout), result.stdout


SELF_CONTAINED = """\
<div class="note" style="color: #333; background: url('../assets/images/meeting.svg')">
  <img src="../assets/images/meeting.svg" alt="A meeting" width="40" height="40">
  <img src="https://minimal.example.org/assets/images/meeting.svg" alt="Same site">
  <img src="data:image/png;base64,iVBORw0KGgo=" alt="Inline">
  <a href="https://elsewhere.example/page">a link to another site is fine</a>
  <svg viewBox="0 0 10 10" aria-hidden="true"><use href="#dot"/><circle cx="5" cy="5" r="4"/></svg>
</div>

<!-- an editor's note -->

A link: [EU](https://european-union.europa.eu/) and <https://example.org/>.
Code is text: `<iframe src="https://www.youtube.com/embed/x"></iframe>` and `<script>`.

    <img src="https://cdn.example/in-a-code-block.png">

```html
<script src="https://cdn.example/x.js"></script>
```

![Meeting](../assets/images/meeting.svg)

https://www.youtube.com/watch?v=dQw4w9WgXcQ
"""


def test_self_contained_markup_and_relative_or_same_site_urls_are_fine(tmp_path: Path) -> None:
    project = _project(tmp_path, SELF_CONTAINED)
    result = run_clamtex("check", cwd=project)
    assert ": body: " not in result.stdout, result.stdout
    assert result.returncode == 0, result.stdout + result.stderr


# -- the video player ----------------------------------------------------------------------

VIDEOS = """\
Watch the kick-off meeting:
https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s

[Our <b>R&amp;D</b> day](https://vimeo.com/76979871)

<https://youtube.com/shorts/abcdefghijk>

Not a player: https://youtu.be/dQw4w9WgXcQ in a sentence.
"""
NOTICES = {
    "": "Playing this video loads it from YouTube (youtube-nocookie.com), which may set "
        "cookies.",
    "es/": "Al reproducir este vídeo, se carga desde YouTube (youtube-nocookie.com), que "
           "puede instalar cookies.",
    "fr/": "Lire cette vidéo la charge depuis YouTube (youtube-nocookie.com), qui peut "
           "déposer des cookies.",
    "ca/": "En reproduir aquest vídeo, es carrega des de YouTube (youtube-nocookie.com), "
           "que pot instal·lar galetes.",
    "pt/": "Reproduzir este vídeo carrega-o a partir do YouTube (youtube-nocookie.com), que "
           "pode instalar cookies.",
}
PLAY = {"": "Play video", "es/": "Reproducir el vídeo", "fr/": "Lire la vidéo",
        "ca/": "Reprodueix el vídeo", "pt/": "Reproduzir o vídeo"}
UNTITLED = {"": "YouTube video", "es/": "Vídeo de YouTube", "fr/": "Vidéo YouTube",
            "ca/": "Vídeo de YouTube", "pt/": "Vídeo do YouTube"}


@pytest.fixture(scope="module")
def video_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The five-language fixture with the videos in the English, Spanish and French page
    (Catalan and Portuguese show the English page as their fallback)."""
    project = fixture_site("multilingual", tmp_path_factory.mktemp("videos"))
    for lang in ("en", "es", "fr"):
        about = project / f"content/{lang}/about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\n" + VIDEOS, encoding="utf-8")
    return build_site(project)


def _figures(site: BuiltSite, url: str) -> list[lxml_html.HtmlElement]:
    return site.page(url).cssselect("figure.clamtex-video")


@pytest.mark.parametrize("prefix", list(NOTICES))
def test_a_video_link_alone_on_its_line_becomes_a_click_to_load_player(
        video_site: BuiltSite, prefix: str) -> None:
    url = f"{prefix}about/"
    page = video_site.page(url)
    figures = _figures(video_site, url)
    assert len(figures) == 3, "three lone links, one in a sentence"
    youtube, vimeo, short = figures
    assert youtube.get("data-clamtex-video") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=65")
    assert vimeo.get("data-clamtex-video") == (
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1")
    assert short.get("data-clamtex-video", "").startswith(
        "https://www.youtube-nocookie.com/embed/abcdefghijk")
    assert "clamtex-video--portrait" in short.get("class")
    # Nothing from the video's host before the click: no iframe, no thumbnail.
    assert not page.xpath("//iframe")
    sources = page.xpath("//@src | //@srcset | //@poster"
                         " | //link[not(@rel='canonical' or @rel='alternate')]/@href")
    assert not [s for s in sources if re.match(r"^(https?:)?//", s)], sources
    # The notice and the controls, in the page's language.
    assert text_of(youtube.cssselect(".clamtex-video__notice")[0]) == NOTICES[prefix]
    button = youtube.cssselect("button.clamtex-video__play")[0]
    assert button.get("type") == "button" and button.get("hidden") is not None
    assert text_of(button) == f"{PLAY[prefix]} ({UNTITLED[prefix]})"
    assert text_of(vimeo.cssselect("button")[0]) == f"{PLAY[prefix]} (Our R&D day)"
    assert text_of(vimeo.cssselect(".clamtex-video__title")[0]) == "Our R&D day"
    watch = youtube.cssselect("a.clamtex-video__link")[0]
    assert watch.get("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=65s"
    assert vimeo.cssselect("a.clamtex-video__link")[0].get("href") == "https://vimeo.com/76979871"
    # The sentence's link stays text; the player's script and style come with the page.
    assert "Not a player: https://youtu.be/dQw4w9WgXcQ in a sentence." in text_of(page)
    scripts = page.xpath("//script/@src")
    assert any(s.endswith("assets/clamtex/video.js") for s in scripts), scripts


def test_pages_without_a_video_do_not_load_the_player(video_site: BuiltSite) -> None:
    scripts = video_site.page("").xpath("//script/@src | //link/@href")
    assert not [s for s in scripts if "video." in s]


def test_the_poster_is_the_sites_own(video_site: BuiltSite) -> None:
    css = video_site.path("assets/clamtex/video.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    assert urls == ["video-poster.svg"], urls
    poster = video_site.path("assets/clamtex/video-poster.svg").read_text(encoding="utf-8")
    assert "<svg" in poster and "href" not in poster and "http" not in poster.replace(
        "http://www.w3.org/2000/svg", "")


def test_the_players_html_is_the_same_in_a_fresh_build(video_site: BuiltSite) -> None:
    """The render cache stores pages by their inputs: the output must not vary."""
    project = video_site.root.parent
    result = run_clamtex("build", "-d", "fresh", cwd=project, env={"CLAMTEX_CACHE": "0"})
    assert result.returncode == 0, result.stdout + result.stderr
    again = project / "fresh"
    assert _figures(BuiltSite(again), "es/about/")
    assert differences(video_site.root / "about", again / "about") == []
    assert differences(video_site.root / "es/about", again / "es/about") == []


@pytest.mark.parametrize(("url", "player"), [
    ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=30",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871/abc123", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
])
def test_every_kind_of_video_address_is_recognised(tmp_path: Path, url: str,
                                                   player: str) -> None:
    from clamtex.outputs.video import parse_video

    video = parse_video(url)
    assert video is not None and video.player.startswith(player), video


@pytest.mark.parametrize("url", [
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch?v=short",
    "https://www.youtube.com/channel/UCabcdefghijk",
    "https://vimeo.com/channels/staffpicks",
    "javascript://youtube.com/watch?v=dQw4w9WgXcQ",
    "https://user@youtube.com/watch?v=dQw4w9WgXcQ",
])
def test_other_addresses_are_not_players(url: str) -> None:
    from clamtex.outputs.video import parse_video

    assert parse_video(url) is None
