"""Which files a language's build has: `on_files`' work, before and after i18n.

Before i18n picks translations, the files never published (junk, drafts, scheduled items,
untranslated stubs) and other languages' files are dropped; after it, the entries the
language does not list are dropped and the kinds' listing pages are added as generated
files. `signature` says what decides all that, for a preview to compare.
"""

from __future__ import annotations

import logging
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from clamtex.content import sources
from clamtex.content.model import Site
from clamtex.content.model import _display as display
from clamtex.mkdocs_internals import as_i18n_file, i18n_key
from clamtex.outputs import assets
from clamtex.outputs.images import is_raster
from clamtex.structure.languages import Languages
from clamtex.structure.listings import Listing
from clamtex.structure.plan import SitePlan

# What editors must see without making a strict build fail: outside MkDocs' loggers
# (MkDocs counts their warnings), printed to stderr (logging's last resort) unless set up.
notice = logging.getLogger("clamtex")


def drop_unpublished(files: Files, site: Site, languages: Languages, config: MkDocsConfig,
                     told: set[str]) -> None:
    """Before i18n: drop junk, drafts, scheduled items, untranslated stubs, and the
    languages this build neither shows nor falls back to. `told`: the left-out lines
    already said in this process (a preview rebuilds on every edit)."""
    unpublished = {key for key, entry in site.entries.items() if not site.is_published(entry)}
    stubs = {f"{lang}/{entry.key}" for entry in site.entries.values() for lang in entry.stubs}
    drop_left_out(files, site, languages, config, told)
    # Only the current language's files and the default's (its fallback) are built:
    # i18n need not sort out every language's files in every language's build.
    current, default = languages.current, languages.default
    others = set(site.settings.languages) - {current, default}  # all configured
    for file in list(files):
        lang, _, key = file.src_uri.partition("/")
        if lang in others or key in unpublished or file.src_uri in stubs:
            files.remove(file)
    if current != default:
        # A default-language page that this language translates is never built here
        # (i18n would pick the translation): spare i18n from sorting it out.
        translated = {f"{default}/{file.src_uri.partition('/')[2]}"
                      for file in files.documentation_pages()
                      if file.src_uri.startswith(f"{current}/")}
        for file in list(files.documentation_pages()):
            if file.src_uri in translated:
                files.remove(file)


def drop_left_out(files: Files, site: Site, languages: Languages, config: MkDocsConfig,
                  told: set[str]) -> None:
    """Drop what is never published (sources.JUNK: editor backups, system and hidden
    files): MkDocs would copy every non-Markdown file. The default language's build says
    once which were left out, in the lines `clamtex check` prints."""
    docs_dir = config.docs_dir
    dropped = set()
    for file in list(files):
        if file.src_dir == docs_dir and (part := sources.left_out(file.src_uri)):
            files.remove(file)
            dropped.add(part)
    if languages.current != languages.default:
        return
    shown = display(site.settings, site.settings.content_dir)
    for part in sorted(dropped):
        line = str(sources.left_out_problem(f"{shown}/{part}"))
        if line not in told:
            told.add(line)
            notice.warning(line)


def listings_by_src_uri(plan: SitePlan, lang: str) -> dict[str, Listing]:
    """A language's listing pages (generated files), by src_uri."""
    return {f"{lang}/{key}": listing for key, listing in plan.by_lang[lang].listings.items()}


def add_generated(files: Files, site: Site, plan: SitePlan, languages: Languages,
                  config: MkDocsConfig) -> dict[str, Listing]:
    """After i18n: drop the entries this language does not list, add its listing pages
    and the theme's generated assets; the listings, by src_uri."""
    lang = languages.current
    shown = plan.by_lang[lang]
    for file in list(files):  # untranslated items this language does not list
        key = i18n_key(file)
        if key in site.entries and not shown.shows(key):
            files.remove(file)
    listings = listings_by_src_uri(plan, lang)
    prefix = languages.prefix(lang)
    for src_uri, listing in listings.items():
        key = listing.key
        file = File.generated(config, src_uri, content=f"# {key}\n")
        file.dest_uri = prefix + key[: -len(".md")] + ".html"
        as_i18n_file(file, lang, key)
        files.append(file)
    for src_uri, content in assets.generated_assets():
        if src_uri not in files.src_uris:
            files.append(File.generated(config, src_uri, content=content))
    return listings


def signature(site: Site, plan: SitePlan, lang: str) -> tuple[frozenset[str], ...]:
    """What decides which pages a language's build has (see above): a preview whose edit
    changes it must build anew (build/preview.py). Derived from the model and the plan,
    so a new content kind needs nothing here."""
    shown = plan.by_lang[lang]
    return (frozenset(key for key, entry in site.entries.items() if site.is_published(entry)),
            frozenset(f"{lang}/{entry.key}" for entry in site.entries.values()
                      for lang in entry.stubs),
            frozenset(shown.listings), frozenset(shown.keys), frozenset(shown.neighbours))


def exclude(files: list[File]) -> dict[File, InclusionLevel]:
    """Keep MkDocs from building or copying these files (pages the render cache placed,
    raster originals); what they were, to restore after the language's build."""
    was = {file: file.inclusion for file in files}
    for file in files:
        file.inclusion = InclusionLevel.EXCLUDED
    return was


def restore(was: dict[File, InclusionLevel]) -> dict[File, InclusionLevel]:
    """Give the files `exclude` took out their inclusion back; nothing is left excluded."""
    for file, inclusion in was.items():
        file.inclusion = inclusion
    return {}


def raster_originals(files: Files, config: MkDocsConfig) -> list[File]:
    """The raster images under content/ MkDocs would copy as they are: never published so
    (they may carry GPS data); the image pipeline publishes their variants, or a clean
    copy of one only linked to."""
    content = os.path.join(os.path.abspath(config.docs_dir), "")
    return [file for file in files
            if not file.is_documentation_page() and is_raster(file.src_uri)
            and file.inclusion.is_included() and file.abs_src_path
            and os.path.abspath(file.abs_src_path).startswith(content)]


