"""Tests for the built-site funding notice check, on small synthetic sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from clamtex.outputs.funding_check import FundingProblem, FundingText, check_site

EN = FundingText(
    statement="Co-funded by the COSME programme of the European Union",
    disclaimer="The content of this site is the sole responsibility of its authors.",
)
ES = FundingText(
    statement="Cofinanciado por el programa COSME de la Unión Europea",
    disclaimer="El contenido de este sitio es responsabilidad exclusiva de sus autores.",
)
EXPECTED = {"en": EN, "es": ES}
EMBLEM = "../assets/clamtex/eu-emblem.svg"


def block(
    text: FundingText,
    *,
    alt: str | None = "",
    src: str = EMBLEM,
    emblem: bool = True,
    statement: str | None = "",
    disclaimer: str | None = "",
    extra: str = "",
) -> str:
    """The footer's funding block; '' means "the right text", None means "leave it out"."""
    alt = text.statement if alt == "" else alt
    statement = text.statement if statement == "" else statement
    disclaimer = text.disclaimer if disclaimer == "" else disclaimer
    parts = ['<section class="clamtex-funding" aria-label="EU funding">']
    if emblem:
        alt_attr = "" if alt is None else f' alt="{alt}"'
        parts.append(
            f'<img class="clamtex-funding__emblem" src="{src}"{alt_attr} width="60" height="40">'
        )
    parts.append(extra)
    if statement is not None:
        parts.append(f'<p class="clamtex-funding__statement">{statement}</p>')
    if disclaimer is not None:
        parts.append(f'<p class="clamtex-funding__disclaimer">{disclaimer}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def as_div(html: str) -> str:
    """The same markup with <div> instead of <section>."""
    return html.replace("<section", "<div").replace("</section>", "</div>")


def page(lang: str | None, footer: str, head: str = "") -> str:
    lang_attr = "" if lang is None else f' lang="{lang}"'
    return (
        f'<!doctype html>\n<html{lang_attr}><head><meta charset="utf-8">{head}'
        f"<title>t</title></head>\n<body><main><h1>Page</h1></main>"
        f"<footer>{footer}</footer></body></html>\n"
    )


def write(site: Path, rel: str, html: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def good_site(site: Path) -> None:
    write(site, "index.html", page("en", block(EN)))
    write(site, "404.html", page("en", block(EN)))
    cache_busted = block(EN, src="/assets/clamtex/eu-emblem.svg?v=1")
    write(site, "news/kick-off/index.html", page("en", cache_busted))
    write(site, "es/index.html", page("es", block(ES)))
    # Whitespace and non-breaking spaces are normalised; a smaller logo beside it is fine.
    write(
        site,
        "es/socios/index.html",
        page(
            "es",
            block(
                ES,
                src="../../assets/clamtex/eu-emblem-bordered.svg",
                statement="Cofinanciado por el programa\n   COSME de la Unión&nbsp;Europea",
                disclaimer=f"  {ES.disclaimer}\n",
                extra='<img src="partner.svg" alt="Partner" width="60" height="30">',
            ),
        ),
    )
    # The block is found whatever its tag, and only by its exact class token.
    div_block = as_div(block(EN)).replace('="clamtex-funding"', '="x clamtex-funding"')
    decoy = '<p class="clamtex-funding-note clamtex-funding__x">See below.</p>'
    write(site, "news/index.html", page("en", decoy + div_block))
    # Ignored: redirects, and anything under pagefind/ or assets/.
    redirect = '<meta http-equiv="Refresh" content="0; url=../es/">'
    write(site, "old/index.html", page(None, "", head=redirect))
    write(site, "pagefind/fragment.html", "<div>no block here</div>")
    write(site, "assets/clamtex/partial.html", page("de", ""))
    write(site, "es/assets/snippet.html", page(None, ""))


def test_good_site_has_no_problems(tmp_path: Path) -> None:
    good_site(tmp_path)
    assert check_site(tmp_path, EXPECTED) == []


BROKEN: dict[str, tuple[str, list[str]]] = {
    "no-block/index.html": (page("en", "<p>Nothing here</p>"), ["funding notice is missing"]),
    "no-emblem/index.html": (page("en", block(EN, emblem=False)), ["EU emblem is missing"]),
    "es/wrong-alt/index.html": (
        page("es", block(ES, alt="Bandera")),
        ["emblem alt text is not the statement in 'es'"],
    ),
    "es/english-alt/index.html": (
        page("es", block(ES, alt=EN.statement)),
        ["emblem alt text is in 'en', page is 'es'"],
    ),
    "no-alt/index.html": (page("en", block(EN, alt=None)), ["emblem has no alt text"]),
    "empty-alt/index.html": (
        page("en", block(EN, alt=" ")),
        ["emblem alt text is not the statement in 'en'"],
    ),
    "es/wrong-language/index.html": (
        page("es", block(ES, statement=EN.statement)),
        ["statement is in 'en', page is 'es'"],
    ),
    "wrong-statement/index.html": (
        page("en", block(EN, statement="Funded by the EU")),
        ["statement is not the expected statement in 'en'"],
    ),
    "no-statement/index.html": (page("en", block(EN, statement=None)), ["statement is missing"]),
    "no-disclaimer/index.html": (page("en", block(EN, disclaimer=None)), ["disclaimer is missing"]),
    "es/english-disclaimer/index.html": (
        page("es", block(ES, disclaimer=EN.disclaimer)),
        ["disclaimer is in 'en', page is 'es'"],
    ),
    "wrong-disclaimer/index.html": (
        page("en", block(EN, disclaimer="All rights reserved.")),
        ["disclaimer is not the expected disclaimer in 'en'"],
    ),
    "de/index.html": (page("de", block(EN)), ["unknown page language"]),
    "no-lang/index.html": (page(None, block(EN)), ["unknown page language"]),
    "larger-logo/index.html": (
        page("en", block(EN, extra='<img src="logo.png" alt="Logo" width="50" height="41">')),
        ["a logo is larger than the EU emblem"],
    ),
    "wrong-src/index.html": (
        page("en", block(EN, src="../img/eu-flag.png")),
        ["EU emblem src is not eu-emblem.svg or eu-emblem-bordered.svg"],
    ),
    "twice/index.html": (
        page("en", block(EN) + block(EN)),
        ["funding notice appears 2 times"],
    ),
    "twice-div/index.html": (
        page("en", as_div(block(EN) * 2)),
        ["funding notice appears 2 times"],
    ),
    "several/index.html": (
        page("es", block(ES, alt=None, statement=EN.statement, disclaimer=None)),
        [
            "emblem has no alt text",
            "statement is in 'en', page is 'es'",
            "disclaimer is missing",
        ],
    ),
    "empty.html": ("", ["page could not be parsed as HTML"]),
}


def test_each_broken_page_reports_its_problem(tmp_path: Path) -> None:
    good_site(tmp_path)
    for rel, (html, _) in BROKEN.items():
        write(tmp_path, rel, html)
    want = [FundingProblem(rel, problem) for rel in sorted(BROKEN) for problem in BROKEN[rel][1]]
    assert check_site(tmp_path, EXPECTED) == want


@pytest.mark.parametrize("rel", sorted(BROKEN))
def test_single_broken_page(tmp_path: Path, rel: str) -> None:
    html, problems = BROKEN[rel]
    write(tmp_path, rel, html)
    assert check_site(tmp_path, EXPECTED) == [FundingProblem(rel, p) for p in problems]


def test_results_are_sorted_by_page(tmp_path: Path) -> None:
    for rel in ("b/index.html", "a.html", "a/z/index.html", "A.html"):
        write(tmp_path, rel, page("en", ""))
    pages = [p.page for p in check_site(tmp_path, EXPECTED)]
    assert pages == sorted(pages) and len(pages) == 4


def test_missing_site_folder(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        check_site(tmp_path / "missing", EXPECTED)


def test_one_bad_page_among_many_is_found(tmp_path: Path) -> None:
    good = page("en", block(EN))
    for i in range(300):
        write(tmp_path, f"p{i // 100}/{i}/index.html", good)
    write(tmp_path, "bad/index.html", page("en", ""))
    problems = check_site(tmp_path, EXPECTED)
    assert problems == [FundingProblem("bad/index.html", "funding notice is missing")]


def test_the_record_of_checked_pages_knows_a_file_only_while_it_is_unchanged(
        tmp_path: Path) -> None:
    from clamtex.outputs.funding import CheckedPages

    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text("<html>checked</html>", encoding="utf-8")
    first = CheckedPages(tmp_path / "record.txt", "salt")
    assert not first.known_file(page.stat()) and not first.known_good(page.read_bytes())
    first.save()  # as after a check with no problem
    second = CheckedPages(tmp_path / "record.txt", "salt")
    assert second.known_file(page.stat())  # the same file: not even read
    assert not CheckedPages(tmp_path / "record.txt", "other wording").known_file(page.stat())
    page.write_text("<html>edited in place</html>", encoding="utf-8")
    assert not second.known_file(page.stat())
    assert not second.known_good(page.read_bytes())
