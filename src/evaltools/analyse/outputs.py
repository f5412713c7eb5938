"""More analysis outputs under analyse/: CSV tables and factsheet PDFs."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd

from evaltools.report import factsheet
from evaltools.report.files import collect_fonts
from evaltools.tools import typst

FACTSHEETS = "factsheets"


def write_table(out_dir: Path, name: str, table: pd.DataFrame, index: bool = False) -> Path:
    """Write ``analyse/tables/<name>.csv``; exact fractions are written as decimals (4 places)."""
    path = Path(out_dir) / "tables" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = table.map(lambda v: round(float(v), 4) if isinstance(v, Fraction) else v)
    shown.to_csv(path, index=index, lineterminator="\n")
    return path


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
