"""The folder data/raw/<ronde>/controle read back: the decisions on the findings of the check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evaltools.round.decisions import (
    DECISIONS_FILE,
    DecisionsFile,
    RecordedDecision,
    duplicate_places,
)
from evaltools.round.models import parse_model
from evaltools.round.problems import Problem
from evaltools.round.yaml_source import read_yaml


def read_decisions(
    folder: Path, label: Callable[[Path], str]
) -> tuple[list[RecordedDecision], list[Problem]]:
    """Read ``<ronde>/controle/besluiten.yaml``; no folder or no file: no decisions.

    Every problem at once: the schema (each decision needs controle, bestand, besluit, reden
    and rol), two decisions on one finding, and any other file in the folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return [], []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name != DECISIONS_FILE and not path.name.startswith("."):
            problems.append(
                Problem(
                    label(path),
                    "",
                    "",
                    "een onbekend bestand",
                    f"in de map controle alleen {DECISIONS_FILE} (de besluiten over de "
                    "bevindingen van 'evaltools check'); zet andere bestanden elders",
                )
            )
    path = folder / DECISIONS_FILE
    if not path.is_file():
        return [], problems
    file = label(path)
    source, found = read_yaml(path, file)
    problems += found
    if source is None:
        return [], problems
    parsed, found = parse_model(DecisionsFile, source, file)
    problems += found
    if parsed is None:
        return [], problems
    recorded = [
        RecordedDecision(decision, file, source.place(("besluiten", index)))
        for index, decision in enumerate(parsed.decisions)
    ]
    problems += decision_problems(recorded)
    return recorded, problems


def decision_problems(recorded: list[RecordedDecision]) -> list[Problem]:
    """Two decisions on one finding; a decision that gives both what and where."""
    problems = [
        Problem(
            item.file,
            item.place,
            "controle",
            f"een tweede besluit over dezelfde bevinding ({item.decision.check}, "
            f"{item.decision.file}, {item.decision.about or 'het hele bestand'}; het eerste "
            f"staat op {earlier})",
            "één besluit per bevinding: haal een van beide weg",
        )
        for item, earlier in duplicate_places(recorded)
    ]
    problems += [
        Problem(
            item.file,
            item.place,
            "betreft",
            "zowel 'betreft' als 'plaats'",
            "één van beide, zoals 'evaltools check' de bevinding noemt: 'betreft' als de "
            "bevinding dat noemt, anders 'plaats'",
        )
        for item in recorded
        if item.decision.subject.strip() and item.decision.place.strip()
    ]
    problems += [
        Problem(
            item.file,
            item.place,
            key,
            f"nog de invulhulp '{value}'",
            "de reden in woorden voor de lezer van het rapport, en een rol (geen naam)",
        )
        for item in recorded
        for key, value in (("reden", item.decision.reason), ("rol", item.decision.role))
        if value.startswith("<") and value.endswith(">")
    ]
    return problems
