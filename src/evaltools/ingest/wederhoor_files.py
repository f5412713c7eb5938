"""Files of the wederhoor: the folder data/raw/<ronde>/wederhoor read back, drafts written out."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from evaltools.ingest.wederhoor import (
    DECISIONS_FILE,
    SENT_FILE,
    Decisions,
    SentRecord,
    WederhoorInput,
)
from evaltools.ingest.wederhoor_form import read_response_form
from evaltools.report.files import collect_fonts
from evaltools.round.models import parse_model
from evaltools.round.problems import Problem
from evaltools.round.yaml_source import YamlSource, read_yaml
from evaltools.tools import typst


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


def write_sent_record(path: Path, record: dict) -> Path:
    """Write ``verzonden.yaml`` (never over an existing one: the caller checks)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Geschreven door 'evaltools wederhoor': wat op deze datum naar elke Technohub ging.\n"
        "# Niet bewerken; de SHA-256 per hub is berekend over de uitspraken eronder.\n"
    )
    body = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + body, encoding="utf-8")
    return path


def write_draft_pdf(target: Path, template: str, data: dict, timestamp: dt.datetime) -> Path:
    """Compile a draft: the Typst ``template`` reads its content from ``data.json`` beside it.

    The content reaches Typst as JSON data, never as markup, so no text of an input can become
    Typst code. Compiled in a scratch folder with the report's own fonts.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "data.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (folder / "concept.typ").write_text(template, encoding="utf-8")
        typst.compile_pdf(
            folder / "concept.typ",
            folder / "concept.pdf",
            root=folder,
            font_paths=[collect_fonts(folder / "fonts")],
            timestamp=timestamp,
        )
        shutil.move(folder / "concept.pdf", target)
    return target
