"""The Nu Html Checker (vnu-jar) reports no errors on the whole built site, and on the
multilingual and edge-case fixture sites (fallbacks, stubs, every field: pages the real
site may not have today)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support import ROOT, BuiltSite

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FILTER_FILE = Path(__file__).with_name("vnu-filter.txt")


def read_filters(path: Path = FILTER_FILE) -> list[tuple[str, re.Pattern[str]]]:
    """(reason, pattern) pairs: every pattern line needs a comment line right above it."""
    filters: list[tuple[str, re.Pattern[str]]] = []
    reason: list[str] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.startswith("#"):
            reason.append(line.lstrip("# ").strip())
        elif line.strip():
            assert reason, f"{path.name}:{number}: filter without a comment giving its reason"
            filters.append((" ".join(reason), re.compile(line)))
            reason = []
        else:
            reason = []
    return filters


@pytest.fixture(scope="module")
def sites(built_site: BuiltSite, multilingual_site: BuiltSite, edge_site: BuiltSite,
          tmp_path_factory: pytest.TempPathFactory) -> list[BuiltSite]:
    """The real site, the fixtures, one whose news item shows a real photograph (the
    image pipeline's <picture> markup, in every place it is used), the five-language
    fixture with events and with documents, and a site started with `clamtex init`."""
    from photos import photo_site
    from support import build_site, run_clamtex
    from test_documents import with_documents
    from test_events import with_events
    from test_init_programmes import HORIZON

    photos = build_site(photo_site(tmp_path_factory.mktemp("photo-validity")))
    events = build_site(with_events(tmp_path_factory.mktemp("events-validity") / "p"))
    documents = build_site(with_documents(tmp_path_factory.mktemp("docs-validity") / "p"))
    tmp = tmp_path_factory.mktemp("init-validity")
    made = run_clamtex("init", str(tmp / "circtex"), *HORIZON, cwd=tmp)
    assert made.returncode == 0, made.stderr
    started = build_site(tmp / "circtex")
    return [built_site, multilingual_site, edge_site, photos, events, documents, started]


@pytest.fixture(scope="module")
def vnu_messages(sites: list[BuiltSite]) -> list[dict[str, object]]:
    """Every message vnu gives on the built sites, from one run of one JVM."""
    if shutil.which("java") is None:
        pytest.fail("Java not found: run `sudo apt-get install default-jre-headless`",
                    pytrace=False)
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR.relative_to(ROOT)} missing: run `npm ci`", pytrace=False)
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html",
         *(str(site.root) for site in sites)],
        capture_output=True, text=True, timeout=600, check=False)
    return json.loads(result.stderr)["messages"]


def where(message: dict[str, object], sites: list[BuiltSite]) -> str:
    path = Path(str(message.get("url", "")).removeprefix("file:"))
    root = next((site.root for site in sites if path.is_relative_to(site.root)), Path("/"))
    return f"{root.parent.name}/{path.relative_to(root)}:{message.get('lastLine', '?')}"


def test_vnu_checked_every_page(vnu_messages: list[dict[str, object]],
                                sites: list[BuiltSite]) -> None:
    """vnu really read the sites: it raised its expected filtered error on every page."""
    pages = {str(m["url"]).removeprefix("file:") for m in vnu_messages}
    missing = [p for site in sites for p in site.html_files() if str(p) not in pages]
    assert not missing, f"vnu gave no message at all for {missing[:5]}"


def test_no_html_errors(vnu_messages: list[dict[str, object]], sites: list[BuiltSite]) -> None:
    filters = read_filters()
    errors = [m for m in vnu_messages if m["type"] in ("error", "non-document-error")]
    left = [m for m in errors
            if not any(pattern.search(str(m["message"])) for _, pattern in filters)]
    assert not left, "\n".join(f"{where(m, sites)}: {m['message']}" for m in left)


def test_every_filter_is_needed(vnu_messages: list[dict[str, object]]) -> None:
    """A filter that matches nothing any more is stale: remove it."""
    errors = [str(m["message"]) for m in vnu_messages if m["type"] == "error"]
    unused = [pattern.pattern for _, pattern in read_filters()
              if not any(pattern.search(text) for text in errors)]
    assert not unused, f"tests/vnu-filter.txt: unused filters {unused}"
