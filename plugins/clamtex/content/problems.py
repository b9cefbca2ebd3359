"""Problems found in an editor's content: one line each, naming file, field, problem and fix."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from clamtex.exceptions import ClamtexError

# info: nothing is wrong, the editor should know (e.g. an item is scheduled).
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, and how to fix it."""

    file: str
    line: int
    field: str
    message: str
    fix: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}: {self.field}: {prefix}{self.message} ({self.fix})"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class ContentError(ClamtexError):
    """Raised when content has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        lines = "\n".join(str(p) for p in errors)
        super().__init__(f"{lines}\n{len(errors)} content error(s): the site was not built.")


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
