"""The `clamtex` MkDocs plugin: event wiring only; each event hands its work to a module.

mkdocs-static-i18n runs one build per language on one config object, so every handler
is idempotent, and the ones that need the current language run after i18n's (-100). The
content (model, plan, views) is a `ContentState` (state.py); what the build layer knows of
the run is a `BuildRun` (run.py): the plugin never imports that layer, nor MkDocs' private
parts (mkdocs_internals.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from clamtex.config import ClamtexConfig
from clamtex.kinds import full_width, kinds_for, searchable, templates
from clamtex.outputs import escaping, notfound, search
from clamtex.outputs.images import html as images_html
from clamtex.outputs.images.pipeline import SIZES as IMAGE_SIZES
from clamtex.outputs.whole_site import cms_setup, finish_site
from clamtex.plugin import files as selection
from clamtex.plugin import pages, setup
from clamtex.plugin.run import BuildRun, LastBuild, PageCache
from clamtex.plugin.state import ContentState
from clamtex.structure.languages import Languages
from clamtex.structure.project import cache_folder

__all__ = ["BuildRun", "ClamtexPlugin", "ContentState", "LastBuild", "PageCache"]

AFTER_I18N = -110


class ClamtexPlugin(BasePlugin[ClamtexConfig]):
    """Turns the content model into a multilingual news site."""

    def __init__(self) -> None:
        self._content: ContentState | None = None
        self.run = BuildRun()  # set by the build layer before the build
        self.nav: Any = None
        self.last_build: LastBuild | None = None  # what a preview rebuilds pages with
        self.skipped: dict[File, InclusionLevel] = {}  # cached pages MkDocs must not build
        self.raster_files: list[File] = []  # raster originals this build links to

    @property
    def content(self) -> ContentState:
        """The run's content, with the kinds (clamtex.kinds) this plugin's options make."""
        if self._content is None:
            self._content = ContentState(self.config, kinds_for(self.config))
        return self._content

    @event_priority(AFTER_I18N)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        languages = Languages.from_config(config)
        setup.configure(config, languages, self.config)
        fresh = self.content.start_language(config, languages)  # the run's first language
        if fresh and self.run.page_cache is not None:
            self.run.page_cache.new_run()
        return config

    # -- files -----------------------------------------------------------------------

    @event_priority(50)
    def _drop_unpublished(self, files: Files, config: MkDocsConfig) -> Files:
        """Before i18n picks translations: drop drafts, future items and untranslated stubs."""
        content = self.content
        assert content.site is not None and content.languages is not None
        selection.drop_unpublished(files, content.site, content.languages, config, content.told)
        if self.run.page_cache is not None:
            self.run.page_cache.open(config, files, content.languages)
        return files

    @event_priority(AFTER_I18N)
    def _add_generated(self, files: Files, config: MkDocsConfig) -> Files:
        """After i18n: add this language's listing pages and the emblem files."""
        content = self.content
        assert content.site and content.plan and content.languages
        content.listing_files = selection.add_generated(files, content.site, content.plan,
                                                        content.languages, config)
        return files

    on_files = CombinedEvent(_drop_unpublished, _add_generated)

    @event_priority(-1000)
    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        self.nav = nav  # kept for a preview's rebuilds (see on_env)
        return nav

    # -- pages -----------------------------------------------------------------------

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        """Look the page up in the render cache before MkDocs reads it (a hit is written
        into the site now, and not rendered)."""
        if self.run.page_cache is not None:
            inputs: list[str | bytes] = [self.content.view_of(page).fingerprint]
            if (images := self.content.images) is not None:  # its body images' variants
                inputs.append(images.body_signature(page.file.content_string,
                                                    page.file.src_uri))
            self.run.page_cache.look_up(page, files, *inputs, in_nav=self.nav is not None
                                        and page in self.nav.pages)
        return page

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        kinds = self.content.kinds
        return pages.apply_view(page, markdown, self.content.view_of(page), templates(kinds),
                                full_width(kinds))

    def _body_pictures(self, html: str, page: Page, config: MkDocsConfig,
                       files: Files) -> str:
        """Local raster images of the body become <picture> elements (outputs/images)."""
        if (images := self.content.images) is None:
            return html
        return images_html.rewrite(html, page.url, images, IMAGE_SIZES["body"])

    @event_priority(AFTER_I18N)
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        context["clamtex"] = self.content.view_of(page)
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
        content = self.content
        if content.plan is not None and content.languages is not None:
            context = notfound.context(context, template_name, content.plan,
                                       content.languages, content.views_for,
                                       config.site_url or "")
        return context

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        assert self.content.languages is not None
        cached = self.run.page_cache
        if cached is not None:  # templates compiled once, not once per language build
            env.bytecode_cache = cached.bytecode_cache()  # None if it cannot be written
        setup.install(env, self.content.languages, self.config)
        self.last_build = LastBuild(files, self.nav, env)
        # Every page is read by now: MkDocs builds only the pages not found in the cache.
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        placed = cached.placed(pages, files, config) if cached is not None else []
        self.raster_files = selection.raster_originals(files, config)  # never copied as is
        self.skipped = selection.exclude([page.file for page in placed] + self.raster_files)
        return env

    def _mark_searchable(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return search.mark_searchable(output, self.content.view_of(page),
                                      searchable(self.content.kinds))

    @event_priority(-1000)
    def _cache_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """After every other post_page handler: store a fresh page's file in the cache."""
        if self.run.page_cache is not None:
            self.run.page_cache.store(page, output)
        return output

    on_post_page = CombinedEvent(_mark_searchable, _cache_page)

    # -- after each language ---------------------------------------------------------

    @event_priority(0)
    def _after_language(self, config: MkDocsConfig) -> None:
        """This language's own outputs; runs before i18n starts the next language's build."""
        assert self.content.views is not None
        self.skipped = selection.restore(self.skipped)
        setup.publish_images(self.content.images, self.raster_files, Path(config.site_dir))
        self.raster_files = []
        for kind in self.content.kinds:  # feeds, calendars
            kind.write(Path(config.site_dir), self.content.views)
        if self.run.page_cache is not None:
            self.run.page_cache.finish(success=True)

    def on_build_error(self, error: Exception) -> None:
        self.skipped = selection.restore(self.skipped)
        if self.run.page_cache is not None:
            self.run.page_cache.finish(success=False)

    @event_priority(-120)
    def _after_site(self, config: MkDocsConfig) -> None:
        """Whole-site outputs, once, after i18n has built every language."""
        assert self.content.plan is not None
        if not Languages.from_config(config).nested:
            finish_site(Path(config.site_dir), self.content.plan, config.site_url or "",
                        cache_folder(config), search_index=not self.run.preview,
                        known=self.run.page_keys(), admin=cms_setup(config, self.content.kinds),
                        reuse=self.run.reuse)

    on_post_build = CombinedEvent(_after_language, _after_site)
