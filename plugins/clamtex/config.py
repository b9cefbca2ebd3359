"""The plugin's settings, as written under `plugins: - clamtex:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class FundingConfig(base.Config):
    """Which EU funding notice the site carries."""

    # Key of a wording set in the locale files: cosme, horizon-europe, erasmus-plus, eu.
    programme = c.Type(str, default="cosme")


class CmsConfig(base.Config):
    """The browser CMS at /admin/ (docs/editors.md, "Editing in the browser")."""

    enabled = c.Type(bool, default=True)
    # owner/name of the GitHub repository it commits to; empty: $GITHUB_REPOSITORY
    # (set by GitHub Actions, so the Pages workflow needs nothing here).
    repo = c.Type(str, default="")
    branch = c.Type(str, default="main")
    # OAuth sign-in: the address of a sveltia-cms-auth worker (docs/deploy.md); empty:
    # editors sign in with a fine-grained token.
    auth_url = c.Type(str, default="")


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
    cms = c.SubConfig(CmsConfig)
    # Per-language overrides of UI strings and funding wording: {lang: {dotted.key: text}}.
    strings = c.Type(dict, default={})
    # Render cache: pages whose inputs did not change are not rendered again
    # (folder relative to mkdocs.yml; the environment variable CLAMTEX_CACHE=0 turns it off).
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/clamtex")
