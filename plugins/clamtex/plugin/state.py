"""What a build run knows of the content: the model (read once per run), and the plan,
views and listing pages of the language being built.

The plugin's events fill it in; the build layer (a preview's page rebuilds, the parallel
build's merge step) asks it, through the plugin's `content`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from clamtex.config import ClamtexConfig
from clamtex.content.model import Settings, Site
from clamtex.kinds import ContentKind
from clamtex.outputs.images import Images
from clamtex.plugin import files as selection
from clamtex.plugin import loading, pages
from clamtex.structure.languages import Languages
from clamtex.structure.listings import Listing
from clamtex.structure.plan import SitePlan
from clamtex.structure.views import PageView, ViewFactory


@dataclass
class ContentState:
    """The content of one run, and of its current language."""

    options: ClamtexConfig
    kinds: tuple[ContentKind, ...]
    # Drafts and scheduled items built too, with a banner: set by `clamtex serve --drafts`
    # (build/preview.py) only, never from mkdocs.yml, so that no real build has them.
    drafts: bool = False
    site: Site | None = None
    images: Images | None = None  # the image pipeline, prepared once per run
    languages: Languages | None = None
    plan: SitePlan | None = None
    views: ViewFactory | None = None
    listing_files: dict[str, Listing] = field(default_factory=dict)  # by src_uri
    config: MkDocsConfig | None = None
    told: set[str] = field(default_factory=set)  # left-out lines said (a preview rebuilds)

    def start_language(self, config: MkDocsConfig, languages: Languages) -> bool:
        """A language's build begins (i18n runs one per language on one config): read the
        content on the run's first, then this language's plan. Whether it was read."""
        self.languages = languages
        fresh = self.site is None or not languages.nested
        if fresh:
            self.site = self.load(config)
        self.make_plan(config)
        return fresh

    def load(self, config: MkDocsConfig, settings: Settings | None = None) -> Site:
        """Read and validate all content and wording; stop on any error."""
        site, self.images = loading.load(config, self.options, self.kinds,
                                         drafts=self.drafts, settings=settings)
        return site

    def make_plan(self, config: MkDocsConfig) -> None:
        """This language's plan and views, from the content model."""
        assert self.site is not None and self.languages is not None
        # A one-language preview (build_only_locale) has no default-language files to fall
        # back to: it lists only what is translated.
        preview = self.languages.default != self.site.settings.default
        self.plan = SitePlan.build(
            self.site, self.languages, self.kinds,
            show_untranslated=self.options.show_untranslated and not preview)
        self.config = config
        self.views = self.views_for(self.languages.current)

    def reload(self, config: MkDocsConfig) -> bool:
        """Read the content again (mkdocs.yml is unchanged: so are the settings) for a
        preview's page rebuild; False when this language's set of pages changed."""
        assert self.site is not None
        before = self.pages_signature()
        self.site = self.load(config, self.site.settings)
        self.make_plan(config)
        if self.pages_signature() != before:
            return False
        self.listing_files = self.listings_by_src_uri()
        return True

    def views_for(self, lang: str) -> ViewFactory:
        """The ViewFactory of a language (the 404 page needs every language's)."""
        assert self.plan is not None and self.config is not None
        return loading.views_for(self.plan, lang, self.options, self.config, self.images,
                                 self.kinds)

    def view_of(self, page: Page) -> PageView:
        """The page's view, made once per page and kept on the page."""
        assert self.views is not None
        return pages.view_of(page, self.views, self.listing_files)

    def listings_by_src_uri(self) -> dict[str, Listing]:
        """This language's listing pages (generated files), by src_uri."""
        assert self.plan is not None and self.languages is not None
        return selection.listings_by_src_uri(self.plan, self.languages.current)

    def pages_signature(self) -> tuple[frozenset[str], ...]:
        """What decides which pages this language's build has (files.signature)."""
        assert self.site is not None and self.plan is not None and self.languages is not None
        return selection.signature(self.site, self.plan, self.languages.current)

    def whole_site_plan(self, config: MkDocsConfig) -> SitePlan:
        """The plan of every language, outside a build (parallel.py's merge step)."""
        languages = Languages.from_config(config)
        if self.site is None:
            self.languages = languages
            self.site = self.load(config)
        return SitePlan.build(self.site, languages, self.kinds,
                              show_untranslated=self.options.show_untranslated)
