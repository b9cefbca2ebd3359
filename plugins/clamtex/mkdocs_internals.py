"""Every use of MkDocs' and mkdocs-static-i18n's private parts, in one place.

Checked against mkdocs 1.6.1 and mkdocs-static-i18n 1.3.1 (constraints.txt). Neither
promises these: on upgrading either, read this module against the new version's code,
then run tests/test_preview.py (MkDocs' per-page build steps), tests/test_parallel.py
(i18n's build state) and tests/test_cache.py (a cached page's stand-ins). Imports nothing
of ours: every layer may use it.

- MkDocs: `mkdocs.commands.build._populate_page`, `_build_theme_template`, `_build_page`
  (the preview's per-page rebuilds), `mkdocs.livereload._serve_url`, `Page._title_from_render`
  (the title taken from the first heading), a page's `render` and `read_source`
  replaced on a render-cache hit, and the run's `Theme.get_env` wrapped so that its
  environments list the theme's files once (`list_theme_files_once`).
- static-i18n: its plugin object's build state (`default_language`, `build_languages`,
  `current_language`, `building`, read and set), its options (`config.languages`,
  `build_only_locale`, `fallback_to_default`), its `reconfigure_files_alternates` step,
  and the attributes it sets on its files (`locale`, `localization`,
  `locale_alternate_of`, `norm_src_uri`, `alternates`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import CodeType
from typing import Any

from mkdocs.commands import build as _mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import _serve_url
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# -- MkDocs' theme ---------------------------------------------------------------------


def _theme_files_filter() -> Any:
    """The code of the name filter of `Files.add_files_from_theme`, when it excludes every
    `*.html` name (so that a static template, an HTML file, changes nothing it lists)."""
    for const in Files.add_files_from_theme.__code__.co_consts:
        if isinstance(const, CodeType) and const.co_name == "filter":
            patterns = [c for c in const.co_consts if isinstance(c, tuple)]
            return const if any("*.html" in group for group in patterns) else None
    return None


def list_theme_files_once(config: MkDocsConfig) -> None:
    """Let the builds of a run list the theme's files once, not once per language.

    Each MkDocs build lists every file of every theme folder and matches each name against
    a dozen patterns (`Files.add_files_from_theme`, through `Environment.list_templates`:
    Material has about 14,500, its icons), and i18n runs one build per language on the
    same theme object. The listing is kept on that object, by what it depends on: the set
    of folders (i18n adds its sitemap folder again in each language's build: the names
    are the same), the filter's code and, but for that filter's own, the static templates
    (each language's build renders its own 404 page, an HTML name the filter drops
    anyway). A new run (a preview's full rebuild too) loads a new configuration, so a
    theme file added between runs is seen.
    """
    theme: Any = config.theme
    if getattr(theme, "_clamtex_listings", None) is not None:
        return
    listings: dict[tuple[Any, ...], list[str]] = {}
    theme._clamtex_listings = listings
    make_env = theme.get_env
    theme_filter = _theme_files_filter()

    def get_env() -> Any:
        env = make_env()
        list_templates = env.list_templates

        def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
            code = getattr(filter_func, "__code__", filter_func)
            static = frozenset(name for name in theme.static_templates
                               if code is not theme_filter or not name.endswith(".html"))
            key = (frozenset(theme.dirs), static,
                   None if extensions is None else tuple(extensions), code)
            if key not in listings:
                listings[key] = list_templates(extensions, filter_func)
            return list(listings[key])

        env.list_templates = listed
        return env

    theme.get_env = get_env


# -- mkdocs-static-i18n -----------------------------------------------------------------


@dataclass(frozen=True)
class I18nState:
    """What i18n's plugin object says about the languages of this build."""

    default: str  # with build_only_locale: the previewed language
    build_languages: tuple[str, ...]
    current: str | None
    building: bool  # inside i18n's per-language builds after the first
    locales: tuple[str, ...]  # every configured language, in mkdocs.yml's order
    names: dict[str, str]
    build_only_locale: str | None
    fallback_to_default: bool


def i18n_state(config: MkDocsConfig) -> I18nState | None:
    """i18n's state, or None when the site does not use i18n."""
    i18n: Any = config.plugins.get("i18n")
    if i18n is None:
        return None
    return I18nState(
        i18n.default_language, tuple(i18n.build_languages), i18n.current_language,
        bool(i18n.building), tuple(lang.locale for lang in i18n.config.languages),
        {lang.locale: lang.name for lang in i18n.config.languages},
        i18n.config.build_only_locale, bool(i18n.config.fallback_to_default))


def build_one_language(config: MkDocsConfig, lang: str) -> None:
    """Make the next build of `config` build `lang` only, into the paths a full build gives
    it: i18n believes it is already `building`, so its on_post_build starts no other
    language's build (build/parallel.py's workers)."""
    i18n: Any = config.plugins["i18n"]
    i18n.current_language = lang
    i18n.building = True


def skip_i18n_alternates(config: MkDocsConfig) -> None:
    """Spare i18n its per-file search for every language's alternates (languages x files):
    our templates take the language switcher, hreflang links and the sitemap from the site
    plan, so i18n's File.alternates are never used."""
    i18n: Any = config.plugins.get("i18n")
    if i18n is not None and hasattr(i18n, "reconfigure_files_alternates"):
        i18n.reconfigure_files_alternates = _no_alternates


def _no_alternates(*args: Any, **kwargs: Any) -> None:
    return None


def as_i18n_file(file: File, lang: str, key: str) -> None:
    """Give a generated file the attributes i18n sets on its own files: its language, and
    its key under the language folder (`norm_src_uri`)."""
    marked: Any = file
    marked.locale = marked.localization = marked.locale_alternate_of = lang
    marked.norm_src_uri = key
    marked.alternates = {lang: file}


def i18n_key(file: File, default: str = "") -> str:
    """A file's path under its language folder, as i18n sets it ('news/x.md')."""
    return getattr(file, "norm_src_uri", default)


# -- MkDocs ------------------------------------------------------------------------------


def title_from_render(page: Page) -> Any:
    """The title MkDocs took from the page's first rendered heading (HTML), or None."""
    return getattr(page, "_title_from_render", None)


def set_title_from_render(page: Page, title: str) -> None:
    page._title_from_render = title


def serve_url(host: str, port: int, path: str) -> str:
    """The address `mkdocs serve` gives the site (its `site_url` while serving)."""
    return _serve_url(host, port, path)


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """MkDocs' read-and-render step of one page (its on_pre_page ... on_page_content)."""
    _mkdocs_build._populate_page(page, config, files)


def build_theme_template(template: str, env: Any, files: Files, config: MkDocsConfig,
                         nav: Any) -> None:
    _mkdocs_build._build_theme_template(template, env, files, config, nav)


def build_page(page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Any,
               env: Any, *, excluded: bool) -> None:
    """MkDocs' template-and-write step of one page (on_page_context ... on_post_page)."""
    _mkdocs_build._build_page(page, config, doc_files, nav, env, excluded=excluded)


def skip_rendering(page: Page, anchors: Iterable[str],
                   links: dict[File, dict[str, str]], *, skip_reading: bool) -> None:
    """A render-cache hit: MkDocs will not render the page's Markdown (its anchors and
    links to anchors are the stored ones, so its links are still checked), nor read its
    source when `skip_reading` (a page outside the navigation)."""
    stored = tuple(anchors)

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.present_anchor_ids = set(stored)
        page.links_to_anchors = links

    def read_source(config: MkDocsConfig) -> None:
        page.markdown = ""
        page.meta = {}

    replaced: Any = page
    replaced.render = render
    if skip_reading:
        replaced.read_source = read_source


def render_normally(page: Page) -> None:
    """Undo `skip_rendering` (a preview renders the page again)."""
    for name in ("read_source", "render"):
        page.__dict__.pop(name, None)

