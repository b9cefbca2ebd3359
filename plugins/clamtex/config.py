"""The plugin's settings, as written under `plugins: - clamtex:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class FundingConfig(base.Config):
    """Which EU funding notice the site carries."""

    # Key of a wording set in the locale files: cosme, horizon-europe, erasmus-plus, eu.
    programme = c.Type(str, default="cosme")


class ClamtexConfig(base.Config):
    """Settings of the `clamtex` MkDocs plugin."""

    news_dir = c.Type(str, default="news")
    partners_dir = c.Type(str, default="partners")
    news_per_page = c.Type(int, default=10)
    home_news_count = c.Type(int, default=3)
    feed_size = c.Type(int, default=20)
    # Show untranslated news in a language's listings, in the default language.
    show_untranslated = c.Type(bool, default=True)
    # Previews only: also build items dated in the future.
    show_future = c.Type(bool, default=False)
    # Partner ids in the order the partners page lists them.
    partners_order = c.Type(list, default=[])
    # Tag id -> {language: label}.
    tags = c.Type(dict, default={})
    funding = c.SubConfig(FundingConfig)
    # Per-language overrides of UI strings and funding wording: {lang: {dotted.key: text}}.
    strings = c.Type(dict, default={})
    # Render cache: pages whose inputs did not change are not rendered again
    # (folder relative to mkdocs.yml; the environment variable CLAMTEX_CACHE=0 turns it off).
    cache = c.Type(bool, default=True)
    # Widths (px) of every photo's variants; never upscaled. Each about 1.41x the one
    # before, so no layout is served more than about twice the pixels it needs
    # (docs/architecture.md, "Images"). WebP quality 0-100 (its JPEG fallback: +5).
    image_widths = c.Type(list, default=[320, 450, 640, 900, 1280, 1800])
    image_quality = c.Type(int, default=75)
    cache_dir = c.Type(str, default=".cache/clamtex")
