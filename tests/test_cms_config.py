"""/admin/ in the built site: the CMS's configuration is the model's, nothing leaks out.

The browser journey (editing, translating, the request log) is tests/browser/test_cms.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from clamtex.content import model
from clamtex.content.event_fields import STATUSES, time_zones
from clamtex.kinds import KINDS
from clamtex.kinds.events import FIELDS as EVENT_FIELDS
from clamtex.outputs import cms
from support import BuiltSite, build_site, differences, fixture_site, set_plugin_option


@pytest.fixture(scope="module")
def config(multilingual_site: BuiltSite) -> dict:
    return yaml.safe_load((multilingual_site.root / "admin" / "config.yml").read_text("utf-8"))


def test_every_field_the_model_accepts_and_nothing_else(config: dict) -> None:
    fields = cms.config_fields(config, KINDS)
    specs = cms.field_specs(KINDS)
    assert set(specs) == {"news", "partner", "page", "event", "document"}  # every kind is edited
    assert set(specs) == {kind.name for kind in KINDS}
    for kind, kind_specs in specs.items():
        accepted = {spec.name for spec in kind_specs}
        assert fields[kind] - set(cms.CMS_ONLY) == accepted, kind
    assert set(fields) == set(specs)


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def test_events_are_edited_where_and_as_the_model_reads_them(config: dict) -> None:
    """The fixture has no event yet: the collection is there to create the first."""
    events = _collection(config, "events")
    assert events["folder"] == "content/{{locale}}/events" and events["i18n"] is True
    assert events["slug"] == "{{fields.start | date('YYYY-MM-DD')}}-{{title}}"
    by_name = {f["name"]: f for f in events["fields"]}
    for spec in EVENT_FIELDS:
        if spec.name not in model.TRANSLATION_MARKS:
            assert by_name[spec.name]["i18n"] is (not spec.shared), spec.name
    assert by_name["start"]["required"] is True and by_name["end"]["required"] is False
    start = re.compile(by_name["start"]["pattern"][0])
    assert start.match("2020-03-04") and start.match("2020-03-04 10:00")
    assert not start.match("04/03/2020") and not start.match("13:30")
    assert by_name["timezone"]["options"] == sorted(time_zones())
    assert "Europe/Madrid" in by_name["timezone"]["options"]
    assert by_name["status"]["options"] == list(STATUSES)
    online = re.compile(by_name["online"]["pattern"][0])
    assert online.match("https://meet.example.org/x") and not online.match("ftp://x.org")
    # The place: its name and address in each language, its city and country once.
    location = by_name["location"]
    assert location["widget"] == "object" and location["i18n"] is True
    subfields = {f["name"]: f for f in location["fields"]}
    assert {k: f["i18n"] for k, f in subfields.items()} == {
        "name": True, "address": True, "city": False, "country": False}
    assert {"value": "ES", "label": "Spain (ES)"} in subfields["country"]["options"]


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
    news, partners, pages = (_collection(config, name) for name in ("news", "partners", "pages"))
    assert [c["name"] for c in config["collections"]] == ["news", "partners", "events", "documents",
                                                         "pages"]
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


def test_the_config_file_is_what_the_pure_python_yaml_writer_writes(
        multilingual_site: BuiltSite, edge_site: BuiltSite) -> None:
    """The build writes config.yml with libyaml's emitter (outputs/cms.py FAST_DUMPER):
    byte for byte what PyYAML's own emitter writes of the same data."""
    for site in (multilingual_site, edge_site):
        written = (site.root / "admin" / "config.yml").read_text("utf-8")
        header, body = written.split("\n", 1)
        assert header.startswith("# Generated by the build")
        assert len(body) > 10_000
        assert body == yaml.dump(yaml.safe_load(body), Dumper=yaml.SafeDumper,
                                 allow_unicode=True, sort_keys=False, width=100)


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
