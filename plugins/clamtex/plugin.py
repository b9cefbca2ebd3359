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

from . import assets, deploy, feeds, notfound, search, seo
from .config import ClamtexConfig
from .l10n import check_strings, load_strings
from .languages import Languages
from .model import NewsItem, Site, load_site
from .plan import SitePlan
from .problems import ContentError, errors_in
from .project import settings_from_config
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
        self.site_url = ""

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
        config.theme.static_templates.discard("sitemap.xml")
        if self.site is None or not languages.nested:
            self.site = self.load(config, languages)
        # A one-language preview (build_only_locale) has no default-language files to fall
        # back to: it lists only what is translated.
        preview = languages.default != self.site.settings.default
        self.plan = SitePlan.build(
            self.site, languages, news_dir=self.config.news_dir,
            per_page=self.config.news_per_page,
            show_untranslated=self.config.show_untranslated and not preview)
        self.site_url = config.site_url or ""
        self.views = self.make_views(languages.current)
        return config

    def make_views(self, lang: str) -> ViewFactory:
        """The ViewFactory of a language (the 404 page needs every language's)."""
        assert self.plan is not None
        strings = load_strings(lang, self.config.strings.get(lang))
        return ViewFactory(
            self.plan, strings, lang, self.site_url, self.config.funding.programme,
            self.config.tags, self.config.news_dir, self.config.home_news_count)

    def load(self, config: MkDocsConfig, languages: Languages) -> Site:
        """Read and validate all content and wording once per run; stop on any error."""
        settings = settings_from_config(config)
        site = load_site(settings)
        problems = site.problems + check_strings(
            list(settings.languages), self.config.funding.programme, self.config.strings)
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
            _, _, key = file.src_uri.partition("/")
            if key in unpublished or file.src_uri in stubs:
                files.remove(file)
        return files

    @event_priority(AFTER_I18N)
    def _add_generated(self, files: Files, config: MkDocsConfig) -> Files:
        """After i18n: add this language's listing pages and the emblem files."""
        assert self.plan is not None and self.languages is not None
        lang = self.languages.current
        plan = self.plan.by_lang[lang]
        for file in list(files):  # untranslated items this language does not list
            key = getattr(file, "norm_src_uri", "")
            if isinstance(self.site.entries.get(key), NewsItem) and not plan.shows(key):
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
        if self.plan is not None and self.languages is not None:
            context = notfound.context(context, template_name, self.plan, self.languages,
                                       self.make_views, self.site_url)
        return context

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        assert self.languages is not None
        notfound.install(env, self.languages)
        env.globals["clamtex_social"] = seo.social
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return search.mark_searchable(output, self.view_of(page))

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

    @event_priority(0)
    def _after_language(self, config: MkDocsConfig) -> None:
        """This language's own outputs; runs before i18n starts the next language's build."""
        assert self.views is not None
        feeds.write_feeds(Path(config.site_dir), self.views, self.config.feed_size)

    @event_priority(-120)
    def _after_site(self, config: MkDocsConfig) -> None:
        """Whole-site outputs, once, after i18n has built every language."""
        assert self.plan is not None
        if not Languages.from_config(config).nested:
            finish_site(Path(config.site_dir), self.plan, config.site_url or "")

    on_post_build = CombinedEvent(_after_language, _after_site)

    def whole_site_plan(self, config: MkDocsConfig) -> SitePlan:
        """The plan of every language, outside a build (parallel.py's merge step)."""
        languages = Languages.from_config(config)
        if self.site is None:
            self.site = self.load(config, languages)
        return SitePlan.build(
            self.site, languages, news_dir=self.config.news_dir,
            per_page=self.config.news_per_page, show_untranslated=self.config.show_untranslated)


def finish_site(site_dir: Path, plan: SitePlan, site_url: str) -> None:
    """Whole-site outputs (CNAME, sitemap, robots.txt, search index) of a finished site.

    Called once after every language is written, by a plain build and by parallel.py.
    """
    deploy.write_cname(site_dir, site_url)
    seo.write_site_files(site_dir, plan, site_url)
    try:
        search.index_site(site_dir)
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None
