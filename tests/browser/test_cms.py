"""The browser CMS at /admin/, end to end in headless Chromium (no mock of the CMS).

The built fixture site is served on 127.0.0.1; Sveltia CMS works on a local copy of the
repository: its "Work with Local Repository" mode asks the browser for a folder
(`showDirectoryPicker`), which an init script answers with an origin-private (OPFS)
folder filled with the fixture's files. An editor creates a news item in English and
Spanish with an image, edits a partner and translates an existing item; the files are
then copied out of OPFS and must pass `clamtex check`, build, and count as translated in
`clamtex status`. Every request is recorded: none may leave 127.0.0.1.

CLAMTEX_DOC_SCREENSHOTS=1 also writes the screenshots to docs/images/cms-*.png.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import serve
from playwright.sync_api import Browser, Page, expect

from support import ROOT, build_site, fixture_site, run_clamtex, text_of

pytestmark = pytest.mark.browser

PICKER = """
window.showDirectoryPicker = async () => {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle('repo', {create: true});
};
"""
FILL = """async (files) => {
  const root = await navigator.storage.getDirectory();
  const repo = await root.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});
  for (const [path, data] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = repo;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const writable = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writable.write(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
    await writable.close();
  }
}"""
READ = """async () => {
  const files = {};
  const walk = async (dir, prefix) => {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') { await walk(handle, prefix + name + '/'); continue; }
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let text = '';
      for (const b of bytes) text += String.fromCharCode(b);
      files[prefix + name] = btoa(text);
    }
  };
  const root = await navigator.storage.getDirectory();
  await walk(await root.getDirectoryHandle('repo'), '');
  return files;
}"""
NEW_EN = "Open day in Terrassa"
NEW_ES = "Jornada de puertas abiertas en Terrassa"
SECOND_ES = "Segunda reunión"
DATE = "2024-06-15"
SLUG = f"{DATE}-open-day-in-terrassa"


def tiny_png(width: int = 8, height: int = 6) -> bytes:
    """A valid PNG (solid colour) without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\0" + b"\x20\x60\xa0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = fixture_site("multilingual", tmp_path / "project")
    build_site(project)
    return project


@pytest.fixture
def admin(browser: Browser, project: Path) -> Iterator[tuple[Page, list[str]]]:
    """/admin/ of the built fixture, every request recorded, none let out of 127.0.0.1."""
    server, origin = serve(project / "out", project / "out")
    context = browser.new_context(viewport={"width": 1100, "height": 760})
    context.add_init_script(PICKER)
    requests: list[str] = []

    def gate(route) -> None:  # type: ignore[no-untyped-def]
        requests.append(route.request.url)
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", gate)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{origin}/admin/")
    files = {p.relative_to(project).as_posix(): base64.b64encode(p.read_bytes()).decode()
             for p in [project / "mkdocs.yml", *sorted((project / "content").rglob("*"))]
             if p.is_file()}
    page.evaluate(FILL, files)
    yield page, requests
    context.close()
    server.shutdown()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def shot(page: Page, tmp: Path, name: str) -> None:
    path = tmp / f"cms-{name}.png"
    page.screenshot(path=path)
    if os.environ.get("CLAMTEX_DOC_SCREENSHOTS") == "1":
        shutil.copyfile(path, ROOT / "docs" / "images" / path.name)


def enable_locale(page: Page, language: str) -> None:
    """Show `language` in the editor's left pane, and enable it for this entry."""
    page.get_by_role("combobox", name="Switch Locale").first.click()
    page.get_by_role("option", name=re.compile(f"^{language}")).first.click()
    enable = page.get_by_role("button", name=re.compile(f"^Enable .{language}"))
    if enable.count():
        enable.first.click()


