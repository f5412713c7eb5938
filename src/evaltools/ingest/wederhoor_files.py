"""The folder data/raw/<ronde>/wederhoor read back: sent record, response forms, decisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evaltools.ingest.wederhoor import (
    DECISIONS_FILE,
    SENT_FILE,
    Decisions,
    SentRecord,
    WederhoorInput,
)
from evaltools.ingest.wederhoor_form import read_response_form
from evaltools.round.models import parse_model
from evaltools.round.problems import Problem
from evaltools.round.yaml_source import YamlSource, read_yaml


def read_wederhoor(
    folder: Path, label: Callable[[Path], str]
) -> tuple[WederhoorInput | None, list[Problem]]:
    """Read ``<ronde>/wederhoor/``: the record of what was sent, the forms, the decisions.

    ``None`` when the round has no such folder (no wederhoor held).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return None, []
    found = WederhoorInput()
    problems: list[Problem] = []
    for path in sorted(
        p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
    ):
        file = label(path)
        if path.name == SENT_FILE:
            source, more = read_yaml(path, file)
            problems += more
            if source is not None:
                record, more = parse_model(SentRecord, source, file)
                problems += more
                found.sent, found.sent_file, found.sent_source = record, file, source
        elif path.name == DECISIONS_FILE:
            source, more = read_yaml(path, file)
            problems += more
            if source is not None:
                wrapped = YamlSource({"hubs": source.data}, {})
                decisions, more = parse_model(Decisions, wrapped, file)
                # messages name the line in the real file, not in the wrapper
                problems += [
                    Problem(
                        p.file,
                        source.place(_location(p.field)),
                        p.field.removeprefix("hubs."),
                        p.found,
                        p.expected,
                    )
                    for p in more
                ]
                found.decisions = decisions
                found.decisions_file, found.decisions_source = file, source
        else:
            form, more = read_response_form(path, file)
            problems += more
            if form is not None:
                found.forms.append((file, form))
    return found, problems


def _location(field: str) -> tuple[str, ...]:
    return tuple(field.removeprefix("hubs").strip(".").split("."))
