"""Error types: every failure the user can fix carries a place (FILE:LINE:COLUMN)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, at one place."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return text.replace("\r", "\\r").replace("\n", "\\n")  # one problem, one line


class KBError(Exception):
    """Base of every error the CLI reports without a traceback."""


class InputError(KBError):
    """The input is wrong: one or more problems, each with its place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(KBError):
    """A build step failed for a reason outside the input (a tool, the disk)."""


def format_path(loc: tuple[str | int, ...]) -> str:
    """Render a location tuple as 'items[3].authorities[0]'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _PLAIN_KEY.match(part):
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else str(part)
    return out
