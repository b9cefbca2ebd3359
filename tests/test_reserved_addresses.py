"""A content file where the site writes a file of its own (robots.txt, the sitemap, the
search index, the theme's assets...) is an error in check and build, never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import fixture_site, run_clamtex

CASES = [
    ("robots.txt", "User-agent: *\n", "robots.txt"),
    ("en/sitemap.xml", "<urlset/>\n", "the sitemap"),
    ("pagefind/pagefind.js", "//\n", "the search index"),
    ("assets/clamtex/clamtex.css", "body{}\n", "the theme's own files"),
    ("admin/index.html", "<p>mine</p>\n", "the browser editor"),
]


@pytest.mark.parametrize(("path", "text", "what"), CASES, ids=[c[0] for c in CASES])
def test_a_file_at_the_sites_own_address_is_an_error(tmp_path: Path, path: str, text: str,
                                                     what: str) -> None:
    project = fixture_site("minimal", tmp_path / "project")
    target = project / "content" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    expected = f"content/{path}:1: file: would be published at "
    for command in (("check",), ("build", "-d", "out")):
        result = run_clamtex(*command, cwd=project)
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        lines = [line for line in output.splitlines() if expected in line]
        assert len(lines) == 1 and f"where the site generates {what}" in lines[0], output
    assert not (project / "out").exists()
