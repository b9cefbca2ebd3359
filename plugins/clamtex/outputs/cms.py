"""The browser CMS at /admin/: Sveltia CMS, self-hosted, configured from the content model.

What is written into site/admin/ (docs/architecture.md, "The browser CMS"):

- `config.yml`: generated from the content kinds (each says its collection: folder,
  file-name rule, its own widgets: `CmsKind.cms_collection`; its fields are its field
  specs) and mkdocs.yml (languages, tags, the partners list), so that the CMS and
  `clamtex check` cannot drift apart;
- `sveltia-cms.js`: the pinned npm bundle (package.json), with the few addresses it would
  load from third-party hosts (fonts from jsDelivr, the update check and UI translations
  from unpkg, GitHub's status page) replaced by files of our own (`PATCHES`); every patch
  must match exactly once, so an upgrade that moves one fails the build, never leaks;
- the fonts it asks for (npm @fontsource packages), its UI translations, and
  `clamtex-cms.js`, our hooks: shared marks stripped from originals, translations saved in
  the browser marked with `source_hash` (commands/status.py) when the editor says so;
- `index.html` with a Content-Security-Policy that allows only the site itself and
  api.github.com, `noindex`, and nothing of the site's theme.
"""

from __future__ import annotations

import dataclasses
import html
import json
import logging
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pycountry
import yaml

from clamtex.content import model
from clamtex.content.model import FieldSpec, Finding, Settings, Site
from clamtex.exceptions import CmsError

log = logging.getLogger("mkdocs.plugins.clamtex")
notice = logging.getLogger("clamtex")

# PyYAML's libyaml emitter where it is built (its wheels have it): the same bytes as the
# pure-Python one (checked on every fixture's config), 6x faster; each build writes it.
FAST_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
ADMIN = "admin"
PACKAGE = "@sveltia/cms"
BUNDLE = "dist/sveltia-cms.js"
CHUNKS = "dist/chunks"
# Fields of the CMS that are not front matter: the Markdown body, and the tick box that
# marks a translation as up to date (clamtex-cms.js turns it into source_hash).
BODY = "body"
MARK = "translation_up_to_date"
CMS_ONLY = (BODY, MARK)
ASSETS_DIR = "assets"
IMAGES_DIR = "assets/images"

# Where the bundle would go to other hosts, and what it gets instead (paths relative to
# /admin/index.html). Checked with `patch_bundle`: each must occur exactly once.
PATCHES: tuple[tuple[str, str], ...] = (
    ("https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2",
     "fonts/source-sans-3-latin-wght-normal.woff2"),
    ("https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2",
     "fonts/noto-mono-latin-400-normal.woff2"),
    ("https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/"
     "latin-wght-normal.woff2",
     "fonts/material-symbols-outlined-latin-wght-normal.woff2"),
    # The update check reads the newest version from unpkg every hour: ours says "this one".
    ("NSe=`${iP}/package.json`", "NSe=`./sveltia-cms-version.json`"),
    # UI translations: served from /admin/locales/ instead of unpkg.
    ("USe=`${iP}@${rP}/locales`", "USe=`./locales`"),
    # Modules it imports on demand (Immutable for the event hooks, exifr, svgo and turndown
    # for uploads and pasting) come from unpkg: ours from /admin/vendor/ (VENDOR).
    ("JW=e=>{let t=`https://unpkg.com/${e}`,n=Kfe[e]?.replace(/^\\D/,``);return n?`${t}@${n}`:t}",
     "JW=e=>`./vendor/${e}`"),
    # GitHub's status page, polled every 5 minutes while signed in: never asked.
    ("kye=async()=>{try{", "kye=async()=>{return`none`;try{"),
)
FONTS = (  # (npm package, file under files/)
    ("@fontsource-variable/source-sans-3", "source-sans-3-latin-wght-normal.woff2"),
    ("@fontsource/noto-mono", "noto-mono-latin-400-normal.woff2"),
    ("@fontsource-variable/material-symbols-outlined",
     "material-symbols-outlined-latin-wght-normal.woff2"),
)
VENDOR = (  # (npm package, file): the bundle's own dependencies, installed with it
    ("immutable", "dist/immutable.es.js"),
    ("exifr", "dist/lite.esm.mjs"),
    ("svgo", "dist/svgo.browser.js"),
    ("turndown", "lib/turndown.browser.es.js"),
)
# GitHub sign-in with a token needs only its API (REST and GraphQL); images and styles
# the bundle makes are blob:/data: URLs or inline styles.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; media-src 'self' data: blob:; font-src 'self'; "
       "connect-src 'self' data: blob: https://api.github.com; frame-src 'self' blob:; "
       "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'none'")
