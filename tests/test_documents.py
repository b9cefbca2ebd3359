"""Documents (results), as visitors and search engines get them: the results page grouped
by type, each document's page with its download link (format, size, language), the
partner's and the news item's lists, Report/DigitalDocument JSON-LD, the sitemap, the
search marks, the published file itself; and check's one-line errors.

The five-language fixture gets documents and small valid files written here: two
deliverables (one translated into Spanish without its own file), a leaflet with a
Spanish file of its own, and an untranslated presentation (a .pptx).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from support import BuiltSite, build_site, fixture_site, run_clamtex, text_of

NBSP = "\u00a0"


def pdf_bytes(padding: int = 0) -> bytes:
    """A minimal valid one-page PDF (offsets in its xref table right), `padding` bytes of
    comments in its content stream."""
    stream = b"% " + b"x" * padding + b"\nBT /F1 12 Tf 20 100 Td (Hello) Tj ET\n"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def office_bytes(main_part: str) -> bytes:
    """A ZIP with OOXML's content types and one main part (word/document.xml, ...)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(main_part, '<?xml version="1.0"?><x/>')
    return buffer.getvalue()


BIG = pdf_bytes(1_200_000)  # "1.2 MB"
ASSETS = {
    "assets/documents/d2-1-baseline.pdf": BIG,
    "assets/documents/d3-1-final-study.pdf": pdf_bytes(40_000),
    "assets/documents/leaflet-en.pdf": pdf_bytes(5_000),
    "assets/documents/leaflet-es.pdf": pdf_bytes(6_000),
    "assets/documents/slides.pptx": office_bytes("ppt/presentation.xml"),
}
BASELINE = """---
title: Baseline benchmarking report
date: 2024-02-01
summary: How each cluster works today.
type: deliverable
deliverable: D2.1
file: assets/documents/d2-1-baseline.pdf
partners: [alpha]
tags: [meetings]
news: [news/2024-03-05-second-meeting.md]
---

The first deliverable of the fixture.
"""
BASELINE_ES = """---
title: Informe de referencia
summary: Cómo funciona hoy cada clúster.
---

El primer entregable.
"""
FINAL = """---
title: Final study
date: 2024-04-10
type: deliverable
deliverable: D3.1
file: assets/documents/d3-1-final-study.pdf
---

The last one.
"""
FINAL_ES = "---\ntitle: Estudio final\n---\n\nEl último.\n"
LEAFLET = """---
title: Project leaflet
date: 2024-03-01
summary: The project on one page.
type: leaflet
file: assets/documents/leaflet-en.pdf
partners: [alpha]
---

Print it.
"""
LEAFLET_ES = """---
title: Folleto del proyecto
file: assets/documents/leaflet-es.pdf
---

Imprímalo.
"""
SLIDES = """---
title: Kick-off slides
date: 2024-01-12
type: presentation
file: assets/documents/slides.pptx
---

The slides.
"""
FILES = {
    "en/documents/2024-02-01-baseline.md": BASELINE,
    "es/documents/2024-02-01-baseline.md": BASELINE_ES,
    "en/documents/2024-04-10-final-study.md": FINAL,
    "es/documents/2024-04-10-final-study.md": FINAL_ES,
    "en/documents/2024-03-01-leaflet.md": LEAFLET,
    "es/documents/2024-03-01-leaflet.md": LEAFLET_ES,
    "en/documents/2024-01-12-slides.md": SLIDES,
}


def with_documents(dest: Path, files: dict[str, str] = FILES,
                   assets: dict[str, bytes] = ASSETS) -> Path:
    project = fixture_site("multilingual", dest)
    for name, text in files.items():
        path = project / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, data in assets.items():
        path = project / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_site(with_documents(tmp_path_factory.mktemp("documents") / "project"))


def download(page) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(text, href) of a document page's download link."""
    [link] = page.xpath("//article//p[contains(@class,'clamtex-document__download')]/a")
    return link.text_content().strip(), link.get("href")  # no-break spaces kept


def test_the_results_page_groups_by_type_newest_first(built: BuiltSite) -> None:
    page = built.page("documents/")
    assert page.xpath("//h1/text()") == ["Results"]
    assert page.xpath("//section/h2/text()") == ["Deliverables", "Presentations", "Leaflets"]
    [deliverables] = page.xpath("//section[@aria-labelledby='documents-deliverable']")
    assert deliverables.xpath(".//h3/a/text()") == ["Final study",
                                                    "Baseline benchmarking report"]
    es = built.page("es/documents/")
    assert es.xpath("//h1/text()") == ["Resultados"]
    assert es.xpath("//section/h2/text()") == ["Entregables", "Presentaciones", "Folletos"]
    assert es.xpath("//section[@aria-labelledby='documents-deliverable']//h3/a/text()") == [
        "Estudio final", "Informe de referencia"]
    fr = built.page("fr/documents/")
    assert fr.xpath("//section/h2/text()") == ["Livrables", "Présentations", "Dépliants"]


