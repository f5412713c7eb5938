"""Findings of the review of a round (``evaltools check``) and of the privacy check.

A finding is not a validation problem: the input can be read, but something in it needs a
consultant's attention before the report goes out. ``fout`` must be solved; ``waarschuwing``
must be looked at.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "fout"
WARNING = "waarschuwing"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Finding:
    severity: str
    """'fout' or 'waarschuwing'."""
    check: str
    """The short Dutch name of the check, e.g. 'cel zonder bewijs'."""
    file: str
    """The input file the finding is about (relative to data/raw), or '' for the round."""
    place: str
    """Sheet and cell, 'regel N', 'alinea N', or ''."""
    message: str
    subject: str = ""
    """What the finding is about, in words that stay when the message is reworded or the
    file's lines move (a cell 'groeihub – innovatie', a budget line); '' when only its place
    says it. A decision (controle/besluiten.yaml, 'betreft') names a finding by it."""

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, self.place) if part)
        return f"{where}: {self.message}" if where else self.message


def sort_findings(findings: list[Finding], order: tuple[str, ...] = ()) -> list[Finding]:
    """Errors first, then by check (in ``order`` where given), file and place; no duplicates."""
    rank = {check: index for index, check in enumerate(order)}
    return sorted(
        set(findings),
        key=lambda f: (
            SEVERITIES.index(f.severity),
            rank.get(f.check, len(rank)),
            f.check,
            f.file,
            _place_key(f.place),
            f.message,
        ),
    )


def _place_key(place: str) -> tuple:
    """'regel 9' before 'regel 12'."""
    head, _, number = place.rpartition(" ")
    return (head, int(number)) if number.isdigit() else (place, 0)
