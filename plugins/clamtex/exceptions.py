"""Every error type of clamtex, in one leaf module that imports nothing of ours.

Each carries a message written for editors: one line naming the file or setting, the
problem and the fix. The commands print it as `error: <message>` and exit non-zero.
"""

from __future__ import annotations


class ClamtexError(Exception):
    """An error an editor or the machine can cause (never a bug): its message is for people."""


class ProjectError(ClamtexError):
    """mkdocs.yml cannot be read; the message says why, in one line."""


class BuildFailed(ClamtexError):
    """The build or a check failed; the message says why, in editors' words."""


class SearchIndexError(ClamtexError):
    """Pagefind failed; the message is one line."""


class CacheChanged(ClamtexError):
    """A cached page vanished during the build (another build pruned it)."""


class ScaffoldError(ClamtexError):
    """Nothing was written; the message is one line naming the problem and the fix."""


class MarkError(ClamtexError):
    """The file cannot be marked; the message is one line naming file and fix."""


class CmsError(ClamtexError):
    """The browser CMS cannot be written (its pinned bundle changed); one line."""
