"""More analysis outputs under analyse/: CSV tables (the factsheets: report.files)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd


def write_table(out_dir: Path, name: str, table: pd.DataFrame, index: bool = False) -> Path:
    """Write ``analyse/tables/<name>.csv``; exact fractions are written as decimals (4 places)."""
    path = Path(out_dir) / "tables" / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = table.map(lambda v: round(float(v), 4) if isinstance(v, Fraction) else v)
    shown.to_csv(path, index=index, lineterminator="\n")
    return path
