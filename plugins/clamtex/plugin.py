"""The `clamtex` MkDocs plugin: event wiring only; the work is done in the modules it calls.

mkdocs-static-i18n runs one build per language on one config object, so every handler
here is idempotent, and the ones that need the current language run after i18n's (-100).
What the build layer (build/) knows about the run reaches the plugin as one `BuildRun`
(its render cache, whether it is a preview, the site it replaces): the plugin never
imports that layer. MkDocs' and i18n's private parts are used only through
mkdocs_internals.py.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from clamtex.cachefiles import Reuse
from clamtex.config import ClamtexConfig
from clamtex.content import sources
from clamtex.content.model import Settings, Site, load_site
from clamtex.content.model import _display as display
from clamtex.content.problems import ContentError, errors_in
from clamtex.exceptions import ProjectError
from clamtex.kinds import ContentKind, full_width, kinds_for, searchable, templates
from clamtex.l10n.strings import load_strings
from clamtex.mkdocs_internals import as_i18n_file, i18n_key, skip_i18n_alternates
from clamtex.outputs import assets, branding, emails, escaping, notfound, search, seo, video
from clamtex.outputs.images import Images, is_raster, uses_of_site
from clamtex.outputs.images import html as images_html
from clamtex.outputs.images.pipeline import SIZES as IMAGE_SIZES
from clamtex.outputs.whole_site import cms_setup, finish_site
from clamtex.structure.languages import Languages
from clamtex.structure.plan import SitePlan
from clamtex.structure.project import cache_folder, settings_from_config
from clamtex.structure.validation import content_problems
from clamtex.structure.views import PageView, ViewFactory

log = logging.getLogger("mkdocs.plugins.clamtex")
# What editors must see without making a strict build fail: outside MkDocs' loggers
# (MkDocs counts their warnings), printed to stderr (logging's last resort) unless set up.
notice = logging.getLogger("clamtex")
_told: set[str] = set()  # lines said in this process (a preview rebuilds on every edit)
THEME_DIR = Path(__file__).parent / "theme"
AFTER_I18N = -110


class PageCache(Protocol):
    """The render cache's MkDocs wiring (build/render_cache.py), called from the events."""

    keys: dict[str, str]  # dest_uri -> entry key, every language of the run

    def new_run(self) -> None: ...
    def open(self, config: MkDocsConfig, files: Files, languages: Languages) -> None: ...
    def bytecode_cache(self) -> Any: ...
    def look_up(self, page: Page, files: Files, *inputs: str | bytes,
                in_nav: bool = True) -> None: ...
    def placed(self, pages: Iterable[Page], files: Files,
               config: MkDocsConfig) -> list[Page]: ...
    def store(self, page: Page, output: str) -> None: ...
    def finish(self, *, success: bool) -> None: ...


@dataclass(frozen=True)
class BuildRun:
    """What the build layer says about this run (build/render_cache.attach); a plain
    `mkdocs build` gets the defaults: no render cache, a search index, nothing reused."""

    page_cache: PageCache | None = None
    preview: bool = False  # `clamtex serve`: no search index
    reuse: Reuse | None = None  # the site this build replaces (cachefiles.place)


@dataclass
class LastBuild:
    """The files, navigation and Jinja environment of the plugin's last build."""

    files: Files
    nav: Any
    env: Any


