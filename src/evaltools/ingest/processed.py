"""Processed tables: CSV files in data/processed/<round>/tables, written all or nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evaltools.round.errors import EvaltoolsError
from evaltools.round.models import RoundConfig
from evaltools.round.publish_files import publish

# pandas is imported where tables are read or written: the analyse stage's own process only
# reads the configuration (the notebooks read the tables, in their kernels)
if TYPE_CHECKING:
    import pandas as pd

CONFIG_JSON = "round.json"
PREVIOUS_TABLES = "vorige-rondes.sha256"
"""In a round's analysis output: the :func:`tables_digest` of the previous rounds' tables it
read, so that a build sees when they changed (a dependency dvc.yaml cannot declare)."""


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


class UndeclaredTable(EvaltoolsError, LookupError):
    """A notebook reads a table it did not declare (not a KeyError: ``.get`` must not hide it)."""


class DeclaredTables(dict):
    """The tables a notebook declared it reads; asking for any other table is an error.

    A notebook run is reused while the files it declared are unchanged (evaltools.analyse.freeze),
    so a read of an undeclared table would give a stale result without anyone noticing. A
    declared table without a file (a round made before that table existed) is simply absent,
    as in a plain dict.
    """

    def __init__(self, declared: Iterable[str], tables: dict[str, pd.DataFrame]) -> None:
        super().__init__(tables)
        self.declared = tuple(declared)

    def _check(self, name: object) -> None:
        if name not in self.declared:
            raise UndeclaredTable(
                f"Het notebook leest tabel {name!r}, maar noemt die niet in 'reads' in zijn "
                f"parameters-cel ({', '.join(self.declared)}): voeg {name!r} daar toe."
            )

    def __missing__(self, name: str) -> pd.DataFrame:
        self._check(name)
        raise KeyError(name)

    def get(self, name: str, default: Any = None) -> Any:
        self._check(name)
        return super().get(name, default)

    def __contains__(self, name: object) -> bool:
        self._check(name)
        return super().__contains__(name)


def read_tables(tables_dir: Path, names: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """Processed tables of a round, keyed by file stem; empty tables keep their columns.

    Without ``names`` every table; with ``names`` only those, in a :class:`DeclaredTables`
    that refuses any other name.
    """
    paths = sorted(Path(tables_dir).glob("*.csv"))
    if names is not None:
        names = tuple(names)
        paths = [path for path in paths if path.stem in names]
    tables = {path.stem: _parsed_csv(path.read_bytes()) for path in paths}
    return tables if names is None else DeclaredTables(names, tables)


# Tables parsed in this process, by the SHA-256 of their bytes (oldest first). A hub's notebook
# reads its tables twice (as its round and as the last of ``read_rounds``), and the tables
# without a hub column are the same for every hub a warm kernel runs: a table read again is
# copied, not parsed again. The key is the content, so a changed file is always parsed anew.
_PARSED: dict[str, pd.DataFrame] = {}
_PARSED_MAX = 32


def _parsed_csv(data: bytes) -> pd.DataFrame:
    """The table in ``data`` (CSV bytes) as ``read_csv`` parses it; a copy of its own."""
    import io

    import pandas as pd

    key = hashlib.sha256(data).hexdigest()
    table = _PARSED.get(key)
    if table is None:
        try:
            table = pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])
        except pd.errors.EmptyDataError:
            table = pd.DataFrame()
        while len(_PARSED) >= _PARSED_MAX:
            del _PARSED[next(iter(_PARSED))]
        _PARSED[key] = table
    return table.copy()


def read_config(tables_dir: Path) -> RoundConfig:
    data = json.loads((Path(tables_dir) / CONFIG_JSON).read_text(encoding="utf-8"))
    return RoundConfig.model_validate(data)


def replace_dir(new: Path, target: Path, root: Path | None = None) -> None:
    """Swap ``new`` in as ``target``, or leave ``target`` as it was (see round.publish_files);
    a message names the paths from ``root``."""
    publish([(Path(new), Path(target))], Path(target).name, root)


def tables_digest(tables_dirs: Iterable[Path]) -> str:
    """SHA-256 of the files (names and bytes) of processed tables folders, in the order given."""
    digest = hashlib.sha256()
    for folder in tables_dirs:
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        digest.update(f"{folder.parent.name}:{len(files)}\0".encode())
        for path in files:
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def write_previous_tables(analysis_dir: Path, tables_dirs: Iterable[Path]) -> None:
    """Record in ``analysis_dir`` which previous rounds' tables the analysis read."""
    (analysis_dir / PREVIOUS_TABLES).write_text(tables_digest(tables_dirs) + "\n", "utf-8")


def read_previous_tables(analysis_dir: Path) -> str | None:
    """The digest :func:`write_previous_tables` recorded (None: none, or unreadable)."""
    try:
        return (analysis_dir / PREVIOUS_TABLES).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