HOOKS = Path(__file__).parent.parent / "cms" / "clamtex-cms.js"


@dataclass(frozen=True)
class CmsCollection:
    """What a content kind says of its collection in the CMS; its fields come from its
    field specs (`cms_field`).

    `settings`: Sveltia's keys of an entry collection (folder with {{locale}}, slug, filter,
    summary, ...); `files`: (name, label, path with {{locale}}) of a file collection
    instead; `widgets`: field name -> widget, for the fields whose check `_widget` does not
    know (a kind's own checks)."""

    label: str
    settings: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    files: tuple[tuple[str, str, str], ...] = ()
    widgets: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)


class CmsKind(Protocol):
    """What the CMS needs of a content kind (clamtex.kinds.ContentKind)."""

    @property
    def name(self) -> str: ...

    @property
    def fields(self) -> tuple[FieldSpec, ...]: ...

    @property
    def collection(self) -> str:
        """The CMS collection's name; "" for a kind the CMS does not edit."""

    def cms_collection(self, site: Site) -> CmsCollection | None: ...


def field_specs(kinds: Sequence[CmsKind]) -> dict[str, tuple[FieldSpec, ...]]:
    """Each edited content kind's front-matter fields: the CMS's one source of truth."""
    return {kind.name: kind.fields for kind in kinds if kind.collection}


# -- the configuration ----------------------------------------------------------------


@dataclass(frozen=True)
class CmsOptions:
    """What the CMS needs beyond the content model."""

    repo: str = ""  # owner/name on GitHub
    branch: str = "main"
    auth_url: str = ""  # OAuth: a sveltia-cms-auth worker (docs/deploy.md)
    site_url: str = ""
    language_names: Mapping[str, str] | None = None
    title: str = "Site editor"  # "<project> editor" (plugin.py, from mkdocs.yml)
    kinds: tuple[CmsKind, ...] = ()  # the content kinds (clamtex.kinds), in their order


# The ISO 3166 codes the model accepts for a country, with their English names.
COUNTRIES = [{"value": c.alpha_2, "label": f"{c.name} ({c.alpha_2})"}
             for c in sorted(pycountry.countries, key=lambda c: c.name)]


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _widget(kind: str, spec: FieldSpec, settings: Settings, site: Site) -> dict[str, Any]:
    """The CMS widget for a field, from its check (and, for a few, from its name)."""
    name = spec.name
    if name in ("image", "logo"):
        if name == "image":  # the site-wide media folder (cms_config)
            return {"widget": "image"}
        folder = f"{ASSETS_DIR}/partners"
        # Written as the model reads it: a path under content/ (model.asset_exists).
        return {"widget": "image", "media_folder": f"/content/{folder}",
                "public_folder": folder}
    if name == "tags":
        return {"widget": "select", "multiple": True, "options": [
            {"value": tag, "label": model.tag_label(settings.tags, tag, settings.default,
                                                     settings.default)}
            for tag in settings.tags]}
    if name == "partners":
        return {"widget": "select", "multiple": True, "options": [
            {"value": pid, "label": partner.name} for pid, partner in site.partners.items()]}
    if name == "summary":
        return {"widget": "text"}
    checks: dict[Callable[[Any], Finding], dict[str, Any]] = {
        model._bool: {"widget": "boolean"},
        model._date: {"widget": "datetime", "type": "date", "format": "YYYY-MM-DD",
                      "date_format": "YYYY-MM-DD", "time_format": False},
        model._list_of_text: {"widget": "list"},
        model.web_address: {"widget": "string", "type": "url",
                            "pattern": [r"^(https?://[^\s/]+\.[^\s]+|/[^/\s].*)$", spec.fix]},
        model.check_email: {"widget": "string", "type": "email"},
        model._role: {"widget": "select", "options": list(model.ROLES)},
        model._country: {"widget": "select", "options": COUNTRIES},
        model._region: {"widget": "string", "pattern": [r"^[A-Z]{2}-[A-Z0-9]{1,3}$", spec.fix]},
    }
    return dict(checks.get(spec.check, {"widget": "string"}))