def textbox(page: Page, label: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("textbox", name=label, exact=True).first


def open_entry(page: Page, collection: str, title: str) -> None:
    page.get_by_role("treeitem", name=collection).click()
    page.get_by_text(title).first.click()


def save(page: Page) -> None:
    saved = page.get_by_text("Entry saved.")
    expect(saved).to_have_count(0, timeout=15_000)  # the previous save's notice is gone
    page.get_by_role("button", name="Save", exact=True).click()
    expect(saved).to_be_visible(timeout=90_000)  # saving is slow on a loaded 2-core machine


def body_editor(page: Page) -> Any:
    """The body's rich-text editor: Sveltia mounts it only once it is scrolled into view."""
    editor = page.locator("[contenteditable=true]").first
    for _ in range(20):
        if editor.count():
            return editor
        page.mouse.move(260, 400)  # over the form's pane
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(100)
    return editor


def status_of(project: Path, key: str, lang: str) -> str:
    result = run_clamtex("status", cwd=project)
    lines = result.stdout.splitlines()
    header = lines[0].split()
    row = next(line.split() for line in lines if line.split()[:1] == [key])
    return row[header.index(lang)]


def test_edit_translate_and_publish_in_the_browser(admin: tuple[Page, list[str]],
                                                   project: Path, tmp_path: Path) -> None:
    page, requests = admin
    assert status_of(project, "news/2024-03-05-second-meeting.md", "es") == "missing"
    before_pt = status_of(project, "news/2024-03-05-second-meeting.md", "pt")
    shot(page, tmp_path, "sign-in")
    page.get_by_role("button", name="Work with Local Repository").click()
    expect(page.get_by_text("First meeting")).to_be_visible()
    shot(page, tmp_path, "collections")

    # A news item in English and Spanish, with an uploaded image and its descriptions.
    page.get_by_role("button", name="New").click()
    textbox(page, "Title").fill(NEW_EN)
    page.locator("input[type=date]").fill(DATE)
    page.get_by_role("textbox", name="Summary").first.fill("Partners opened their doors.")
    page.get_by_role("checkbox", name="Meetings").click()
    image = tmp_path / "Team Photo.png"
    image.write_bytes(tiny_png())
    page.locator("input[type=file]").first.set_input_files(image)
    textbox(page, "Image alt").fill("Visitors at the Alpha Cluster stand")
    body_editor(page).fill("Many visitors came.")
    enable_locale(page, "Spanish")
    shot(page, tmp_path, "translate")
    textbox(page, "Title").fill(NEW_ES)
    textbox(page, "Image alt").fill("Visitantes en el estand de Alpha Cluster")
    body_editor(page).fill("Vinieron muchos visitantes.")
    page.get_by_role("switch", name="This translation is up to date with the original").click()
    save(page)
    shot(page, tmp_path, "saved")

    # An existing partner profile: a shared fact, in the original only.
    open_entry(page, "Partners", "Alpha Cluster")
    textbox(page, "City").fill("Sabadell")
    save(page)

    # A translation added to an existing item (English and Portuguese so far).
    open_entry(page, "News", "Second meeting")
    enable_locale(page, "Spanish")
    textbox(page, "Title").fill(SECOND_ES)
    body_editor(page).fill("Los socios se reunieron de nuevo.")
    page.get_by_role("switch", name="This translation is up to date with the original").click()
    save(page)

    files = {name: base64.b64decode(data) for name, data in page.evaluate(READ).items()}
    for name, data in files.items():
        if name.startswith("content/"):
            target = project / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    english = (project / f"content/en/news/{SLUG}.md").read_text("utf-8")
    spanish = (project / f"content/es/news/{SLUG}.md").read_text("utf-8")
    assert "\nimage: assets/images/team-photo.png\n" in english, english + spanish
    assert (project / "content/assets/images/team-photo.png").read_bytes() == tiny_png()
    assert "source_hash" not in english and "stub" not in english
    assert "date:" not in spanish and "image:" not in spanish  # shared: the original only
    assert "source_hash:" in spanish and "translation_up_to_date" not in spanish

    check = run_clamtex("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    built = build_site(project)
    assert NEW_ES in text_of(built.page("es/news/"))
    assert status_of(project, f"news/{SLUG}.md", "es") == "translated"
    assert status_of(project, f"news/{SLUG}.md", "fr") == "missing"
    assert status_of(project, "news/2024-03-05-second-meeting.md", "es") == "translated"
    assert status_of(project, "news/2024-03-05-second-meeting.md", "pt") == before_pt
    partner = (project / "content/en/partners/alpha.md").read_text("utf-8")
    assert "city: Sabadell" in partner and "logo: assets/partners/alpha.svg" in partner
    assert "city:" not in (project / "content/es/partners/alpha.md").read_text("utf-8")
    assert SECOND_ES in text_of(built.page("es/news/2024-03-05-second-meeting/"))

    hosts = {urlparse(url).hostname for url in requests}
    assert hosts == {"127.0.0.1"}, sorted(url for url in requests if "127.0.0.1" not in url)
