"""The browser CMS at /admin/, end to end in headless Chromium (no mock of the CMS).

The built fixture site is served on 127.0.0.1; Sveltia CMS works on a local copy of the
repository: its "Work with Local Repository" mode asks the browser for a folder
(`showDirectoryPicker`), which an init script answers with an origin-private (OPFS)
folder filled with the fixture's files. An editor creates a news item in English and
Spanish with an image, edits a partner and translates an existing item; the files are
then copied out of OPFS and must pass `clamtex check`, build, and count as translated in
`clamtex status`. Every request is recorded: none may leave 127.0.0.1.

The test acts like a careful editor: it types only once nothing covers the form, checks
that each value is in the field and in the preview before going on, and when a save is
refused its failure says why (the CMS's alert, the Validation panel, console errors).

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


EVENT = "events/2024-09-12-partner-meeting.md"
EVENT_EN = """---
title: Partner meeting
summary: The partners meet online.
start: 2024-09-12 10:00
end: 2024-09-12 12:00
timezone: Europe/Madrid
online: true
partners: [alpha]
---

An online meeting of the partners.
"""
EVENT_ES = "Reunión de los socios"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The five-language fixture with one event held online whose link is not public."""
    project = fixture_site("multilingual", tmp_path / "project")
    event = project / "content" / "en" / EVENT
    event.parent.mkdir(parents=True)
    event.write_text(EVENT_EN, encoding="utf-8")
    build_site(project)
    return project


@pytest.fixture
def admin(browser: Browser, project: Path) -> Iterator[tuple[Page, list[str]]]:
    """/admin/ of the built fixture, every request recorded, none let out of 127.0.0.1.

    The page's console errors are kept in CONSOLE[page] for the failure messages.
    """
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
    CONSOLE[page] = errors
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.goto(f"{origin}/admin/")
    files = {p.relative_to(project).as_posix(): base64.b64encode(p.read_bytes()).decode()
             for p in [project / "mkdocs.yml", *sorted((project / "content").rglob("*"))]
             if p.is_file()}
    page.evaluate(FILL, files)
    yield page, requests
    del CONSOLE[page]
    context.close()
    server.shutdown()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def shot(page: Page, tmp: Path, name: str) -> None:
    path = tmp / f"cms-{name}.png"
    page.screenshot(path=path)
    if os.environ.get("CLAMTEX_DOC_SCREENSHOTS") == "1":
        shutil.copyfile(path, ROOT / "docs" / "images" / path.name)


CONSOLE: dict[Page, list[str]] = {}  # console errors of each open admin page


def edit_pane(page: Page, language: str) -> Any:
    """The editor's pane of `language` (Sveltia wraps the name in Unicode isolates)."""
    return page.get_by_role("group", name=re.compile(f"^Edit .?{language}.? Content$"))


def settled(page: Page) -> None:
    """Wait until no popup is open over the editor.

    While a modal <dialog> is open (the list of languages, a menu, or the empty popup that
    Sveltia's "New" button opens with the editor and closes a moment later), the rest of the
    page is inert: a field cannot take the focus, and text typed into it is dropped without
    an error (Playwright's fill does not check for that). That is how the English title was
    lost on a loaded CI machine and the save refused ("Title: This field is required").
    """
    expect(page.locator("dialog:modal")).to_have_count(0, timeout=15_000)


def enable_locale(page: Page, language: str) -> None:
    """Show `language` in the editor's left pane, and enable it for this entry."""
    settled(page)
    page.get_by_role("combobox", name="Switch Locale").first.click()
    page.get_by_role("option", name=re.compile(f"^{language}")).first.click()
    settled(page)
    expect(edit_pane(page, language)).to_be_visible()
    enable = page.get_by_role("button", name=re.compile(f"^Enable .{language}"))
    if enable.count():
        enable.first.click()
        settled(page)


