"""Files the wederhoor sends: the record of what was sent and each hub's draft (PDF)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import yaml

from evaltools.report.files import collect_fonts
from evaltools.round.programme import Unit, unit_of
from evaltools.tools import typst


def write_sent_record(path: Path, record: dict, unit: Unit | None = None) -> Path:
    """Write ``verzonden.yaml`` (never over an existing one: the caller checks)."""
    u = unit_of(unit)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# Geschreven door 'evaltools wederhoor': wat op deze datum naar {u.each} ging.\n"
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
