"""Interview notes as plain values: front matter and one fragment per bullet."""

from __future__ import annotations

from dataclasses import dataclass

from evaltools.round.models import InterviewMeta

FRAGMENT_KINDS = ("sterkte", "aandachtspunt", "context")


@dataclass(frozen=True)
class Fragment:
    hub: str
    criterion: str
    number: int
    kind: str
    text: str
    place: str
    """Where the fragment stands in its note: ``regel 12`` (Markdown) or ``alinea 7`` (Word)."""

    @property
    def evidence_id(self) -> str:
        return f"iv-{self.hub}-{self.criterion}-{self.number}"


@dataclass(frozen=True)
class InterviewNote:
    meta: InterviewMeta
    fragments: list[Fragment]
    hub_place: str = ""
    """Where the note names its hub, for messages about that hub."""
    date_place: str = ""
    """Where the note gives its date, for messages about that date."""
