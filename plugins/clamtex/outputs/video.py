"""Privacy-friendly video embeds: a YouTube or Vimeo link alone on its line becomes a
click-to-load player.

An editor writes a plain link (`https://youtu.be/ID`, `[Our kick-off](https://vimeo.com/ID)`)
on a line of its own. The page gets a local poster, a notice in the page's language saying
where the video comes from, a "Play video" button and a "Watch on YouTube" link. Nothing is
requested from the video's host until the visitor presses the button: theme/assets/
clamtex/video.js then inserts the player from the privacy-enhanced host
(www.youtube-nocookie.com, player.vimeo.com with dnt=1). Without JavaScript the button stays
hidden and the link still leads to the video.

The output depends only on the Markdown and the strings (the render cache relies on it).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.html
from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor

# The player hosts video.js accepts (it refuses any other data-clamtex-video).
YOUTUBE_PLAYER = "https://www.youtube-nocookie.com/embed/"
VIMEO_PLAYER = "https://player.vimeo.com/video/"
MARK = "data-clamtex-video"  # on the figure: the page needs video.css and video.js

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
_LINK_LINE = re.compile(r"^\[(?P<text>.*)\]\(\s*<?(?P<url>[^\s>]+)>?"
                        r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)$")
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03")


@dataclass(frozen=True)
class Video:
    """A video on YouTube or Vimeo, as the page shows it."""

    provider: str  # "YouTube" or "Vimeo"
    player: str  # the privacy-enhanced player's address (loaded after the click)
    watch: str  # the video's page on its site (the link that works without JavaScript)
    player_host: str  # named in the notice
    portrait: bool = False  # YouTube Shorts are upright


def _seconds(value: str) -> int:
    match = _TIME.match(value.strip().lower())
    if not value.strip() or not match:
        return 0
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def parse_video(url: str) -> Video | None:
    """The video a YouTube or Vimeo address shows, or None for any other address."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.username or parts.password:
        return None
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.").removeprefix("m.")
    path = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    if host in ("youtube.com", "youtu.be", "youtube-nocookie.com"):
        return _youtube(host, path, query)
    if host in ("vimeo.com", "player.vimeo.com"):
        return _vimeo(host, path, query)
    return None


def _youtube(host: str, path: list[str], query: dict[str, list[str]]) -> Video | None:
    portrait = False
    if host == "youtu.be" and len(path) == 1:
        video_id = path[0]
    elif host == "youtube.com" and path == ["watch"]:
        video_id = (query.get("v") or [""])[0]
    elif (host != "youtu.be" and len(path) == 2
          and path[0] in ("embed", "shorts", "live", "v")):
        video_id, portrait = path[1], path[0] == "shorts"
    else:
        return None
    if not _YOUTUBE_ID.match(video_id):
        return None
    start = _seconds((query.get("t") or query.get("start") or [""])[0])
    player = f"{YOUTUBE_PLAYER}{video_id}?autoplay=1" + (f"&start={start}" if start else "")
    if portrait:
        watch = f"https://www.youtube.com/shorts/{video_id}"
    else:
        watch = f"https://www.youtube.com/watch?v={video_id}" + (f"&t={start}s" if start else "")
    return Video("YouTube", player, watch, "youtube-nocookie.com", portrait)


def _vimeo(host: str, path: list[str], query: dict[str, list[str]]) -> Video | None:
    if host == "player.vimeo.com":
        if len(path) != 2 or path[0] != "video":
            return None
        video_id, secret = path[1], (query.get("h") or [""])[0]
    elif 1 <= len(path) <= 2:
        video_id, secret = path[0], (path[1] if len(path) == 2 else "")
    else:
        return None
    if not video_id.isdigit() or not re.match(r"^[0-9a-f]*$", secret):
        return None
    player = f"{VIMEO_PLAYER}{video_id}?dnt=1&autoplay=1" + (f"&h={secret}" if secret else "")
    watch = f"https://vimeo.com/{video_id}" + (f"/{secret}" if secret else "")
    return Video("Vimeo", player, watch, "player.vimeo.com")


def video_of_line(line: str) -> Video | None:
    """The video of a line that holds only a video's address or a Markdown link to it."""
    text = line.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    link = _LINK_LINE.match(text)
    if link:
        return parse_video(link["url"])
    return None if any(c.isspace() for c in text) else parse_video(text)


# -- Markdown ------------------------------------------------------------------------------


class _SplitVideoLines(BlockProcessor):
    """A paragraph with a video link on a line of its own: that line becomes a paragraph
    of its own (which `_EmbedVideos` turns into a player)."""

    def test(self, parent: etree.Element, block: str) -> bool:
        lines = block.split("\n")
        if len(lines) < 2 or self.parser.state.isstate("list"):
            return False
        return any(_own_line(line) for line in lines)

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        lines = blocks.pop(0).split("\n")
        index = next(i for i, line in enumerate(lines) if _own_line(line))
        pieces = ["\n".join(lines[:index]), lines[index], "\n".join(lines[index + 1:])]
        blocks[:0] = [piece for piece in pieces if piece.strip()]
        return True


def _own_line(line: str) -> bool:
    return not line.startswith("    ") and video_of_line(line) is not None