class ClamtexPlugin(BasePlugin[ClamtexConfig]):
    """Turns the content model into a multilingual news site."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.plan: SitePlan | None = None
        self.languages: Languages | None = None
        self.views: ViewFactory | None = None
        self.listing_files: dict[str, Any] = {}  # src_uri -> Listing, current language
        self.site_url = ""
        self.site_config: MkDocsConfig | None = None
        self.run = BuildRun()  # set by the build layer before the build
        self.nav: Any = None
        self.last_build: LastBuild | None = None  # what a preview rebuilds pages with
        self.skipped: dict[File, InclusionLevel] = {}  # cached pages MkDocs must not build
        self.images: Images | None = None  # the image pipeline, prepared once per run
        self.raster_files: list[File] = []  # raster originals this build links to
        # Drafts and scheduled items built too, with a banner: set by `clamtex serve
        # --drafts` (build/preview.py) only, never from mkdocs.yml, so that no real build
        # can contain them.
        self.drafts = False
        self._kinds: tuple[ContentKind, ...] = ()

    @property
    def kinds(self) -> tuple[ContentKind, ...]:
        """The content kinds (clamtex.kinds), configured by this plugin's options."""
        if not self._kinds:
            self._kinds = kinds_for(self.config)
        return self._kinds

    # -- configuration ---------------------------------------------------------------

    @event_priority(AFTER_I18N)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        languages = Languages.from_config(config)
        self.languages = languages
        theme_dirs = config.theme.dirs
        if str(THEME_DIR) not in theme_dirs:
            # After the site's custom_dir (so a site can still override us), before Material.
            position = 1 if config.theme.custom_dir else 0
            theme_dirs.insert(position, str(THEME_DIR))
        # 404.html at the root (default language's build), <lang>/404.html in the others;
        # no per-build sitemap.xml: seo.py writes one for the whole site at the end.
        notfound.configure(config, languages)
        emails.configure(config)  # bare e-mail addresses in bodies become mailto: links
        skip_i18n_alternates(config)
        config.theme.static_templates.discard("sitemap.xml")
        # Video links become click-to-load players worded in this build's language.
        video.configure(config, load_strings(languages.current,
                                             self.config.strings.get(languages.current)))
        if self.site is None or not languages.nested:
            self.site = self.load(config, languages)
            if self.run.page_cache is not None:
                self.run.page_cache.new_run()
        self.make_plan(config)
        return config

    def make_plan(self, config: MkDocsConfig) -> None:
        """This language's plan and views, from the content model."""
        assert self.site is not None and self.languages is not None
        languages = self.languages
        # A one-language preview (build_only_locale) has no default-language files to fall
        # back to: it lists only what is translated.
        preview = languages.default != self.site.settings.default
        self.plan = SitePlan.build(
            self.site, languages, self.kinds,
            show_untranslated=self.config.show_untranslated and not preview)
        self.site_url = config.site_url or ""
        self.site_config = config
        self.views = self.make_views(languages.current)

    def make_views(self, lang: str) -> ViewFactory:
        """The ViewFactory of a language (the 404 page needs every language's)."""
        assert self.plan is not None
        strings = load_strings(lang, self.config.strings.get(lang),
                               project=branding.acronym(self.config, self.site_config))
        return ViewFactory(
            self.plan, strings, lang, self.site_url, self.config.funding.programme,
            self.config.tags, self.config.news_dir, self.config.home_news_count,
            options=self.config, images=self.images, kinds=self.kinds)

    def load(self, config: MkDocsConfig, languages: Languages,
             settings: Settings | None = None) -> Site:
        """Read and validate all content and wording once per run; stop on any error."""
        if settings is None:
            try:
                settings = replace(settings_from_config(config, self.kinds), drafts=self.drafts)
            except ProjectError as error:  # CLAMTEX_TODAY: one line
                raise PluginError(str(error)) from None
        site = load_site(settings, self.kinds)
        # The same lines as `clamtex check`: links included, each once for all languages.
        problems = content_problems(site, config, self.kinds)
        if not errors_in(problems):  # images named by valid content only
            self.images = Images(settings.content_dir, cache_folder(config),
                                 self.config.image_widths, quality=self.config.image_quality)
            problems += self.images.prepare(uses_of_site(site))
        for warning in (p for p in problems if p.severity == "warning"):
            log.info(str(warning))
        if errors_in(problems):
            raise PluginError(str(ContentError(problems)))
        return site

    # -- files -----------------------------------------------------------------------

    @event_priority(50)
    def _drop_unpublished(self, files: Files, config: MkDocsConfig) -> Files:
        """Before i18n picks translations: drop drafts, future items and untranslated stubs."""
        assert self.site is not None
        unpublished = {key for key, entry in self.site.entries.items()
                       if not self.site.is_published(entry)}
        stubs = {f"{lang}/{entry.key}" for entry in self.site.entries.values()
                 for lang in entry.stubs}
        assert self.languages is not None
        self.drop_left_out(files, config)
        if self.run.page_cache is not None:
            self.run.page_cache.open(config, files, self.languages)
        # Only the current language's files and the default's (its fallback) are built:
        # i18n need not sort out every language's files in every language's build.
        current, default = self.languages.current, self.languages.default
        others = set(self.site.settings.languages) - {current, default}  # all configured
        for file in list(files):
            lang, _, key = file.src_uri.partition("/")
            if lang in others or key in unpublished or file.src_uri in stubs:
                files.remove(file)
        if current != default:
            # A default-language page that this language translates is never built here
            # (i18n would pick the translation): spare i18n from sorting it out.
            translated = {f"{default}/{file.src_uri.partition('/')[2]}"
                          for file in files.documentation_pages()
                          if file.src_uri.startswith(f"{current}/")}
            for file in list(files.documentation_pages()):
                if file.src_uri in translated:
                    files.remove(file)
        return files

    def drop_left_out(self, files: Files, config: MkDocsConfig) -> None:
        """Drop what is never published (sources.JUNK: editor backups, system and hidden
        files): MkDocs would copy every non-Markdown file. The default language's build
        says once which were left out, in the lines `clamtex check` prints."""
        assert self.site is not None and self.languages is not None
        docs_dir = config.docs_dir
        dropped = set()
        for file in list(files):
            if file.src_dir == docs_dir and (part := sources.left_out(file.src_uri)):
                files.remove(file)
                dropped.add(part)
        if self.languages.current != self.languages.default:
            return
        shown = display(self.site.settings, self.site.settings.content_dir)
        for part in sorted(dropped):
            line = str(sources.left_out_problem(f"{shown}/{part}"))
            if line not in _told:
                _told.add(line)
                notice.warning(line)

    @event_priority(AFTER_I18N)
    def _add_generated(self, files: Files, config: MkDocsConfig) -> Files:
        """After i18n: add this language's listing pages and the emblem files."""
        assert self.plan is not None and self.languages is not None
        lang = self.languages.current
        plan = self.plan.by_lang[lang]
        assert self.site is not None
        for file in list(files):  # untranslated items this language does not list
            key = i18n_key(file)
            if key in self.site.entries and not plan.shows(key):
                files.remove(file)
        self.listing_files = self.listings_by_src_uri()
        prefix = self.languages.prefix(lang)
        for src_uri, listing in self.listing_files.items():
            key = listing.key
            file = File.generated(config, src_uri, content=f"# {key}\n")
            file.dest_uri = prefix + key[: -len(".md")] + ".html"
            as_i18n_file(file, lang, key)
            files.append(file)
        for src_uri, content in assets.generated_assets():
            if src_uri not in files.src_uris:
                files.append(File.generated(config, src_uri, content=content))
        return files

    on_files = CombinedEvent(_drop_unpublished, _add_generated)

    def listings_by_src_uri(self) -> dict[str, Any]:
        """This language's listing pages (generated files), by src_uri."""
        assert self.plan is not None and self.languages is not None
        lang = self.languages.current
        return {f"{lang}/{key}": listing
                for key, listing in self.plan.by_lang[lang].listings.items()}

    def pages_signature(self) -> tuple[frozenset[str], ...]:
        """What decides which pages this language's build has (see `on_files`): a preview
        whose edit changes it must build anew (preview.py)."""
        assert self.site is not None and self.plan is not None and self.languages is not None
        shown = self.plan.by_lang[self.languages.current]
        site = self.site
        return (frozenset(key for key, entry in site.entries.items() if site.is_published(entry)),
                frozenset(f"{lang}/{entry.key}" for entry in self.site.entries.values()
                          for lang in entry.stubs),
                frozenset(shown.listings), frozenset(shown.neighbours))

    @event_priority(-1000)
    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        self.nav = nav  # kept for a preview's rebuilds (see on_env)
        return nav

    # -- pages -----------------------------------------------------------------------

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        """Look the page up in the render cache before MkDocs reads it (a hit is written
        into the site now, and not rendered)."""
        if self.run.page_cache is not None:
            inputs: list[str | bytes] = [self.view_of(page).fingerprint]
            if self.images is not None:  # the variants its body images became
                inputs.append(self.images.body_signature(page.file.content_string,
                                                         page.file.src_uri))
            self.run.page_cache.look_up(page, files, *inputs, in_nav=self.nav is not None
                                        and page in self.nav.pages)
        return page

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        view = self.view_of(page)
        template = templates(self.kinds).get(view.kind)
        if template and "template" not in page.meta:
            page.meta["template"] = template
        if view.kind in full_width(self.kinds):
            page.meta.setdefault("hide", ["navigation", "toc"])
        else:
            page.meta.setdefault("hide", ["navigation"])
        if view.kind == "partner" and view.partner is not None:
            page.meta["title"] = view.partner.name
        if view.listing is not None:  # any kind's generated listing: no body of its own
            page.meta["title"] = view.listing_title
            markdown = ""
        return markdown

    def _body_pictures(self, html: str, page: Page, config: MkDocsConfig,
                       files: Files) -> str:
        """Local raster images of the body become <picture> elements (outputs/images)."""
        if self.images is None:
            return html
        return images_html.rewrite(html, page.url, self.images, IMAGE_SIZES["body"])

    @event_priority(AFTER_I18N)
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        context["clamtex"] = self.view_of(page)
        escaping.mark_html(page)  # the page's HTML values, marked in one place
        return context

    @event_priority(-1000)
    def _title_as_text(self, html: str, page: Page, config: MkDocsConfig,
                       files: Files) -> str:
        escaping.title_as_text(page)  # before any template shows the title (the nav)
        return html

    on_page_content = CombinedEvent(_body_pictures, _title_as_text)

    def on_template_context(self, context: Any, /, *, template_name: str,
                            config: MkDocsConfig) -> Any:
        if self.plan is not None and self.languages is not None:
            context = notfound.context(context, template_name, self.plan, self.languages,
                                       self.make_views, self.site_url)
        return context

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        assert self.languages is not None
        cached = self.run.page_cache
        if cached is not None:  # templates compiled once, not once per language build
            env.bytecode_cache = cached.bytecode_cache()  # None if it cannot be written
        escaping.install(env)  # autoescaping on for every template (docs/architecture.md)
        notfound.install(env, self.languages)
        env.globals["clamtex_social"] = seo.social
        env.globals["clamtex_image_sizes"] = IMAGE_SIZES
        env.globals["clamtex_colours"] = branding.colour_properties(self.config)
        self.last_build = LastBuild(files, self.nav, env)
        # Every page is read by now: MkDocs builds only the pages not found in the cache.
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        placed = cached.placed(pages, files, config) if cached is not None else []
        self.skipped = {page.file: page.file.inclusion for page in placed}
        # Raster originals are never copied as they are (they may carry GPS data): the
        # pipeline publishes their variants, or a clean copy of one only linked to.
        content = os.path.join(os.path.abspath(config.docs_dir), "")
        self.raster_files = [file for file in files
                             if not file.is_documentation_page() and is_raster(file.src_uri)
                             and file.inclusion.is_included() and file.abs_src_path
                             and os.path.abspath(file.abs_src_path).startswith(content)]
        for file in self.raster_files:
            self.skipped.setdefault(file, file.inclusion)
        for file in self.skipped:
            file.inclusion = InclusionLevel.EXCLUDED
        return env

    def _restore_skipped(self) -> None:
        for file, inclusion in self.skipped.items():
            file.inclusion = inclusion
        self.skipped = {}

    def _mark_searchable(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return search.mark_searchable(output, self.view_of(page), searchable(self.kinds))

    @event_priority(-1000)
    def _cache_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """After every other post_page handler: store a fresh page's file in the cache."""
        if self.run.page_cache is not None:
            self.run.page_cache.store(page, output)
        return output

    on_post_page = CombinedEvent(_mark_searchable, _cache_page)

    def view_of(self, page: Page) -> PageView:
        """The page's view, made once per page and kept on the page."""
        cached = getattr(page, "_clamtex_view", None)
        if cached is not None:
            return cached
        assert self.views is not None
        listing = self.listing_files.get(page.file.src_uri)
        if listing is not None:
            view = self.views.for_listing(listing)
        else:
            key = i18n_key(page.file, page.file.src_uri)
            view = self.views.for_page(key)
        page._clamtex_view = view  # type: ignore[attr-defined]
        return view

    # -- after each language ---------------------------------------------------------

    @event_priority(0)
    def _after_language(self, config: MkDocsConfig) -> None:
        """This language's own outputs; runs before i18n starts the next language's build."""
        assert self.views is not None
        self._restore_skipped()
        self.publish_images(Path(config.site_dir))
        for kind in self.kinds:  # feeds, calendars
            kind.write(Path(config.site_dir), self.views)
        if self.run.page_cache is not None:
            self.run.page_cache.finish(success=True)

    def publish_images(self, site_dir: Path) -> None:
        """The variants this language's pages use; clean copies of rasters only linked to."""
        if self.images is None:
            return
        try:
            self.images.publish(site_dir)
            for file in self.raster_files:
                if file.src_uri not in self.images.entries:
                    self.images.publish_copy(file.src_uri, site_dir)
        except OSError as error:
            raise PluginError(f"images: {error}") from None
        self.raster_files = []

    def on_build_error(self, error: Exception) -> None:
        self._restore_skipped()
        if self.run.page_cache is not None:
            self.run.page_cache.finish(success=False)

    @event_priority(-120)
    def _after_site(self, config: MkDocsConfig) -> None:
        """Whole-site outputs, once, after i18n has built every language."""
        assert self.plan is not None
        if not Languages.from_config(config).nested:
            finish_site(Path(config.site_dir), self.plan, config.site_url or "",
                        cache_folder(config), search_index=not self.run.preview,
                        known=self.page_keys(), admin=cms_setup(config, self.kinds),
                        reuse=self.run.reuse)

    on_post_build = CombinedEvent(_after_language, _after_site)

    def whole_site_plan(self, config: MkDocsConfig) -> SitePlan:
        """The plan of every language, outside a build (parallel.py's merge step)."""
        languages = Languages.from_config(config)
        if self.site is None:
            self.site = self.load(config, languages)
        return SitePlan.build(self.site, languages, self.kinds,
                              show_untranslated=self.config.show_untranslated)

    def page_keys(self) -> dict[str, str]:
        """The render-cache keys of this run's pages, by dest_uri (for the search index)."""
        return self.run.page_cache.keys if self.run.page_cache is not None else {}
