"""Plain pages: the home page, the project's pages, the partners overview, legal pages.

The kind that claims every file no other kind claims (registered last).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from clamtex.content.frontmatter import SourceFile
from clamtex.content.model import PAGE_FIELDS, Entry, Loader, Page, Site, Text
from clamtex.kinds.base import ContentKind
from clamtex.outputs.cms import CmsCollection
from clamtex.structure.publisher import facts_for, social_links
from clamtex.structure.views import Link, PageView, ViewFactory

HOME = "index.md"


class Pages(ContentKind):
    name = "page"
    fields = PAGE_FIELDS
    load_order = 90
    templates: ClassVar[Mapping[str, str]] = {
        "home": "clamtex/home.html", "partners": "clamtex/partners.html",
        "legal": "clamtex/legal.html", "contact": "clamtex/contact.html"}
    full_width = frozenset({"home", "partners", "contact"})
    searchable = frozenset({"page", "legal", "contact"})
    collection = "pages"

    def claims(self, key: str) -> bool:
        return True

    def load(self, loader: Loader, key: str, source: SourceFile,
             fields: dict[str, Any]) -> Entry | None:
        loader.check_file_name("page", key, source)
        page = Page(key=key, default=source.lang)
        page.texts[source.lang] = Text(source.lang, source, fields.get("title", key),
                                       fields.get("summary", ""))
        loader.site.pages[key] = page
        return page

    def cms_collection(self, site: Site) -> CmsCollection:
        """One file each: the pages that exist (the news listings are generated)."""
        news = site.settings.news_dir
        keys = [key for key in sorted(site.pages) if not key.startswith(f"{news}/")]
        return CmsCollection("Pages", files=tuple(
            (key.removesuffix(".md").replace("/", "-"),
             site.pages[key].texts[site.settings.default].title,
             f"content/{{{{locale}}}}/{key}") for key in keys))

    def page_view(self, views: ViewFactory, entry: Entry) -> PageView:
        key = entry.key
        site = views.plan.site
        if key == HOME:
            view = views.base("home", key)
            view.cards = [views.news_card(item)
                          for item in views.plan.by_lang[views.lang].news[: views.home_news]]
            view.partner_cards = [views.partner_card(p) for p in site.partners.values()]
        elif key in views.legal:
            legal_kind = views.legal[key]
            view = views.base("contact" if legal_kind == "contact" else "legal", key)
            view.legal_kind = legal_kind
            view.legal_facts = facts_for(views.options, legal_kind)
            if legal_kind == "contact":
                view.partner_cards = [views.partner_card(p) for p in site.partners.values()]
                view.social = tuple(Link(name, url)
                                    for name, url in social_links(views.options))
        elif key == f"{site.settings.partners_dir}/index.md":
            view = views.base("partners", key)
            view.partner_cards = [views.partner_card(p) for p in site.partners.values()]
        else:
            view = views.base("page", key)
        return view
