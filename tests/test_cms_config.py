"""/admin/ in the built site: the CMS's configuration is the model's, nothing leaks out.

The browser journey (editing, translating, the request log) is tests/browser/test_cms.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clamtex.content import model
from clamtex.outputs import cms
from support import BuiltSite, build_site, differences, fixture_site, set_plugin_option


@pytest.fixture(scope="module")
def config(multilingual_site: BuiltSite) -> dict:
    return yaml.safe_load((multilingual_site.root / "admin" / "config.yml").read_text("utf-8"))


def test_every_field_the_model_accepts_and_nothing_else(config: dict) -> None:
    fields = cms.config_fields(config)
    for kind, specs in cms.field_specs().items():
        accepted = {spec.name for spec in specs}
        assert fields[kind] - set(cms.CMS_ONLY) == accepted, kind
    assert set(fields) == set(cms.field_specs())


def test_shared_and_required_follow_the_field_specs(config: dict) -> None:
    news = next(c for c in config["collections"] if c["name"] == "news")
    by_name = {f["name"]: f for f in news["fields"]}
    for spec in model.NEWS_FIELDS:
        field = by_name[spec.name]
        if spec.name in model.TRANSLATION_MARKS:
            assert field["i18n"] is True  # translations only (clamtex-cms.js)
            continue
        assert field["i18n"] is (not spec.shared), spec.name
        assert bool(field["required"]) is spec.required, spec.name
    assert by_name["title"]["required"] == ["en"]


def test_languages_tags_partners_and_file_names_from_the_site(config: dict) -> None:
    assert config["i18n"]["locales"] == ["en", "es", "ca", "pt", "fr"]
    assert config["i18n"]["default_locale"] == "en"
    news, partners, pages = config["collections"]
    assert news["folder"] == "content/{{locale}}/news"
    assert partners["folder"] == "content/{{locale}}/partners"
    assert config["i18n"]["structure"] == "multiple_folders"
    assert news["slug"].startswith("{{fields.date | date('YYYY-MM-DD')}}-")
    options = {f["name"]: f.get("options") for f in news["fields"]}
    assert options["tags"] == [{"value": "meetings", "label": "Meetings"}]
    assert options["partners"] == [{"value": "alpha", "label": "Alpha Cluster"}]
    assert config["media_folder"] == "content/assets/images"
    files = {f["file"] for f in pages["files"]}
    assert "content/{{locale}}/about.md" in files and "content/{{locale}}/index.md" in files


def test_admin_is_self_hosted_and_not_indexed(multilingual_site: BuiltSite) -> None:
    admin = multilingual_site.root / "admin"
    html = (admin / "index.html").read_text("utf-8")
    assert "connect-src 'self' data: blob: https://api.github.com;" in html
    assert 'content="noindex, nofollow"' in html
    assert "stylesheets" not in html and "clamtex-funding" not in html  # not the theme
    bundle = (admin / "sveltia-cms.js").read_text("utf-8")
    for old, new in cms.PATCHES:
        assert old not in bundle and new in bundle
    for _, file in cms.FONTS:
        assert (admin / "fonts" / file).stat().st_size > 1000
    assert (admin / "vendor" / "immutable" / "dist" / "immutable.es.js").is_file()
    assert "/admin/" not in (multilingual_site.root / "sitemap.xml").read_text("utf-8")
    robots = (multilingual_site.root / "robots.txt").read_text("utf-8")
    assert "Disallow: /admin/\n" in robots


def test_a_changed_bundle_fails_loudly() -> None:
    with pytest.raises(cms.CmsError, match=r"review outputs/cms\.py PATCHES"):
        cms.patch_bundle("nothing to patch here")


def test_the_sites_pages_are_unchanged(tmp_path: Path, multilingual_site: BuiltSite) -> None:
    """With the CMS off the site is the same, but for admin/ and robots.txt's line."""
    project = fixture_site("multilingual", tmp_path / "off")
    set_plugin_option(project, "      cms:\n        enabled: false\n")
    off = build_site(project)
    assert not (off.root / "admin").exists()
    found = differences(multilingual_site.root, off.root)
    assert [d for d in found if "admin/" not in d] == ["different bytes: robots.txt"], found
