"""The content model of the edge-case fixture, loaded in-process (clamtex.model.load_site).

What each test expects is read from the fixture's files with the helpers of support.py.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import inprocess
from inprocess import EDGE, TODAY

from support import content_keys, front_matter, line_of, meta_in, news_keys, site_languages

DEFAULT, *OTHERS = site_languages(EDGE)
SHARED_NEWS = ("date", "tags", "partners", "image", "draft")
SHARED_PARTNER = ("name", "acronym", "full_name", "country", "region", "city", "website",
                  "logo", "role")


def test_the_fixture_loads_without_problems() -> None:
    site = inprocess.site()
    assert site.problems == []
    assert sorted(site.entries) == content_keys(EDGE)


def test_news_are_newest_first_and_partners_in_the_configured_order() -> None:
    site = inprocess.site()
    assert [item.key for item in site.news] == news_keys(EDGE)
    assert list(site.partners) == inprocess.option(EDGE, "partners_order")


def test_a_translation_inherits_the_shared_fields_of_the_original() -> None:
    site = inprocess.site()
    key = "news/2023-02-14-every-field.md"
    original = front_matter(EDGE / "content" / DEFAULT / key)
    assert set(SHARED_NEWS) <= set(original), "the fixture item sets every field"
    item = site.news[[i.key for i in site.news].index(key)]
    assert (item.date, list(item.tags), list(item.partners), item.image, item.draft) == (
        original["date"], original["tags"], original["partners"], original["image"],
        original["draft"])
    for lang in OTHERS:
        translation = front_matter(EDGE / "content" / lang / key)
        assert not set(SHARED_NEWS) & set(translation), "translations carry no shared field"
        text = item.text(lang)
        assert (text.lang, text.title, text.summary, text.image_alt) == (
            lang, translation["title"], translation["summary"], translation["image_alt"])


def test_a_partner_translation_inherits_and_translates() -> None:
    site = inprocess.site()
    partner = site.partners["alpha"]
    original = front_matter(EDGE / "content" / DEFAULT / "partners/alpha.md")
    for field in SHARED_PARTNER:
        assert getattr(partner, field) == original[field], field
    for lang in OTHERS:
        meta = meta_in(EDGE, lang, "partners/alpha.md")
        assert partner.text(lang).summary == meta["summary"]
        assert partner.text(lang).image_alt == meta["logo_alt"]


def test_untranslated_entries_fall_back_to_the_original_text() -> None:
    site = inprocess.site()
    for key in ("notes.md", "news/2023-09-20-english-only.md", "partners/gamma.md"):
        entry = site.entry(key)
        assert entry is not None and list(entry.texts) == [DEFAULT], key
        for lang in OTHERS:
            assert not entry.is_translated(lang)
            assert entry.text(lang) is entry.texts[DEFAULT]


def test_stubs_are_kept_apart_from_translations() -> None:
    site = inprocess.site()
    stubs = {(lang, key) for key in content_keys(EDGE) for lang in OTHERS
             if (EDGE / "content" / lang / key).is_file()
             and front_matter(EDGE / "content" / lang / key).get("stub")}
    assert len({key for _, key in stubs}) >= 3, "a news item, a page and a partner"
    for lang, key in stubs:
        entry = site.entry(key)
        assert entry is not None
        assert lang in entry.stubs and not entry.is_translated(lang), (lang, key)
        assert entry.text(lang).lang == DEFAULT


def test_drafts_and_future_items_are_loaded_but_not_published() -> None:
    site = inprocess.site()
    published = [item.key for item in site.published_news]
    drafts = [k for k in news_keys(EDGE) if meta_in(EDGE, DEFAULT, k).get("draft")]
    future = [k for k in news_keys(EDGE) if meta_in(EDGE, DEFAULT, k)["date"] > TODAY]
    assert drafts and future
    assert {item.key for item in site.news} == set(news_keys(EDGE))
    assert published == [k for k in news_keys(EDGE) if k not in drafts + future]
    preview = inprocess.site(show_future=True)
    assert [i.key for i in preview.published_news] == [k for k in news_keys(EDGE)
                                                       if k not in drafts]


def test_today_decides_what_is_published() -> None:
    dates = sorted(meta_in(EDGE, DEFAULT, k)["date"] for k in news_keys(EDGE))
    day = dates[len(dates) // 2]
    site = inprocess.site(today=day)
    assert site.published_news
    assert all(item.date <= day for item in site.published_news)
    assert inprocess.site(today=day - dt.timedelta(days=1)).published_news != site.published_news


def test_news_of_a_partner_are_its_published_items_newest_first() -> None:
    site = inprocess.site()
    for pid in site.partners:
        expected = [item.key for item in site.published_news if pid in item.partners]
        assert [item.key for item in site.news_of_partner(pid)] == expected
        assert expected, f"the fixture gives {pid} news"


def test_a_broken_field_is_one_problem_with_file_line_and_field(tmp_path: Path) -> None:
    shutil.copytree(EDGE, tmp_path / "site")
    key = "content/en/news/2023-02-14-every-field.md"
    path = tmp_path / "site" / key
    date = str(front_matter(path)["date"])
    path.write_text(path.read_text("utf-8").replace(f"date: {date}", "date: 2023-02-30"), "utf-8")
    site = inprocess.site(tmp_path / "site")
    [problem] = site.problems
    assert (problem.file, problem.line, problem.field) == (key, line_of(path, "date:"), "date")
    assert str(problem).startswith(f"{key}:{problem.line}: date: '2023-02-30' is not a date (")
