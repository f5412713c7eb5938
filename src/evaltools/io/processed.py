"""Processed tables: CSV files in data/processed/<round>/tables, written all or nothing."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from evaltools.inputs.models import RoundConfig

CONFIG_JSON = "round.json"


def write_tables(tables: dict[str, pd.DataFrame], config: RoundConfig, out_dir: Path) -> None:
    """Write every table and the round configuration; replace ``out_dir`` only if all succeed."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for name, table in sorted(tables.items()):
            table.to_csv(staging / f"{name}.csv", index=False, lineterminator="\n")
        payload = config.model_dump(mode="json", by_alias=True)
        (staging / CONFIG_JSON).write_text(
            json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        replace_dir(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_tables(tables_dir: Path) -> dict[str, pd.DataFrame]:
    """All processed tables of a round, keyed by file stem; empty tables keep their columns."""
    tables = {}
    for path in sorted(Path(tables_dir).glob("*.csv")):
        try:
            tables[path.stem] = pd.read_csv(path, keep_default_na=False, na_values=[""])
        except pd.errors.EmptyDataError:
            tables[path.stem] = pd.DataFrame()
    return tables


def read_config(tables_dir: Path) -> RoundConfig:
    data = json.loads((Path(tables_dir) / CONFIG_JSON).read_text(encoding="utf-8"))
    return RoundConfig.model_validate(data)


def replace_dir(new: Path, target: Path) -> None:
    """Swap ``new`` in as ``target``; the old content is removed only after the swap."""
    target = Path(target)
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    Path(new).rename(target)
    shutil.rmtree(old, ignore_errors=True)