def test_the_download_link_states_format_and_size_in_each_language(built: BuiltSite) -> None:
    text, _ = download(built.page("documents/2024-02-01-baseline/"))
    assert text == f"Download (PDF, 1.2{NBSP}MB)"
    es_text, _ = download(built.page("es/documents/2024-02-01-baseline/"))
    assert es_text == f"Descargar (PDF, 1,2{NBSP}MB)"
    fr_text, _ = download(built.page("fr/documents/2024-02-01-baseline/"))
    assert fr_text == f"Télécharger (PDF, 1,2{NBSP}Mo)"
    small, _ = download(built.page("documents/2024-03-01-leaflet/"))
    assert small == f"Download (PDF, 5{NBSP}kB)"
    slides, _ = download(built.page("documents/2024-01-12-slides/"))
    assert slides.startswith("Download (PPTX, ")


def test_the_file_is_published_and_the_link_leads_to_it(built: BuiltSite) -> None:
    for url in ("documents/2024-02-01-baseline/", "es/documents/2024-02-01-baseline/",
                "es/documents/2024-03-01-leaflet/"):
        _, href = download(built.page(url))
        target = (built.path(url).parent / href).resolve()
        assert target.is_file(), (url, href)
        name = Path(href).name
        assert target.read_bytes() == ASSETS[f"assets/documents/{name}"]
    [link] = built.page("documents/2024-02-01-baseline/").xpath(
        "//p[contains(@class,'clamtex-document__download')]/a")
    assert link.get("type") == "application/pdf" and link.get("hreflang") == "en"


def test_a_file_in_another_language_is_marked(built: BuiltSite) -> None:
    es = built.page("es/documents/2024-02-01-baseline/")  # translated, no file of its own
    [note] = es.xpath("//article//span[contains(@class,'clamtex-document__language')]")
    assert text_of(note) == "En inglés"
    assert not es.xpath("//p[contains(@class,'clamtex-notice')]")
    own = built.page("es/documents/2024-03-01-leaflet/")  # its own Spanish file
    assert not own.xpath("//span[contains(@class,'clamtex-document__language')]")
    _, href = download(own)
    assert href.endswith("leaflet-es.pdf")
    english = built.page("documents/2024-02-01-baseline/")
    assert not english.xpath("//span[contains(@class,'clamtex-document__language')]")
    fr = built.page("fr/documents/2024-03-01-leaflet/")  # untranslated: the fallback
    assert "la page de ce document est affichée en anglais" in text_of(
        fr.xpath("//p[contains(@class,'clamtex-notice')]")[0])
    assert text_of(fr.xpath("//span[contains(@class,'clamtex-document__language')]")[0]) \
        == "En anglais"
    [article] = fr.xpath("//article[contains(@class,'clamtex-document')]")
    assert article.get("lang") == "en"


def test_the_partner_page_lists_its_documents(built: BuiltSite) -> None:
    partner = built.page("partners/alpha/")
    section = partner.xpath("//section[@aria-labelledby='partner-documents']")[0]
    assert section.xpath(".//h3/a/text()") == ["Project leaflet",
                                               "Baseline benchmarking report"]
    assert "Deliverable D2.1" in text_of(section)
    es = built.page("es/partners/alpha/")
    assert "Resultados en los que participa" in text_of(es)


def test_news_and_documents_link_each_other(built: BuiltSite) -> None:
    news = built.page("news/2024-03-05-second-meeting/")
    [section] = news.xpath("//section[@aria-labelledby='news-documents']")
    assert section.xpath(".//h3/a/text()") == ["Baseline benchmarking report"]
    other = built.page("news/2024-01-10-first-meeting/")
    assert not other.xpath("//section[@aria-labelledby='news-documents']")
    doc = built.page("documents/2024-02-01-baseline/")
    links = doc.xpath("//ul[@class='clamtex-document__news']//a")
    assert [text_of(a) for a in links] == ["Second meeting"]
    assert links[0].get("href").endswith("news/2024-03-05-second-meeting/")


def test_document_json_ld(built: BuiltSite) -> None:
    def data(url: str) -> dict:
        [script] = built.page(url).xpath("//script[@class='clamtex-document-data']")
        return json.loads(script.text)

    report = data("documents/2024-02-01-baseline/")
    assert report["@type"] == "Report" and report["reportNumber"] == "D2.1"
    assert report["datePublished"] == "2024-02-01"
    assert report["encoding"]["encodingFormat"] == "application/pdf"
    assert report["encoding"]["contentUrl"] == \
        "https://multi.example.org/assets/documents/d2-1-baseline.pdf"
    assert report["encoding"]["contentSize"] == f"{len(BIG)} B"
    assert report["author"][0]["name"] == "Alpha Cluster"
    es = data("es/documents/2024-02-01-baseline/")
    assert es["inLanguage"] == "es" and es["encoding"]["inLanguage"] == "en"
    assert es["name"] == "Informe de referencia"
    leaflet = data("documents/2024-03-01-leaflet/")
    assert leaflet["@type"] == "DigitalDocument"


