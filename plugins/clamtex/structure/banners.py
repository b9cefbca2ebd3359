"""The banner of a page a real build does not have: a draft or a scheduled item.

Only a drafts preview (`clamtex serve --drafts`) builds such pages (content/schedule.py);
each says so at the top ("Draft: not published", "Scheduled for 10 March 2027"). Any
dated content kind gives its state and date here.
"""

from __future__ import annotations

import datetime as dt

from clamtex.content.schedule import State
from clamtex.l10n import strings as l10n
from clamtex.l10n.strings import Strings


def schedule_banner(state: State, date: dt.date, t: Strings) -> str:
    """The banner's text in the strings' language ('' for a published item)."""
    if state is State.DRAFT:
        return t("ui.draft_banner")
    if state is State.SCHEDULED:
        return t("ui.scheduled_banner", date=l10n.long_date(date, t.babel_locale))
    return ""
