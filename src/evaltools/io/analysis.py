"""More analysis outputs under analyse/: CSV tables, per-hub sections, factsheet PDFs."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd

from evaltools.io.report_files import collect_fonts
from evaltools.report import factsheet
from evaltools.tools import typst

HUB_FRAGMENTS = "hubs"
FACTSHEETS = "factsheets"


def write_table(out_dir: Path, name: str, table: pd.DataFrame, index: bool = False) -> Path:
    """Write ``analyse/tables/<name>.csv``; exact fractions are written as decimals (4 places)."""
    path = Path(out_dir) / "tables" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = table.map(lambda v: round(float(v), 4) if isinstance(v, Fraction) else v)
    shown.to_csv(path, index=index, lineterminator="\n")
    return path


def write_hub_fragment(out_dir: Path, hub: str, markdown: str) -> Path:
    """Write one hub's appendix section as ``fragments/hubs/<hub>.md``."""
    path = Path(out_dir) / "fragments" / HUB_FRAGMENTS / f"{hub}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    return path


def read_hub_fragments(out_dir: Path, hubs: list[str]) -> list[str]:
    """The hubs' sections in the order given; a missing one is an error that names it."""
    folder = Path(out_dir) / "fragments" / HUB_FRAGMENTS
    missing = [hub for hub in hubs if not (folder / f"{hub}.md").is_file()]
    if missing:
        raise FileNotFoundError(
            "De bijlage per Technohub ontbreekt voor: " + ", ".join(missing) + "."
        )
    return [(folder / f"{hub}.md").read_text(encoding="utf-8") for hub in hubs]


def write_factsheet(
    out_dir: Path,
    hub: str,
    data: dict[str, Any],
    images: list[Path],
    timestamp: dt.datetime,
    template: Path = factsheet.TEMPLATE,
) -> Path:
    """Compile the factsheet ``template`` with ``data`` to ``factsheets/<hub>.pdf``.

    The data go to Typst as one JSON string in ``sys.inputs``; ``images`` are placed beside the
    template, in a scratch folder that holds nothing else, so the PDF does not depend on where
    the project lives.
    """
    target = Path(out_dir) / FACTSHEETS / f"{hub}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for image in images:
            shutil.copyfile(image, folder / Path(image).name)
        shutil.copyfile(template, folder / "factsheet.typ")
        typst.compile_pdf(
            folder / "factsheet.typ",
            folder / f"{hub}.pdf",
            root=folder,
            font_paths=[collect_fonts(folder / "fonts")],
            timestamp=timestamp,
            inputs={"data": json.dumps(data, ensure_ascii=False, sort_keys=True)},
        )
        shutil.move(folder / f"{hub}.pdf", target)
    return target
