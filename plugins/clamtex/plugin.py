"""The `clamtex` MkDocs plugin: event wiring only; the work is done in the modules it calls.

mkdocs-static-i18n runs one build per language on one config object, so every handler
here is idempotent, and the ones that need the current language run after i18n's (-100).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import assets, feeds
from .config import ClamtexConfig
from .l10n import check_strings, load_strings
from .languages import Languages
from .model import Settings, Site, load_site
from .plan import SitePlan
from .problems import ContentError, errors_in
from .views import PageView, ViewFactory

log = logging.getLogger("mkdocs.plugins.clamtex")
THEME_DIR = Path(__file__).parent / "theme"
AFTER_I18N = -110

TEMPLATES = {
    "home": "clamtex/home.html",
    "news": "clamtex/article.html",
    "partner": "clamtex/partner.html",
    "partners": "clamtex/partners.html",
    "listing": "clamtex/listing.html",
}

FULL_WIDTH = ("home", "listing", "partners", "partner")


class ClamtexPlugin(BasePlugin[ClamtexConfig]):
    """Turns the content model into a multilingual news site."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.plan: SitePlan | None = None
        self.languages: Languages | None = None
        self.views: ViewFactory | None = None
        self.listing_files: dict[str, Any] = {}  # src_uri -> Listing, current language

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
        # Static templates (404.html) render to the site root: only the default language's.
        if languages.current == languages.default:
            config.theme.static_templates.add("404.html")
        else:
            config.theme.static_templates.discard("404.html")
        if self.site is None or not languages.nested:
            self.site = self.load(config, languages)
        self.plan = SitePlan.build(
            self.site, languages, news_dir=self.config.news_dir,
            per_page=self.config.news_per_page, show_untranslated=self.config.show_untranslated)
        strings = load_strings(languages.current, self.config.strings.get(languages.current))
        self.views = ViewFactory(
            self.plan, strings, languages.current, config.site_url or "",
            self.config.funding.programme, self.config.tags, self.config.news_dir,
            self.config.home_news_count)
        return config

    def load(self, config: MkDocsConfig, languages: Languages) -> Site:
        """Read and validate all content and wording once per run; stop on any error."""
        settings = Settings(
            content_dir=Path(config.docs_dir), languages=languages.codes,
            default=languages.default, tags=self.config.tags,
            partners_order=tuple(self.config.partners_order),
            news_dir=self.config.news_dir, partners_dir=self.config.partners_dir,
            show_future=self.config.show_future,
            display_root=Path(config.config_file_path or config.docs_dir).parent)
        site = load_site(settings)
        problems = site.problems + check_strings(
            list(languages.codes), self.config.funding.programme, self.config.strings)
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
        published = {item.key for item in self.site.published_news}
        unpublished = {item.key for item in self.site.news} - published
        stubs = {f"{lang}/{entry.key}" for entry in self.site.entries.values()
                 for lang in entry.stubs}
        for file in list(files):
            lang, _, key = file.src_uri.partition("/")
            if key in unpublished or file.src_uri in stubs:
                files.remove(file)
        return files

    @event_priority(AFTER_I18N)
    def _add_generated(self, files: Files, config: MkDocsConfig) -> Files:
        """After i18n: add this language's listing pages and the emblem files."""
        assert self.plan is not None and self.languages is not None
        lang = self.languages.current
        plan = self.plan.by_lang[lang]
        if not self.config.show_untranslated:
            for file in list(files):
                key = getattr(file, "norm_src_uri", None)
                if key in self.site.entries and getattr(file, "locale", lang) != lang:
                    if key not in plan.neighbours:
                        files.remove(file)
        self.listing_files = {}
        prefix = self.languages.prefix(lang)
        for key, listing in plan.listings.items():
            src_uri = f"{lang}/{key}"
            file = File.generated(config, src_uri, content=f"# {key}\n")
            file.dest_uri = prefix + key[: -len(".md")] + ".html"
            file.locale = lang
            file.localization = lang
            file.locale_alternate_of = lang
            file.norm_src_uri = key
            file.alternates = {lang: file}
            files.append(file)
            self.listing_files[src_uri] = listing
        for src_uri, content in assets.generated_assets():
            if src_uri not in files.src_uris:
                files.append(File.generated(config, src_uri, content=content))
        return files

    on_files = CombinedEvent(_drop_unpublished, _add_generated)

    # -- pages -----------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        view = self.view_of(page)
        template = TEMPLATES.get(view.kind)
        if template and "template" not in page.meta:
            page.meta["template"] = template
        if view.kind in FULL_WIDTH:
            page.meta.setdefault("hide", ["navigation", "toc"])
        else:
            page.meta.setdefault("hide", ["navigation"])
        if view.kind == "partner" and view.partner is not None:
            page.meta["title"] = view.partner.name
        if view.kind == "listing":
            page.meta["title"] = view.listing_title
            return ""
        return markdown

    @event_priority(AFTER_I18N)
    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig,
                        nav: Any) -> dict[str, Any]:
        context["clamtex"] = self.view_of(page)
        return context

    def on_template_context(self, context: dict[str, Any], template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        if template_name == "404.html" and self.views is not None:
            context["clamtex"] = self.views.for_not_found()
        return context

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
            key = getattr(page.file, "norm_src_uri", page.file.src_uri)
            view = self.views.for_page(key, is_home=key == "index.md")
        page._clamtex_view = view  # type: ignore[attr-defined]
        return view

    # -- after each language ---------------------------------------------------------

    @event_priority(-120)
    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.plan is not None and self.views is not None and self.languages is not None
        feeds.write_feeds(Path(config.site_dir), self.views, self.config.feed_size)
