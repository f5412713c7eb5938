"""Interview notes as plain values: front matter and one fragment per bullet."""

from __future__ import annotations

from dataclasses import dataclass

from evaltools.models import InterviewMeta

FRAGMENT_KINDS = ("sterkte", "aandachtspunt", "context")


@dataclass(frozen=True)
class Fragment:
    hub: str
    criterion: str
    number: int
    kind: str
    text: str
    line: int

    @property
    def evidence_id(self) -> str:
        return f"iv-{self.hub}-{self.criterion}-{self.number}"


@dataclass(frozen=True)
class InterviewNote:
    meta: InterviewMeta
    fragments: list[Fragment]
