"""What search engines and social networks read: hreflang sets, the sitemap, robots.txt,
Open Graph / Twitter card meta and NewsArticle JSON-LD.

The sitemap is computed once per run from the SitePlan (every language's pages are known
from the model), so it costs O(pages) and agrees with the pages' own hreflang links.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from clamtex.l10n.strings import locale_of
from clamtex.outputs import branding, escaping, jsonld
from clamtex.structure.plan import SitePlan
from clamtex.structure.views import PageView

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# Social networks ignore SVG: pages without a photo of their own get the site's 1200x630
# image (plugins.clamtex.project.social_image), when it has one.
DEFAULT_IMAGE_SIZE = (1200, 630)
RASTER = (".png", ".jpg", ".jpeg", ".webp", ".gif")


# -- hreflang -------------------------------------------------------------------------


def hreflang(plan: SitePlan, lang: str, key: str) -> list[tuple[str, str]]:
    """(hreflang, site-root-relative URL) pairs of a page as `lang` declares it.

    Only languages in which the page really exists (no fallback), plus x-default (the
    default language's version) when that exists; nothing for a fallback page.
    """
    if not plan.translated(lang, key):
        return []
    pairs = [(code, plan.url(code, key)) for code in plan.languages.codes
             if plan.translated(code, key)]
    default = plan.languages.default
    if plan.translated(default, key):
        pairs.append(("x-default", plan.url(default, key)))
    return pairs


# -- sitemap and robots.txt -----------------------------------------------------------


def page_keys(plan: SitePlan) -> list[str]:
    """Every page key of the site: content entries, then generated listings."""
    keys = list(plan.site.entries)
    seen = set(keys)
    for lang_plan in plan.by_lang.values():
        for key in lang_plan.listings:
            if key not in seen:
                seen.add(key)
                keys.append(key)
    return keys


def lastmod(plan: SitePlan, lang: str, key: str) -> str:
    """A news item's date; a listing's newest item's date; '' for undated pages."""
    entry = plan.site.entry(key)
    if entry is not None:
        day = entry.lastmod()
        return day.isoformat() if day else ""
    listing = plan.by_lang[lang].listings.get(key)
    days = [day for item in listing.items if (day := item.lastmod())] if listing else []
    return max(days).isoformat() if days else ""


def sitemap_xml(plan: SitePlan, site_url: str) -> str:
    """One sitemap for the whole site: every canonical URL, with its xhtml:link alternates."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    base = site_url.rstrip("/") + "/"
    default = plan.languages.default
    for key in page_keys(plan):
        # The languages the page really exists in (fallback pages are not canonical).
        codes = [code for code in plan.languages.codes if plan.translated(code, key)]
        links = [(code, base + plan.url(code, key)) for code in codes]
        if default in codes:
            links.append(("x-default", base + plan.url(default, key)))
        alternates = [f'    <xhtml:link rel="alternate" hreflang={quoteattr(code)} '
                      f"href={quoteattr(url)}/>" for code, url in links]
        for code, url in links[: len(codes)]:
            lines.append("  <url>")
            lines.append(f"    <loc>{escape(url)}</loc>")
            modified = lastmod(plan, code, key)
            if modified:
                lines.append(f"    <lastmod>{modified}</lastmod>")
            lines.extend(alternates)
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str, disallow: tuple[str, ...] = ()) -> str:
    """robots.txt; `disallow`: folders of the site (e.g. admin/) that crawlers must skip."""
    base = urlparse(site_url).path or "/"
    rules = "".join(f"Disallow: {base.rstrip('/')}/{folder}\n" for folder in disallow)
    return f"User-agent: *\n{rules}Allow: /\n\nSitemap: {urljoin(site_url, SITEMAP)}\n"


def write_site_files(site_dir: Path, plan: SitePlan, site_url: str,
                     disallow: tuple[str, ...] = ()) -> None:
    """Write sitemap.xml and robots.txt at the site root; remove MkDocs' per-build sitemap."""
    (site_dir / f"{SITEMAP}.gz").unlink(missing_ok=True)
    (site_dir / SITEMAP).write_text(sitemap_xml(plan, site_url), encoding="utf-8")
    (site_dir / ROBOTS).write_text(robots_txt(site_url, disallow), encoding="utf-8")


# -- Open Graph, Twitter card, JSON-LD ------------------------------------------------


@dataclass(frozen=True)
class Social:
    """The social-preview facts of one page, absolute URLs throughout."""

    title: str
    description: str
    url: str
    type: str  # article | website
    site_name: str
    locale: str
    locale_alternates: list[str]
    image: str
    image_alt: str
    image_size: tuple[int, int] | None
    published: str = ""
    json_ld: str = ""


def og_locale(lang: str) -> str:
    """Open Graph locale of a language, from its strings' Babel locale: 'ca' -> 'ca_ES'."""
    return locale_of(lang)


def script_json(data: Any) -> Markup:
    """JSON safe inside <script> (escaping.py: the one place that marks values as HTML)."""
    return escaping.script_json(data)


def _title_and_description(view: PageView, page: Any, config: Any) -> tuple[str, str]:
    meta = getattr(page, "meta", None) or {}
    title = str(meta.get("title") or getattr(page, "title", "") or config.site_name)
    description = str(meta.get("summary") or config.site_description or "")
    if view.item is not None:
        title, description = view.item.title, view.item.summary or description
    elif view.partner is not None:
        title, description = view.partner.name, view.partner.summary or description
    elif view.kind == "listing" and view.listing_title:
        title = view.listing_title
    return title, " ".join(description.split())


def social(view: PageView, page: Any, config: Any) -> Social:
    """Open Graph / Twitter facts of a page; JSON-LD for news articles (outputs/jsonld.py)."""
    site_url = config.site_url or "/"
    title, description = _title_and_description(view, page, config)
    image, alt = config.plugins["clamtex"].config.project.social_image, str(config.site_name)
    size: tuple[int, int] | None = DEFAULT_IMAGE_SIZE if image else None
    item = view.item
    if item is not None and item.social_image:  # the pipeline's 1200x630 crop
        image, alt, size = item.social_image, item.image_alt or title, item.social_size
    image = urljoin(site_url, image) if image else ""
    languages = [a.lang for a in view.hreflang if a.lang not in ("x-default", view.lang)]
    result = Social(
        title=title, description=description, url=view.canonical,
        type="article" if view.kind == "news" else "website", site_name=str(config.site_name),
        locale=og_locale(view.content_lang or view.lang),
        locale_alternates=[og_locale(lang) for lang in languages],
        image=image, image_alt=alt, image_size=size,
        published=view.item.date_iso if view.item is not None else "")
    if view.kind == "news" and view.item is not None:
        options = config.plugins["clamtex"].config
        social_image = options.project.social_image
        data = jsonld.news_article_jsonld(
            headline=view.item.title, description=result.description,
            published=view.item.date_iso, language=view.item.content_lang,
            url=result.url, image=[result.image] if result.image else [],
            publisher=jsonld.organization_jsonld(
                name=branding.acronym(options, config), url=site_url,
                logo=urljoin(site_url, social_image) if social_image else ""))
        return replace(result, json_ld=script_json(data))
    return result