def cms_field(kind: str, spec: FieldSpec, settings: Settings, site: Site,
              widgets: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """One field of the CMS: widget (the kind's, else from its check), required, and
    which languages hold it."""
    widget = (widgets or {}).get(spec.name) or _widget(kind, spec, settings, site)
    field: dict[str, Any] = {"name": spec.name, "label": _label(spec.name), "hint": spec.fix,
                             **widget}
    if spec.name in model.TRANSLATION_MARKS:
        # Translations only; clamtex-cms.js keeps them out of originals.
        field["i18n"] = True
        field["required"] = False
        if spec.name == "source_hash":
            field = {"name": spec.name, "widget": "hidden", "i18n": True}
        else:
            field["label"] = "Not translated yet (stub)"
        return field
    field["i18n"] = not spec.shared  # shared facts live in the default language only
    # A translated field required in every language would make a stub (stub: true, no
    # title yet) unsaveable: the CMS requires it in the original; `clamtex check` in the
    # translations that are not stubs.
    field["required"] = [settings.default] if spec.required and not spec.shared \
        else spec.required
    if spec.name == "image_alt":
        field["hint"] = "Required when the item has an image: " + spec.fix
    return field


def collection_fields(kind: CmsKind, settings: Settings, site: Site,
                      widgets: Mapping[str, Mapping[str, Any]] | None = None
                      ) -> list[dict[str, Any]]:
    fields = [cms_field(kind.name, spec, settings, site, widgets) for spec in kind.fields]
    fields.append({"name": BODY, "label": "Text", "widget": "markdown", "i18n": True,
                   "required": False})
    fields.append({"name": MARK, "label": "This translation is up to date with the original",
                   "widget": "boolean", "i18n": True, "required": False, "default": False,
                   "hint": "Tick it when you have translated or checked this language; "
                           "`clamtex status` then counts it as translated."})
    return fields


def cms_config(site: Site, options: CmsOptions) -> dict[str, Any]:
    """The CMS's configuration (config.yml), from the content model and mkdocs.yml."""
    settings = site.settings
    languages = list(settings.languages)
    config: dict[str, Any] = {
        "backend": {"name": "github", "repo": options.repo or "OWNER/REPOSITORY",
                    "branch": options.branch,
                    "commit_messages": {"create": "Create {{collection}} “{{slug}}” (CMS)",
                                        "update": "Update {{collection}} “{{slug}}” (CMS)",
                                        "delete": "Delete {{collection}} “{{slug}}” (CMS)",
                                        "uploadMedia": "Upload “{{path}}” (CMS)",
                                        "deleteMedia": "Delete “{{path}}” (CMS)"}},
        "site_url": options.site_url,
        "app_title": options.title,
        "media_folder": f"content/{IMAGES_DIR}",
        "public_folder": IMAGES_DIR,
        "media_libraries": {"default": {"config": {"slugify_filename": True,
                                                   "max_file_size": 5_000_000}},
                            "stock_assets": False},
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-",
                 "lowercase": True, "trim": True},
        "output": {"omit_empty_optional_fields": True},
        "i18n": {"structure": "multiple_folders", "locales": languages,
                 "default_locale": settings.default, "initial_locales": [settings.default]},
        "collections": collections(site, options.kinds),
    }
    if options.auth_url:  # the sign-in window opens there; no request from this page
        config["backend"]["base_url"] = options.auth_url
    return config


def collections(site: Site, kinds: Sequence[CmsKind]) -> list[dict[str, Any]]:
    """The CMS's collections, one per edited kind: entry collections in the kinds' order,
    then file collections (the plain pages)."""
    settings = site.settings
    folders, files = [], []
    for kind in kinds:
        said = kind.cms_collection(site) if kind.collection else None
        if said is None:
            continue
        head = {"name": kind.collection, "label": said.label}
        if said.files:
            files.append({**head, "i18n": True, "format": "frontmatter", "files": [
                {"name": name, "label": label, "file": path, "i18n": True,
                 "fields": collection_fields(kind, settings, site, said.widgets)}
                for name, label, path in said.files]})
        else:
            folders.append({**head, **said.settings,
                            "fields": collection_fields(kind, settings, site, said.widgets)})
    return folders + files


