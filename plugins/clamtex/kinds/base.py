"""`ContentKind`: one content type (news, partners, pages, events, ...) as one unit.

A kind says, in its own module: which files are its entries and what their front matter
holds (fields, validation: the loader calls `load`), which of them a language shows and
the listing pages it generates (the plan calls `shown`, `listings`, `neighbours`), the
views of its pages and what it adds to other pages (the view factory calls `page_view`,
`listing_view`, `extend`), the templates of its page kinds and whether they are searched,
its own outputs after each language (feeds, calendars: `write`), the reserved
addresses it generates, and its collection in the browser CMS (`cms_collection`). The
layers below know no kind: they call these methods through the Protocols they define
(content.model.EntryKind, structure.plan.PlanKind, structure.views.ViewKind,
outputs.cms.CmsKind). Kinds are registered in one place: clamtex.kinds.KINDS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from clamtex.config import ClamtexConfig
from clamtex.content.frontmatter import SourceFile
from clamtex.content.model import Entry, FieldSpec, Loader, Site, Text, plain_text
from clamtex.content.schedule import State
from clamtex.outputs.cms import CmsCollection
from clamtex.structure.listings import Listing
from clamtex.structure.views import PageView, ViewFactory


class ContentKind:
    """The defaults of a kind: no listings, no neighbours, nothing added elsewhere."""

    name: ClassVar[str]
    fields: tuple[FieldSpec, ...] = ()
    load_order: ClassVar[int] = 50
    # page kind -> template (theme/clamtex/...); page kinds shown at full width; page
    # kinds whose content goes into the search index.
    templates: ClassVar[Mapping[str, str]] = {}
    full_width: ClassVar[frozenset[str]] = frozenset()
    searchable: ClassVar[frozenset[str]] = frozenset()
    # The kind's collection in the browser CMS ("" = not edited there): see cms_collection.
    collection: ClassVar[str] = ""

    def __init__(self, options: ClamtexConfig) -> None:
        self.options = options

    # -- content ---------------------------------------------------------------------

    def claims(self, key: str) -> bool:
        raise NotImplementedError

    def load(self, loader: Loader, key: str, source: SourceFile,
             fields: dict[str, Any]) -> Entry | None:
        raise NotImplementedError

    def translation(self, loader: Loader, entry: Entry, source: SourceFile,
                    fields: dict[str, Any]) -> Text:
        return plain_text(entry, source, fields)

    def finish(self, loader: Loader) -> None:
        return None

    def coming(self, site: Site) -> list[tuple[dt.date, str, Entry, bool]]:
        """What is to come, for `clamtex status` and `check`: (date, its field, entry,
        whether the site does not show it yet). Dated kinds: their scheduled entries."""
        return [(day, "date", entry, True) for entry in site.items.get(self.name, ())
                if site.state_of(entry) is State.SCHEDULED and (day := entry.lastmod())]

    def reserved(self, dest: str) -> str | None:
        """What the kind generates at `dest` (a path of a language's folder in site/)."""
        return None

    # -- structure -------------------------------------------------------------------

    def shown(self, site: Site, lang: str, show_untranslated: bool) -> list[Entry]:
        """The published entries: an untranslated one shows the original's text."""
        return site.published(self.name)

    def listings(self, shown: list[Entry], lang: str) -> list[Listing]:
        return []

    def neighbours(self, shown: list[Entry]) -> dict[str, tuple[Entry | None, Entry | None]]:
        return {}

    # -- views -----------------------------------------------------------------------

    def page_view(self, views: ViewFactory, entry: Entry) -> PageView:
        return views.base("page", entry.key)

    def listing_view(self, views: ViewFactory, listing: Listing) -> PageView:
        raise NotImplementedError(f"{self.name} has no listings")

    def extend(self, views: ViewFactory, view: PageView) -> None:
        return None

    # -- outputs ---------------------------------------------------------------------

    def cms_collection(self, site: Site) -> CmsCollection | None:
        """The kind's collection in the browser CMS at /admin/ (outputs/cms.py): where its
        files are, their name rule and the widgets of its own fields; the fields themselves
        are `fields`."""
        return None

    def write(self, site_dir: Path, views: ViewFactory) -> None:
        """The kind's own files of one language (feeds, calendars), after its pages."""
        return None
