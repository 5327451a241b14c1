"""Problems found in content, collected and reported together.

Editors fix content from these messages, so every problem names the file first,
then the field, then whether it is an error or a warning and what is wrong:
``content/stories/x.md:7: papers[1].source: error: unknown source 'foo'``. Nothing
raises on the first problem; callers collect them all and raise one
:class:`ContentError` at the end.
"""

from __future__ import annotations

import enum
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from papertrail.content.urls import DIRECTION_CONTROLS


class Severity(enum.Enum):
    """How serious a problem is: errors fail ``check`` and the build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file.

    Attributes:
        path: The file, as the editor knows it (relative to the project where possible).
        field: Dotted path of the field inside the file (``papers[1].source``), or ``""``
            when the problem is with the file as a whole.
        message: What is wrong, in words an editor can act on.
        line: 1-based line in the file, when known.
        severity: Error or warning.
    """

    path: str
    line: int | None
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        parts.append(f"{self.severity.value}: {self.message}")
        return printable(": ".join(parts))

    @property
    def is_error(self) -> bool:
        """Whether the problem fails a check or build."""
        return self.severity is Severity.ERROR


# Characters a terminal or a log would act on rather than show: controls (a newline
# in a file name split a problem into two lines) and direction controls.
_UNPRINTABLE = re.compile(rf"[\x00-\x1f\x7f-\x9f{DIRECTION_CONTROLS}]")


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\n``, ``\\u202e``), on one line."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, then line, so each file's problems read together."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))


class ContentError(Exception):
    """Raised once, with every problem found, when content has errors."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sort_problems(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = [str(p) for p in self.problems]
        count = len(errors)
        header = f"{count} problem{'s' if count != 1 else ''} in content:"
        super().__init__("\n".join([header, *lines]))


def display_path(path: Path, base: Path | None = None) -> str:
    """Return ``path`` relative to ``base`` (or the working directory) when it lies below it.

    Args:
        path: The file.
        base: The directory messages should be relative to; the working directory if None.
    """
    base = base if base is not None else Path.cwd()
    # abspath, not resolve: a linked file is named where the editor sees it, not by
    # where the link points.
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        return path.as_posix()