def textbox(page: Page, label: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("textbox", name=label, exact=True).first


def type_into(page: Page, field: Any, value: str) -> None:
    """Fill a field once nothing covers it, and see the value in it (else type it again)."""
    for _ in range(3):
        settled(page)
        field.fill(value)
        try:
            expect(field).to_have_value(value, timeout=2_000)
            return
        except AssertionError:
            continue  # the editor took the focus meanwhile: type it again, like a person
    expect(field).to_have_value(value)


def type_body(page: Page, value: str) -> None:
    """Type the body into the rich-text editor and see it there."""
    editor = body_editor(page)
    for _ in range(3):
        settled(page)
        editor.fill(value)
        try:
            expect(editor).to_have_text(value, timeout=2_000)
            return
        except AssertionError:
            continue
    expect(editor).to_have_text(value)


def preview(page: Page) -> Any:
    """The preview pane: it shows what the CMS holds for the entry, not what the form shows."""
    return page.get_by_role("document", name="Content Preview")


def open_entry(page: Page, collection: str, title: str) -> None:
    settled(page)
    page.get_by_role("treeitem", name=collection).click()
    page.get_by_text(title).first.click()
    expect(page.get_by_role("group", name="Content Editor")).to_be_visible()
    settled(page)


def save(page: Page) -> None:
    """Click Save and wait for the outcome: "Entry saved.", or fail saying why not."""
    saved = page.get_by_text("Entry saved.")
    expect(saved).to_have_count(0, timeout=15_000)  # the previous save's notice is gone
    settled(page)
    button = page.get_by_role("button", name="Save", exact=True)
    expect(button).to_be_enabled()
    button.click()
    # The CMS answers a refused save with an alert (invalid fields) or an alert dialog.
    refused = page.get_by_role("alert").or_(page.get_by_role("alertdialog"))
    # Saving is slow on a loaded 2-core machine.
    expect(saved.or_(refused).first).to_be_visible(timeout=90_000)
    if saved.count():
        return
    raise AssertionError(f"the CMS did not save the entry ({page.url}):\n"
                         + why_not_saved(page, refused))


def why_not_saved(page: Page, refused: Any) -> str:
    """The CMS's own reasons: its alert, the Validation panel, the page's console errors."""
    lines = [f"alert: {' '.join(text.split())}" for text in refused.all_inner_texts()]
    try:
        page.get_by_role("radio", name="Validation").click(timeout=5_000)
        panel = page.get_by_role("group", name="Validation")
        panel.get_by_role("heading").first.wait_for(timeout=5_000)
        lines.append("validation panel: " + " | ".join(
            line.strip() for line in panel.inner_text().splitlines() if line.strip()))
    except Exception as error:  # the reasons are a bonus: never hide the failure itself
        lines.append(f"validation panel: not read ({type(error).__name__})")
    lines += [f"console: {text}" for text in CONSOLE.get(page, [])] or ["console: no errors"]
    return "\n".join(lines)


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
    expect(edit_pane(page, "English")).to_be_visible()
    type_into(page, textbox(page, "Title"), NEW_EN)
    type_into(page, page.locator("input[type=date]"), DATE)
    type_into(page, page.get_by_role("textbox", name="Summary").first,
              "Partners opened their doors.")
    meetings = page.get_by_role("checkbox", name="Meetings")
    settled(page)
    meetings.click()
    expect(meetings).to_be_checked()
    image = tmp_path / "Team Photo.png"
    image.write_bytes(tiny_png())
    page.locator("input[type=file]").first.set_input_files(image)
    # The upload is done when the field shows the file's (slugified) path.
    expect(page.get_by_text("/assets/images/team-photo.png")).to_be_visible()
    type_into(page, textbox(page, "Image alt"), "Visitors at the Alpha Cluster stand")
    type_body(page, "Many visitors came.")
    for text in (NEW_EN, DATE, "Partners opened their doors.", "Meetings",
                 "Visitors at the Alpha Cluster stand", "Many visitors came."):
        expect(preview(page)).to_contain_text(text)  # in the CMS's entry, not just the form
    enable_locale(page, "Spanish")
    shot(page, tmp_path, "translate")
    type_into(page, textbox(page, "Title"), NEW_ES)
    type_into(page, textbox(page, "Image alt"), "Visitantes en el estand de Alpha Cluster")
    type_body(page, "Vinieron muchos visitantes.")
    up_to_date = page.get_by_role("switch", name="This translation is up to date with the original")
    settled(page)
    up_to_date.click()
    expect(up_to_date).to_be_checked()
    for text in (NEW_ES, "Visitantes en el estand de Alpha Cluster",
                 "Vinieron muchos visitantes."):
        expect(preview(page)).to_contain_text(text)
    save(page)
    shot(page, tmp_path, "saved")

    # An existing partner profile: a shared fact, in the original only.
    open_entry(page, "Partners", "Alpha Cluster")
    type_into(page, textbox(page, "City"), "Sabadell")
    expect(preview(page)).to_contain_text("Sabadell")
    save(page)

    # A translation added to an existing item (English and Portuguese so far).
    open_entry(page, "News", "Second meeting")
    enable_locale(page, "Spanish")
    type_into(page, textbox(page, "Title"), SECOND_ES)
    type_body(page, "Los socios se reunieron de nuevo.")
    up_to_date = page.get_by_role("switch", name="This translation is up to date with the original")
    settled(page)
    up_to_date.click()
    expect(up_to_date).to_be_checked()
    expect(preview(page)).to_contain_text("Los socios se reunieron de nuevo.")
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


def copy_out(page: Page, project: Path) -> None:
    """The CMS's local repository (OPFS) written back into the project's content/."""
    files = {name: base64.b64decode(data) for name, data in page.evaluate(READ).items()}
    for name, data in files.items():
        if name.startswith("content/"):
            target = project / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def test_translate_an_event_in_the_browser(admin: tuple[Page, list[str]],
                                           project: Path) -> None:
    page, requests = admin
    assert status_of(project, EVENT, "es") == "missing"
    page.get_by_role("button", name="Work with Local Repository").click()
    expect(page.get_by_text("First meeting")).to_be_visible()
    open_entry(page, "Events", "Partner meeting")
    enable_locale(page, "Spanish")
    type_into(page, textbox(page, "Title"), EVENT_ES)
    type_into(page, page.get_by_role("textbox", name="Summary").first,
              "Los socios se reúnen en línea.")
    type_body(page, "Una reunión en línea de los socios.")
    page.get_by_role("switch", name="This translation is up to date with the original").click()
    expect(preview(page)).to_contain_text(EVENT_ES)
    save(page)
    copy_out(page, project)

    english = (project / "content" / "en" / EVENT).read_text("utf-8")
    spanish = (project / "content" / "es" / EVENT).read_text("utf-8")
    assert "start:" not in spanish and "online:" not in spanish  # shared: the original only
    assert "source_hash:" in spanish
    assert "\nonline: true\n" in english or "\nonline: 'true'\n" in english, english
    check = run_clamtex("check", cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr
    built = build_site(project)
    event_page = text_of(built.page("es/events/2024-09-12-partner-meeting/"))
    assert EVENT_ES in event_page and "10:00" in event_page
    assert status_of(project, EVENT, "es") == "translated"
    hosts = {urlparse(url).hostname for url in requests}
    assert hosts == {"127.0.0.1"}, sorted(url for url in requests if "127.0.0.1" not in url)

