"""The whole site's own files, written once after every language is built: CNAME, the
sitemap and robots.txt, the browser CMS at /admin/, the search index."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from clamtex.cachefiles import Reuse
from clamtex.exceptions import CmsError, SearchIndexError
from clamtex.outputs import branding, cms, deploy, search, seo
from clamtex.structure.languages import Languages
from clamtex.structure.plan import SitePlan


def cms_setup(config: MkDocsConfig, kinds: Sequence[cms.CmsKind]
              ) -> tuple[Path, cms.CmsOptions] | None:
    """(project folder, options) of the browser CMS at /admin/, or None when it is off.
    `kinds`: the content kinds (clamtex.kinds), which say their collections."""
    options = config.plugins["clamtex"].config.cms
    if not options.enabled:
        return None
    names = Languages.from_config(config).names
    return (Path(config.config_file_path or "mkdocs.yml").parent,
            cms.CmsOptions(repo=options.repo or os.environ.get("GITHUB_REPOSITORY", ""),
                           branch=options.branch, auth_url=options.auth_url,
                           site_url=config.site_url or "",
                           language_names=names,
                           title=f"{branding.acronym(config.plugins['clamtex'].config, config)}"
                                 " editor",
                           kinds=tuple(kinds)))


def finish_site(site_dir: Path, plan: SitePlan, site_url: str,
                cache_dir: Path | None = None, *, search_index: bool = True,
                known: Mapping[str, str] | None = None,
                admin: tuple[Path, cms.CmsOptions] | None = None,
                reuse: Reuse | None = None) -> None:
    """Whole-site outputs of a finished site.

    Called once after every language is written, by a plain build and by parallel.py
    (whose workers index their own language). `search_index`: False in a preview (it has
    none: docs/performance.md) and after parallel workers. `known`: the pages'
    render-cache keys, which spare the search index's cache from reading them. `admin`:
    see cms_setup. `reuse`: the site this build replaces (cachefiles.place).
    """
    deploy.write_cname(site_dir, site_url)
    written = False
    if admin is not None:
        try:
            written = cms.write_admin(site_dir, admin[0], plan.site, admin[1])
        except CmsError as error:
            raise PluginError(str(error)) from None
    seo.write_site_files(site_dir, plan, site_url, (f"{cms.ADMIN}/",) if written else ())
    if not search_index:
        return
    try:
        search.index_site(site_dir, cache_dir, known=known, reuse=reuse)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
