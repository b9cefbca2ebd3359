"""The plugin's settings, as written under `plugins: - clamtex:` in mkdocs.yml."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class Colour(c.Type):
    """A CSS colour as #rgb or #rrggbb: it is written into a <style> element, where HTML
    escaping does not protect, so nothing else is accepted."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        if not HEX_COLOUR.match(text):
            raise ValidationError(f"'{text}' is not a colour (write it as #rrggbb, e.g. #34404f)")
        return text


class TimeZone(c.Type[str]):
    """An IANA time zone name, e.g. Europe/Madrid."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(f"'{name}' is not an IANA time zone (write e.g. "
                                  "Europe/Madrid or UTC)") from None
        return name


class Text(c.Type[str]):
    """A text that YAML may read as a number (a grant agreement number: 101234567)."""

    def __init__(self, default: str = "") -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super().run_validation(value)


class TextPerLanguage(c.BaseConfigOption["str | dict[str, str]"]):
    """One text for every language, or one per language: {en: ..., fr: ...}."""

    def __init__(self) -> None:
        super().__init__()
        self.default = ""

    def run_validation(self, value: object) -> str | dict[str, str]:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and all(isinstance(text, str) for text in value.values()):
            return {str(lang): text for lang, text in value.items()}
        raise ValidationError("must be one text, or one text per language "
                              "(write e.g. {en: the National Agency, fr: l'Agence nationale})")


class ColoursConfig(base.Config):
    """The theme's colours (CSS custom properties --clamtex-<name>). The defaults are a
    neutral slate that meets WCAG 2.1 AA contrast on white and behind white text."""

    primary = Colour("#34404f")        # header, titles
    primary_light = Colour("#4f5d70")
    primary_dark = Colour("#222a35")   # footer
    accent = Colour("#0f5f7a")         # links on hover
    link = Colour("#1d5a8a")           # links in text
    surface = Colour("#f1f3f5")        # the home page's hero, image placeholders
    ink = Colour("#1f2933")            # body text on the surface


class ProjectConfig(base.Config):
    """The project the site is about, wherever the engine names it."""

    # Short name: feed titles, "... on social networks", the CMS title, JSON-LD publisher
    # (default: site_name).
    acronym = c.Optional(c.Type(str))
    name = c.Optional(c.Type(str))  # the full name
    # The grant agreement number: the older place of funding.grant_agreement, still read
    # when that one is not set.
    grant_agreement = Text()
    # The 1200x630 PNG/JPEG (under docs_dir) social previews show for a page without its
    # own photo, and JSON-LD's publisher logo; empty: none.
    social_image = c.Type(str, default="")


class FundingConfig(base.Config):
    """Which EU funding notice the site carries (docs/funding-notice.md)."""

    # Key of a wording set in the locale files' `funding:` (funded, cofunded, h2020,
    # erasmus-plus, interreg, cosme, eu) or of one defined under `strings`.
    programme = c.Type(str, default="cosme")
    # The granting authority the disclaimer names ({authority}): a key of the locale
    # files' `authorities:` (rea, eismea, ...); empty: the programme's own default
    # (l10n/strings.py DEFAULT_AUTHORITY).
    authority = c.Type(str, default="")
    # A national agency (or any other granting authority) by name, in the sentence's form
    # ("the National Agency ..."): one text, or one per language; overrides `authority`.
    authority_name = TextPerLanguage()
    # The grant agreement number ({grant_agreement}), e.g. 101234567.
    grant_agreement = Text()


class PublisherConfig(base.Config):
    """Who publishes the site: the facts the legal pages show (never written into prose).

    Each is optional: a fact not set stays out of the pages, and `clamtex check` names the
    law that asks for it (structure/publisher.py).
    """

    name = c.Optional(c.Type(str))
    address = c.Optional(c.Type(str))
    email = c.Optional(c.Type(str))
    phone = c.Optional(c.Type(str))
    registry = c.Optional(c.Type(str))  # the public registry and the entry in it
    tax_id = c.Optional(c.Type(str))
    dpo_email = c.Optional(c.Type(str))  # data-protection officer, where there is one
    supervisory_authority = c.Optional(c.Type(str))
    supervisory_authority_url = c.Optional(c.Type(str))


class HostingConfig(base.Config):
    """Where the site is served from: the privacy policy names it and its server logs."""

    name = c.Optional(c.Type(str))
    privacy_url = c.Optional(c.Type(str))


class LegalPagesConfig(base.Config):
    """Which page (path under a language folder) is which legal page."""

    notice = c.Type(str, default="legal-notice.md")
    privacy = c.Type(str, default="privacy.md")
    accessibility = c.Type(str, default="accessibility.md")
    contact = c.Type(str, default="contact.md")


class SocialLink(base.Config):
    """One of the project's social accounts: shown as a plain link, nothing embedded."""

    # Optional here so that `clamtex check` reports a missing one with its line.
    name = c.Optional(c.Type(str))
    url = c.Optional(c.Type(str))


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

    project = c.SubConfig(ProjectConfig)
    colours = c.SubConfig(ColoursConfig)
    news_dir = c.Type(str, default="news")
    partners_dir = c.Type(str, default="partners")
    news_per_page = c.Type(int, default=10)
    home_news_count = c.Type(int, default=3)
    feed_size = c.Type(int, default=20)
    # Show untranslated news in a language's listings, in the default language.
    show_untranslated = c.Type(bool, default=True)
    # Previews only: also build items dated in the future.
    show_future = c.Type(bool, default=False)
    # The site's time zone: "today" for a build is the date there (content/schedule.py;
    # CLAMTEX_TODAY=YYYY-MM-DD overrides it), so an item dated D is published from
    # midnight of D there. Events take it as their default time zone.
    timezone = TimeZone(default="UTC")
    # Partner ids in the order the partners page lists them.
    partners_order = c.ListOfItems(c.Type(str), default=[])
    # Tag id -> {language: label} (the labels are checked, with their lines, by l10n).
    tags = c.DictOfItems(c.Type(dict), default={})
    funding = c.SubConfig(FundingConfig)
    publisher = c.SubConfig(PublisherConfig)
    hosting = c.SubConfig(HostingConfig)
    legal_pages = c.SubConfig(LegalPagesConfig)
    social = c.ListOfItems(c.SubConfig(SocialLink), default=[])
    # Region code -> {language: name}, where pycountry has no translation (docs/regions.md).
    regions = c.DictOfItems(c.DictOfItems(c.Type(str)), default={})
    cms = c.SubConfig(CmsConfig)
    # Per-language overrides of UI strings and funding wording: {lang: {dotted.key: text}}.
    strings = c.DictOfItems(c.Type(dict), default={})
    # Render cache: pages whose inputs did not change are not rendered again
    # (folder relative to mkdocs.yml; the environment variable CLAMTEX_CACHE=0 turns it off).
    cache = c.Type(bool, default=True)
    # Widths (px) of every photo's variants; never upscaled. Each about 1.41x the one
    # before, so no layout is served more than about twice the pixels it needs
    # (docs/architecture.md, "Images"). WebP quality 0-100 (its JPEG fallback: +5).
    image_widths = c.ListOfItems(c.Type(int), default=[320, 450, 640, 900, 1280, 1800])
    image_quality = c.Type(int, default=75)
    cache_dir = c.Type(str, default=".cache/clamtex")
