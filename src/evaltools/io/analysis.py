"""More analysis outputs under analyse/: CSV tables and factsheet PDFs."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from fractions import Fraction
from pathlib import Path

import pandas as pd

from evaltools.io.report_files import collect_fonts
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
    out_dir: Path, hub: str, source: str, images: list[Path], timestamp: dt.datetime
) -> Path:
    """Compile the Typst ``source`` to ``factsheets/<hub>.pdf``; ``images`` are placed beside it.

    The source is compiled in a scratch folder that holds only the source and its images, so
    the PDF does not depend on where the project lives.
    """
    target = Path(out_dir) / FACTSHEETS / f"{hub}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for image in images:
            shutil.copyfile(image, folder / Path(image).name)
        (folder / f"{hub}.typ").write_text(source, encoding="utf-8")
        typst.compile_pdf(
            folder / f"{hub}.typ",
            folder / f"{hub}.pdf",
            root=folder,
            font_paths=[collect_fonts(folder / "fonts")],
            timestamp=timestamp,
        )
        shutil.move(folder / f"{hub}.pdf", target)
    return target
