"""On time: what "today" is for a build, and whether a dated item is published yet.

Every content kind with a date (news now; events later) asks here, never the clock:

- `today(timezone, environ)`: the date in the site's time zone (the plugin setting
  `timezone`), or `CLAMTEX_TODAY=YYYY-MM-DD` when set (tests and previews never depend on
  the clock). Computed once per run (`structure/project.settings_from_config`) and handed
  down in `Settings.today`.
- `state(date, draft, today)`: published, scheduled (dated after today) or draft.
- `Visibility.shows(state)`: whether this build has the item's page: a real build has
  only published items; a drafts preview (`clamtex serve --drafts`) has them all, each
  with a banner (structure/banners.py).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clamtex.exceptions import ProjectError

ENV_VAR = "CLAMTEX_TODAY"


class State(enum.Enum):
    """Where a dated item stands on a given day."""

    PUBLISHED = "published"
    SCHEDULED = "scheduled"  # dated after today: published on its date
    DRAFT = "draft"  # `draft: true`: never published until the line goes


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`; ValueError with the fix when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{name}' is not an IANA time zone (write e.g. Europe/Madrid "
                         "or UTC)") from None


def parse_today(value: str) -> dt.date:
    """The value of CLAMTEX_TODAY as a date; ProjectError (one line) when it is not one."""
    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ProjectError(f"{ENV_VAR}: '{text}' is not a date (write YYYY-MM-DD, e.g. "
                           f"{ENV_VAR}=2027-03-10, or unset it to use today's date)") from None


def today(timezone: str, environ: Mapping[str, str],
          now: dt.datetime | None = None) -> dt.date:
    """The build's today: CLAMTEX_TODAY if set, else the date `now` (default: the clock)
    in `timezone`, the site's time zone."""
    value = environ.get(ENV_VAR, "")
    if value.strip():
        return parse_today(value)
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return moment.astimezone(time_zone(timezone)).date()


def state(date: dt.date, draft: bool, today: dt.date) -> State:
    """Published from its date on (`today >= date`), unless it is a draft."""
    if draft:
        return State.DRAFT
    return State.SCHEDULED if date > today else State.PUBLISHED


@dataclass(frozen=True)
class Visibility:
    """Which states a build has pages for."""

    drafts: bool = False  # a drafts preview: drafts and scheduled items, with banners
    future: bool = False  # the older `show_future` option: scheduled items too

    def shows(self, item_state: State) -> bool:
        if item_state is State.PUBLISHED or self.drafts:
            return True
        return item_state is State.SCHEDULED and self.future