def test_documents_join_the_sitemap_hreflang_and_the_search_index(built: BuiltSite) -> None:
    sitemap = built.path("sitemap.xml").read_text(encoding="utf-8")
    assert "https://multi.example.org/documents/</loc>" in sitemap
    assert "https://multi.example.org/es/documents/2024-02-01-baseline/</loc>" in sitemap
    page = built.path("documents/2024-02-01-baseline/").read_text(encoding="utf-8")
    assert "data-pagefind-body" in page
    hreflang = built.page("documents/2024-02-01-baseline/").xpath(
        "//link[@rel='alternate'][@hreflang]/@hreflang")
    assert set(hreflang) == {"en", "es", "x-default"}
    fallback = built.path("fr/documents/2024-03-01-leaflet/").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in fallback  # the English text is indexed in English
    results = built.path("documents/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in results


def test_a_site_without_documents_has_no_results_page(multilingual_site: BuiltSite) -> None:
    assert not multilingual_site.path("documents/").exists()
    page = multilingual_site.path("partners/alpha/").read_text(encoding="utf-8")
    assert "partner-documents" not in page


def check_lines(project: Path, name: str) -> list[str]:
    result = run_clamtex("check", cwd=project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    return [line for line in (result.stdout + result.stderr).splitlines() if name in line]


@pytest.mark.parametrize(("front", "data", "words"), [
    ("file: assets/documents/nope.pdf\n", None, "file not found"),
    ("file: assets/documents/x.pdf\n", b"", "is empty"),
    ("file: assets/documents/x.pdf\n", b"\x89PNG\r\n\x1a\n" + b"0" * 40,
     "is a png image, not a pdf file"),
    ("file: assets/documents/x.pdf\n", b"<!DOCTYPE html><html>Not found</html>",
     "is a web page"),
    ("file: assets/documents/x.pdf\n", pdf_bytes()[:-30], "cut short"),
    ("file: assets/documents/x.docx\n", office_bytes("xl/workbook.xml"),
     "is a xlsx file, not docx"),
    ("file: assets/documents/x.txt\n", b"hello", "use one of: .pdf, .docx"),
    ("file: assets/documents/x.png\n", b"\x89PNG\r\n\x1a\n", "is an image"),
    ("file: documents/x.pdf\n", None, "not under content/assets/"),
    ("", None, "missing"),
])
def test_check_names_a_bad_file_in_one_line(tmp_path: Path, front: str, data: bytes | None,
                                            words: str) -> None:
    assets = {}
    if data is not None:
        assets[front.split(": ", 1)[1].strip()] = data
    name = "en/documents/2024-02-02-broken.md"
    text = f"---\ntitle: Broken\ndate: 2024-02-02\ntype: report\n{front}---\n\nText.\n"
    project = with_documents(tmp_path / "p", {name: text}, assets)
    lines = check_lines(project, "2024-02-02-broken.md")
    assert any(": file: " in line and words in line.lower() for line in lines), lines
    assert all(line.count("2024-02-02-broken.md") == 1 for line in lines)


def test_check_refuses_a_bad_type_and_an_unknown_news_item(tmp_path: Path) -> None:
    name = "en/documents/2024-02-02-broken.md"
    text = ("---\ntitle: Broken\ndate: 2024-02-02\ntype: brochure\n"
            "file: assets/documents/leaflet-en.pdf\n"
            "news: [news/2024-03-05-second-meting.md]\n---\n\nText.\n")
    lines = check_lines(with_documents(tmp_path / "p", {name: text}), "2024-02-02-broken.md")
    assert any(":4: type: 'brochure' is not a document type" in line
               and "deliverable, report, study" in line for line in lines), lines
    text = text.replace("brochure", "leaflet")
    lines = check_lines(with_documents(tmp_path / "q", {name: text}), "2024-02-02-broken.md")
    assert any(": news: unknown news item" in line
               and "news/2024-03-05-second-meeting.md" in line for line in lines), lines


def test_the_build_stops_on_a_bad_translated_file(tmp_path: Path) -> None:
    files = dict(FILES)
    files["es/documents/2024-03-01-leaflet.md"] = LEAFLET_ES.replace("leaflet-es.pdf",
                                                                     "leaflet-pt.pdf")
    project = with_documents(tmp_path / "p", files)
    result = run_clamtex("build", "-d", "out", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert ("content/es/documents/2024-03-01-leaflet.md:3: file: file not found: "
            "assets/documents/leaflet-pt.pdf") in result.stdout + result.stderr
    assert not (project / "out").exists()
