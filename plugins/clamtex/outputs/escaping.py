"""How values reach the HTML: escaped by default, HTML only where marked so, here.

Every template (ours and Material's) is compiled with Jinja's autoescaping on, so any
value printed with `{{ ... }}` is escaped for HTML text and attributes, whatever it is:
front matter, mkdocs.yml, the locale files. The only values that are HTML, and so are
marked `Markup` (printed as they are), are marked in this module:

- `page.content`: MkDocs' rendered Markdown (docs/editors.md says what it may contain);
- the table of contents' titles (`AnchorLink.title`, HTML from the rendered headings);
- JSON for a `<script>` element (`script_json`: JSON-LD, already safe there).

A page's title taken from its rendered first heading is HTML too (entities kept, tags
stripped): it is turned into plain text, like every other title, so that templates,
the navigation and seo.py all get text.

Material's translation macros (`partials/language.html`, `partials/languages/*.html`)
produce text, not HTML: they are compiled without autoescaping, so `lang.t(...)` is a
plain string that the template printing it escapes (in HTML) or encodes (`tojson`).
See docs/architecture.md, "How escaping works".
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from clamtex.mkdocs_internals import set_title_from_render, title_from_render

# Templates whose output is text (it is escaped where it is printed).
TEXT_TEMPLATES = ("partials/language.html", "partials/languages/")
# Compiled templates depend on the escaping policy, which the bytecode cache's key (the
# template's name and source) does not see: the policy's hash names the cached files.
POLICY = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def autoescape(template_name: str | None) -> bool:
    """Jinja's autoescape policy: on for every template but Material's text macros."""
    return not (template_name or "").startswith(TEXT_TEMPLATES)


def install(env: jinja2.Environment) -> None:
    """Turn autoescaping on for the build's templates (MkDocs leaves it off)."""
    env.autoescape = autoescape
    cache = env.bytecode_cache
    if isinstance(cache, jinja2.FileSystemBytecodeCache):
        # Never load a template compiled under another policy (e.g. before this one).
        cache.pattern = f"__clamtex_{POLICY}_%s.cache"


def mark_html(page: Any) -> None:
    """Mark the page's values that are HTML, just before its template renders them."""
    page.content = Markup(page.content or "")
    _mark_toc(getattr(page, "toc", None) or [])


def _mark_toc(items: Any) -> None:
    for item in items:
        item.title = Markup(item.title)
        _mark_toc(item.children)


def title_as_text(page: Any) -> None:
    """Make the title MkDocs took from the rendered first heading plain text.

    MkDocs keeps that title as HTML (`S&lt;M`) but a title from front matter or
    mkdocs.yml as text: after this every `page.title` is text, escaped where printed.
    """
    title = title_from_render(page)
    if title and not isinstance(title, _Text):  # never unescaped twice
        set_title_from_render(page, _Text(html.unescape(title)))


class _Text(str):
    """A rendered heading's title already turned into text."""


def script_json(data: Any) -> Markup:
    """JSON safe inside <script>: <, > and & escaped so nothing can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e")
                  .replace("&", "\\u0026"))
