"""Whole-cell citations: a statement that cites a whole cell of a zelfevaluatie form (its
per-cell id, ``ze-<hub>-<criterium>-sterktes``) instead of the points it rests on (pure).

A per-cell id still reads (earlier rounds cited cells) and stands for every point of the
cell, so a reviewer who follows the code finds several texts, most of which the statement may
not rest on. The check names the statement and the points to choose from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from evaltools.ingest.evidence import cell_aliases
from evaltools.ingest.raw_round import RawRound
from evaltools.ingest.validate import catalogue
from evaltools.round.findings import WARNING, Finding
from evaltools.round.models import Assessment

CHECK = "hele cel als bron"


def whole_cell_findings(raw: RawRound) -> list[Finding]:
    """A warning for every statement that cites a cell holding more than one point."""
    evidence = catalogue(raw)
    codes = {item.id: f"B{number}" for number, item in enumerate(evidence, start=1)}
    cells = {cell: ids for cell, ids in cell_aliases(evidence).items() if len(ids) > 1}
    findings = []
    for file, assessment, source in raw.assessments:
        for location, text, cited in _statements(assessment):
            for cell in (source for source in cited if source in cells):
                points = ", ".join(f"{i} ({codes[i]})" for i in cells[cell])
                findings.append(
                    Finding(
                        WARNING,
                        CHECK,
                        file,
                        source.place((*location, "bronnen")),
                        f"de uitspraak '{_clip(text)}' noemt de hele cel {cell} als bron: "
                        f"{len(cells[cell])} punten ({points}); noem in 'bronnen' alleen de "
                        "punten waarop de uitspraak rust",
                    )
                )
    return findings


def _statements(assessment: Assessment) -> Iterator[tuple[tuple[Any, ...], str, list[str]]]:
    """(location in the beoordeling, text, cited ids) of every statement with sources."""
    for criterion, judgement in assessment.criteria.items():
        for column, items in (
            ("sterktes", judgement.strengths),
            ("aandachtspunten", judgement.attention),
        ):
            for index, statement in enumerate(items):
                yield ("criteria", criterion, column, index), statement.text, statement.sources
    for index, statement in enumerate(assessment.conditions):
        yield ("randvoorwaarden", index), statement.text, statement.sources
    if assessment.distinctive is not None:
        distinctive = assessment.distinctive
        yield ("onderscheidend",), distinctive.text, distinctive.sources


def _clip(text: object, length: int = 70) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"
