"""What a page's view decides about its MkDocs page: template, width, title, body."""

from __future__ import annotations

from collections.abc import Mapping, Set

from mkdocs.structure.pages import Page

from clamtex.mkdocs_internals import i18n_key
from clamtex.structure.listings import Listing
from clamtex.structure.views import PageView, ViewFactory


def view_of(page: Page, views: ViewFactory, listings: Mapping[str, Listing]) -> PageView:
    """The page's view (a listing's or an entry's), made once per page and kept on it."""
    cached = getattr(page, "_clamtex_view", None)
    if cached is not None:
        return cached
    listing = listings.get(page.file.src_uri)
    if listing is not None:
        view = views.for_listing(listing)
    else:
        view = views.for_page(i18n_key(page.file, page.file.src_uri))
    page._clamtex_view = view  # type: ignore[attr-defined]
    return view


def apply_view(page: Page, markdown: str, view: PageView, templates: Mapping[str, str],
               full_width: Set[str]) -> str:
    """Set the page's template (its kind's, unless the page names one), its width and
    title; the Markdown to render (a generated listing has no body of its own)."""
    template = templates.get(view.kind)
    if template and "template" not in page.meta:
        page.meta["template"] = template
    if view.kind in full_width:
        page.meta.setdefault("hide", ["navigation", "toc"])
    else:
        page.meta.setdefault("hide", ["navigation"])
    if view.kind == "partner" and view.partner is not None:
        page.meta["title"] = view.partner.name
    if view.listing is not None:  # any kind's generated listing
        page.meta["title"] = view.listing_title
        return ""
    return markdown
