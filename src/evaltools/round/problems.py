"""Validation problems: collected, never raised one at a time, and told in Dutch."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from evaltools.round.errors import EvaltoolsError
from evaltools.round.text_safety import printable


def _natural(text: str) -> tuple:
    """'regel 9' before 'regel 12', 'KPI!D3' before 'KPI!D10'."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one input file, in words a consultant understands.

    ``place`` is a sheet and cell (``Criteria!C7``), a line (``regel 12``) or empty when the
    problem concerns the file as a whole.
    """

    file: str
    place: str
    field: str
    found: str
    expected: str

    def _key(self) -> tuple:
        return tuple(_natural(getattr(self, f.name)) for f in fields(self))

    def __lt__(self, other: Problem) -> bool:
        return self._key() < other._key()

    def __str__(self) -> str:
        where = f"{self.file}, {self.place}" if self.place else self.file
        field = f"veld '{self.field}': " if self.field else ""
        # input text is shown, never acted on: a terminal escape in a value stays visible
        return printable(f"{where}: {field}gevonden {self.found}; verwacht: {self.expected}.")


class InvalidRound(EvaltoolsError):
    """Raised when a round has problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_problems(self.problems))


def empty_file(file: str, expected: str) -> Problem:
    """The problem of a file that has no bytes at all."""
    return Problem(file, "", "", "een leeg bestand (0 bytes)", expected)


def format_problems(problems: list[Problem]) -> str:
    """All problems as one Dutch text, one per line, with a count first."""
    count = len(problems)
    header = "1 probleem gevonden" if count == 1 else f"{count} problemen gevonden"
    lines = [f"{header} in de invoer (er is niets overschreven):"]
    lines += [f"  - {problem}" for problem in problems]
    return "\n".join(lines)


def shown(value: object) -> str:
    """A found value as it appears in a message: quoted, or 'niets' when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "niets (leeg)"
    return f"'{value}'"