def config_fields(config: Mapping[str, Any], kinds: Sequence[CmsKind]) -> dict[str, set[str]]:
    """Field names of each kind's collection in a CMS configuration (tests, docs)."""
    names = {kind.collection: kind.name for kind in kinds if kind.collection}
    result: dict[str, set[str]] = {}
    for collection in config["collections"]:
        kind = names[collection["name"]]
        for fields in [collection.get("fields")] + [f["fields"] for f in
                                                     collection.get("files", [])]:
            if fields is not None:
                result.setdefault(kind, set()).update(f["name"] for f in fields)
    return result


# -- writing /admin/ ------------------------------------------------------------------


def find_package(project: Path, name: str = PACKAGE) -> Path | None:
    """node_modules/<name> of the project, else of the engine's checkout (tests, fixtures)."""
    roots = [project, Path(__file__).resolve().parents[3]]
    extra = os.environ.get("CLAMTEX_NODE_MODULES")
    candidates = ([Path(extra) / name] if extra else []) + [r / "node_modules" / name
                                                           for r in roots]
    for candidate in candidates:
        if (candidate / "package.json").is_file():
            return candidate
    return None


def patch_bundle(text: str) -> str:
    """The bundle with every third-party address replaced; CmsError if one is not there."""
    for old, new in PATCHES:
        count = text.count(old)
        if count != 1:
            raise CmsError(f"{PACKAGE}: {BUNDLE}: expected '{old[:60]}' once, found it "
                           f"{count} times (the pinned version changed: review "
                           "outputs/cms.py PATCHES)")
        text = text.replace(old, new)
    return text


def index_html(version: str, title: str = "Site editor") -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{CSP}">
  <meta name="robots" content="noindex, nofollow">
  <meta name="referrer" content="same-origin">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html.escape(title)}</title>
  <link href="config.yml" type="application/yaml" rel="cms-config-url">
</head>
<body data-pagefind-ignore="all">
  <!-- Sveltia CMS {version} (npm {PACKAGE}), self-hosted: docs/editors.md -->
  <script src="sveltia-cms.js"></script>
  <script src="clamtex-cms.js"></script>
</body>
</html>
"""


def write_admin(site_dir: Path, project: Path, site: Site, options: CmsOptions) -> bool:
    """Write site/admin/; False (and a notice) when the npm packages are not installed."""
    package = find_package(project)
    fonts = [(find_package(project, pkg), file) for pkg, file in FONTS]
    vendor = [(name, find_package(project, name), file) for name, file in VENDOR]
    if package is None or any(pkg is None for pkg, _ in fonts + [v[1:] for v in vendor]):
        notice.warning(f"{ADMIN}/: not written: the browser CMS is not installed (run "
                       "`make node_modules/.installed-stamp`, i.e. npm ci)")
        return False
    version = json.loads((package / "package.json").read_text("utf-8"))["version"]
    out = site_dir / ADMIN
    if out.exists():
        shutil.rmtree(out)
    (out / "fonts").mkdir(parents=True)
    bundle = patch_bundle((package / BUNDLE).read_text("utf-8"))
    bundle = bundle.replace("//# sourceMappingURL=sveltia-cms.js.map", "")
    (out / "sveltia-cms.js").write_text(bundle, "utf-8")
    shutil.copytree(package / CHUNKS, out / "chunks",
                    ignore=shutil.ignore_patterns("*.map"))
    shutil.copytree(package / "locales", out / "locales")
    for pkg, file in fonts:
        assert pkg is not None
        shutil.copyfile(pkg / "files" / file, out / "fonts" / file)
    for name, pkg, file in vendor:
        assert pkg is not None
        target = out / "vendor" / name / file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pkg / file, target)
    (out / "sveltia-cms-version.json").write_text(json.dumps({"version": version}), "utf-8")
    shutil.copyfile(HOOKS, out / "clamtex-cms.js")
    config = cms_config(site, options)
    header = ("# Generated by the build from the content model and mkdocs.yml "
              "(plugins/clamtex/outputs/cms.py): do not edit.\n")
    (out / "config.yml").write_text(
        header + yaml.dump(config, Dumper=FAST_DUMPER, allow_unicode=True, sort_keys=False,
                           width=100),
        "utf-8")
    (out / "index.html").write_text(index_html(version, options.title), "utf-8")
    return True
