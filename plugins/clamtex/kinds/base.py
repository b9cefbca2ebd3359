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
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from clamtex.config import ClamtexConfig
from clamtex.content.frontmatter import SourceFile
from clamtex.content.model import Entry, FieldSpec, Loader, Site, Text, plain_text
from clamtex.content.schedule import State
from clamtex.outputs.cms import CmsCollection
from clamtex.structure.listings import Listing
from clamtex.structure.views import PageView, ViewFactory

T = TypeVar("T")


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
    # Whether a language lists the kind's untranslated entries only when the site says so
    # (`show_untranslated`), as news do; and the key of the kind's one listing page.
    follows_show_untranslated: ClassVar[bool] = False
    index_key: ClassVar[str | None] = None
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
        """The published entries (an untranslated one shows the original's text); for a
        kind that follows `show_untranslated`, the translated ones only unless it is on."""
        published = site.published(self.name)
        if show_untranslated or not self.follows_show_untranslated:
            return published
        return [entry for entry in published if entry.is_translated(lang)]

    def listings(self, shown: list[Entry], lang: str) -> list[Listing]:
        """The kind's one listing page (`index_key`), when it has entries to list."""
        if self.index_key is None or not shown:
            return []
        return [Listing("index", self.index_key, tuple(shown), owner=self.name)]

    def neighbours(self, shown: list[Entry]) -> dict[str, tuple[Entry | None, Entry | None]]:
        return {}

    # -- views -----------------------------------------------------------------------

    def page_view(self, views: ViewFactory, entry: Entry) -> PageView:
        return views.base("page", entry.key)

    def memo(self, views: ViewFactory, entry: Entry, make: Callable[[], T]) -> T:
        """What `make` makes of an entry (its card), once per language: listings, the home
        page and partners' pages show the same card."""
        made: dict[str, Any] = views.memo.setdefault(self.name, {})
        if entry.key not in made:
            made[entry.key] = make()
        return made[entry.key]

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
