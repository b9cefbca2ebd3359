"""The `clamtex` MkDocs plugin: event wiring only; each event hands its work to a module.

mkdocs-static-i18n runs one build per language on one config object, so every handler
here is idempotent, and the ones that need the current language run after i18n's (-100).
What the build layer (build/) knows about the run reaches the plugin as one `BuildRun`
(run.py); the plugin never imports that layer. MkDocs' and i18n's private parts are used
only through mkdocs_internals.py. The work: loading.py (the model), files.py (which files a
language's build has), pages.py (what a view decides of its page), the kinds (views,
feeds, calendars), outputs/ (escaping, images, search, 404, whole-site files).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from clamtex.config import ClamtexConfig
from clamtex.content.model import Settings, Site
from clamtex.kinds import ContentKind, full_width, kinds_for, searchable, templates
from clamtex.outputs import escaping, notfound, search
from clamtex.outputs.images import Images
from clamtex.outputs.images import html as images_html
from clamtex.outputs.images.pipeline import SIZES as IMAGE_SIZES
from clamtex.outputs.whole_site import cms_setup, finish_site
from clamtex.plugin import files as selection
from clamtex.plugin import loading, pages, setup
from clamtex.plugin.run import BuildRun, LastBuild, PageCache
from clamtex.structure.languages import Languages
from clamtex.structure.listings import Listing
from clamtex.structure.plan import SitePlan
from clamtex.structure.project import cache_folder
from clamtex.structure.views import PageView, ViewFactory

__all__ = ["BuildRun", "ClamtexPlugin", "LastBuild", "PageCache"]

AFTER_I18N = -110


class ClamtexPlugin(BasePlugin[ClamtexConfig]):
    """Turns the content model into a multilingual news site."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.plan: SitePlan | None = None
        self.languages: Languages | None = None
        self.views: ViewFactory | None = None
        self.listing_files: dict[str, Listing] = {}  # src_uri -> Listing, current language
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
        self.told: set[str] = set()  # left-out lines said (a preview rebuilds on every edit)

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
        setup.configure(config, languages, self.config)
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
        assert self.plan is not None and self.site_config is not None
        return loading.views_for(self.plan, lang, self.config, self.site_config,
                                 self.images, self.kinds)

    def load(self, config: MkDocsConfig, languages: Languages,
             settings: Settings | None = None) -> Site:
        """Read and validate all content and wording once per run; stop on any error."""
        site, self.images = loading.load(config, self.config, self.kinds, drafts=self.drafts,
                                         settings=settings)
        return site

    # -- files -----------------------------------------------------------------------

    @event_priority(50)
    def _drop_unpublished(self, files: Files, config: MkDocsConfig) -> Files:
        """Before i18n picks translations: drop drafts, future items and untranslated stubs."""
        assert self.site is not None and self.languages is not None
        selection.drop_unpublished(files, self.site, self.languages, config, self.told)
        if self.run.page_cache is not None:
            self.run.page_cache.open(config, files, self.languages)
        return files

    @event_priority(AFTER_I18N)
    def _add_generated(self, files: Files, config: MkDocsConfig) -> Files:
        """After i18n: add this language's listing pages and the emblem files."""
        assert self.site is not None and self.plan is not None and self.languages is not None
        self.listing_files = selection.add_generated(files, self.site, self.plan,
                                                     self.languages, config)
        return files

    on_files = CombinedEvent(_drop_unpublished, _add_generated)

    def listings_by_src_uri(self) -> dict[str, Listing]:
        """This language's listing pages (generated files), by src_uri."""
        assert self.plan is not None and self.languages is not None
        return selection.listings_by_src_uri(self.plan, self.languages.current)

    def pages_signature(self) -> tuple[frozenset[str], ...]:
        """What decides which pages this language's build has (files.signature)."""
        assert self.site is not None and self.plan is not None and self.languages is not None
        return selection.signature(self.site, self.plan, self.languages.current)

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
        return pages.apply_view(page, markdown, self.view_of(page), templates(self.kinds),
                                full_width(self.kinds))

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
        setup.install(env, self.languages, self.config)
        self.last_build = LastBuild(files, self.nav, env)
        # Every page is read by now: MkDocs builds only the pages not found in the cache.
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        placed = cached.placed(pages, files, config) if cached is not None else []
        self.raster_files = selection.raster_originals(files, config)  # never copied as is
        self.skipped = selection.exclude([page.file for page in placed] + self.raster_files)
        return env

    def _restore_skipped(self) -> None:
        selection.restore(self.skipped)
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
        assert self.views is not None
        return pages.view_of(page, self.views, self.listing_files)

    # -- after each language ---------------------------------------------------------

    @event_priority(0)
    def _after_language(self, config: MkDocsConfig) -> None:
        """This language's own outputs; runs before i18n starts the next language's build."""
        assert self.views is not None
        self._restore_skipped()
        setup.publish_images(self.images, self.raster_files, Path(config.site_dir))
        self.raster_files = []
        for kind in self.kinds:  # feeds, calendars
            kind.write(Path(config.site_dir), self.views)
        if self.run.page_cache is not None:
            self.run.page_cache.finish(success=True)

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
