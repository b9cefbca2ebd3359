"""What the plugin sets up in MkDocs' configuration and in the Jinja environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from clamtex.config import ClamtexConfig
from clamtex.l10n.strings import load_strings
from clamtex.mkdocs_internals import list_theme_files_once, skip_i18n_alternates
from clamtex.outputs import branding, emails, escaping, notfound, seo, video
from clamtex.outputs.images import Images
from clamtex.outputs.images.pipeline import SIZES as IMAGE_SIZES
from clamtex.structure.languages import Languages

THEME_DIR = Path(__file__).parent.parent / "theme"


def configure(config: MkDocsConfig, languages: Languages, options: ClamtexConfig) -> None:
    """Our theme folder, the 404 pages, mailto links, videos; i18n's and Material's
    per-build work we replace (alternates, the per-build sitemap)."""
    theme_dirs = config.theme.dirs
    if str(THEME_DIR) not in theme_dirs:
        # After the site's custom_dir (so a site can still override us), before Material.
        position = 1 if config.theme.custom_dir else 0
        theme_dirs.insert(position, str(THEME_DIR))
    # 404.html at the root (default language's build), <lang>/404.html in the others;
    # no per-build sitemap.xml: seo.py writes one for the whole site at the end.
    notfound.configure(config, languages)
    emails.configure(config)  # bare e-mail addresses in bodies become mailto: links
    skip_i18n_alternates(config)
    list_theme_files_once(config)  # not once per language: Material has 14,500 files
    config.theme.static_templates.discard("sitemap.xml")
    # Video links become click-to-load players worded in this build's language.
    video.configure(config, load_strings(languages.current,
                                         options.strings.get(languages.current)))


def install(env: Any, languages: Languages, options: ClamtexConfig) -> None:
    """Autoescaping for every template (docs/architecture.md), the 404 pages' loader, and
    the globals our templates call."""
    escaping.install(env)
    notfound.install(env, languages)
    env.globals["clamtex_social"] = seo.social
    env.globals["clamtex_image_sizes"] = IMAGE_SIZES
    env.globals["clamtex_colours"] = branding.colour_properties(options)


def publish_images(images: Images | None, raster_files: list[File], site_dir: Path) -> None:
    """The variants a language's pages use; clean copies of rasters only linked to."""
    if images is None:
        return
    try:
        images.publish(site_dir)
        for file in raster_files:
            if file.src_uri not in images.entries:
                images.publish_copy(file.src_uri, site_dir)
    except OSError as error:
        raise PluginError(f"images: {error}") from None