class _EmbedVideos(Treeprocessor):
    """Paragraphs holding only a video link become click-to-load players."""

    def __init__(self, md: Markdown, strings: Mapping[str, str]) -> None:
        super().__init__(md)
        self.strings = strings

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "p":
                    continue
                found = self.video_in(child)
                if found is not None:
                    video, title = found
                    figure = self.player(video, title)
                    figure.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, figure)

    def video_in(self, paragraph: etree.Element) -> tuple[Video, str] | None:
        """(video, its title or "") of a paragraph that holds only a link to a video."""
        text = (paragraph.text or "").strip()
        children = list(paragraph)
        if not children:
            video = video_of_line(text)
            return (video, "") if video is not None else None
        if text or len(children) != 1 or children[0].tag != "a":
            return None
        link = children[0]
        if (link.tail or "").strip():
            return None
        video = parse_video(link.get("href", ""))
        if video is None:
            return None
        title = self.plain_text(link)
        return video, ("" if parse_video(title) is not None else title)

    def plain_text(self, element: etree.Element) -> str:
        """The text of an element as a reader sees it (raw HTML and entities resolved)."""
        stash = self.md.htmlStash.rawHtmlBlocks

        def restore(match: re.Match[str]) -> str:
            number = int(match.group(1))
            return str(stash[number]) if number < len(stash) else ""

        raw = _STASHED.sub(restore, "".join(element.itertext()))
        raw = raw.replace("\x02amp\x03", "&")
        if not raw.strip():
            return ""
        text = lxml.html.fragment_fromstring(raw, create_parent="div").text_content()
        return " ".join(text.split())

    def player(self, video: Video, title: str) -> etree.Element:
        """The player's markup: poster, button (shown by video.js), notice and link."""
        strings = self.strings
        name = title or _fill(strings["untitled"], video)
        css = "clamtex-video" + (" clamtex-video--portrait" if video.portrait else "")
        figure = etree.Element("figure", {"class": css, MARK: video.player,
                                          "data-clamtex-title": name})
        screen = etree.SubElement(figure, "div", {"class": "clamtex-video__screen"})
        button = etree.SubElement(screen, "button", {
            "type": "button", "class": "clamtex-video__play", "hidden": "hidden",
            "data-pagefind-ignore": "all"})
        icon = etree.SubElement(button, "svg", {
            "class": "clamtex-video__icon", "viewBox": "0 0 24 24", "aria-hidden": "true"})
        etree.SubElement(icon, "circle", {"cx": "12", "cy": "12", "r": "12"})
        etree.SubElement(icon, "path", {"d": "M9.5 7v10l8-5z"})
        label = etree.SubElement(button, "span", {"class": "clamtex-video__play-label"})
        label.text = strings["play"]
        _hidden_suffix(button, name)
        caption = etree.SubElement(figure, "figcaption", {"class": "clamtex-video__caption"})
        if title:
            heading = etree.SubElement(caption, "p", {"class": "clamtex-video__title"})
            heading.text = title
        notice = etree.SubElement(caption, "p", {"class": "clamtex-video__notice",
                                                 "data-pagefind-ignore": "all"})
        notice.text = _fill(strings["notice"], video)
        links = etree.SubElement(caption, "p", {"class": "clamtex-video__links",
                                                "data-pagefind-ignore": "all"})
        watch = etree.SubElement(links, "a", {"class": "clamtex-video__link",
                                              "href": video.watch})
        watch.text = _fill(strings["watch"], video)
        _hidden_suffix(watch, name)
        return figure


def _fill(text: str, video: Video) -> str:
    """A string with {provider} and {host} filled in (plain replacement: a brace that an
    override in mkdocs.yml leaves open is shown as written, never an exception)."""
    return text.replace("{provider}", video.provider).replace("{host}", video.player_host)


def _hidden_suffix(parent: etree.Element, name: str) -> None:
    """' (<title>)' for screen readers: the control's accessible name says which video.

    In brackets after a space: browsers put a space before the hidden (absolutely placed)
    text in the accessible name whatever it starts with.
    """
    span = etree.SubElement(parent, "span", {"class": "clamtex-visually-hidden"})
    span.text = f" ({name})"


class VideoExtension(Extension):
    """The Markdown extension; `strings` are the page language's (see `video_strings`)."""

    def __init__(self, strings: Mapping[str, str], **kwargs: Any) -> None:
        self.strings = dict(strings)
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.parser.blockprocessors.register(_SplitVideoLines(md.parser), "clamtex_video_lines",
                                           11)  # just before the paragraph processor (10)
        # After inline processing (20), so that links are elements and text is final.
        md.treeprocessors.register(_EmbedVideos(md, self.strings), "clamtex_videos", 15)


KEYS = ("play", "watch", "notice", "untitled")


def video_strings(strings: Any) -> dict[str, str]:
    """The player's wording from a language's UI strings (l10n.Strings)."""
    return {key: strings(f"video.{key}") for key in KEYS}


def configure(config: Any, strings: Any) -> None:
    """Use the current language's player wording in this build (idempotent: i18n builds
    every language on one config object)."""
    extensions = [ext for ext in config.markdown_extensions
                  if not isinstance(ext, VideoExtension)]
    extensions.append(VideoExtension(video_strings(strings)))
    config.markdown_extensions[:] = extensions
