"""Reuse of notebook runs whose inputs did not change ("freeze", as Quarto calls it).

Every notebook run of the analyse stage gets a key: SHA-256 over

- the notebook's source bytes,
- its parameters (JSON, sorted keys),
- the code state: every file of the installed ``evaltools`` package (its modules and the
  templates it compiles, e.g. the factsheet), its version and the versions of all installed
  distributions (a new pandas or matplotlib can change a figure),
- the kernel name,
- every file below the run's input folders, with its path relative to that folder; for a
  notebook that declares the tables it reads (``reads`` in its parameters cell), only those
  tables and the round configuration (round.json).

The key is only honest if the run reads nothing but those inputs. The cross-hub notebooks read
the round's tables folder (and the changes notebook the tables of the rounds before it), so
their input folders are exactly those; a notebook reads its tables with
``read_tables(tables_dir, reads)``, which refuses a table it did not declare, so a note that
changes only the evidence table re-executes only the notebooks that read it. A hub's run
does not get the round's tables: the pipeline writes it a slice (``hub_slice``) of its own
rows, and the notebook reads only that slice. What a hub's section shows across hubs is
kept in the slice on purpose:

- the source codes (B1, B2, ...) number the whole evidence catalogue (``source_codes``), so the
  slice keeps the id of every evidence row (the other columns only for the hub's own rows);
  a hub that gains or loses an evidence item shifts the codes of the hubs after it, which
  then re-execute, as their sections do change;
- the round configuration (round.json: hub names, criteria, rubric, typology rule, dates) and
  the tables without a hub column (criteria, events, budget) are kept whole;
- the changes paragraph (``hub_changes``) compares the hub with the previous rounds: the slice
  holds the same cut of each previous round's tables, under the same layout as
  data/processed (``<round>/tables``), so ``read_rounds`` reads it unchanged.

A run's manifest (``.cache/<executed notebook>.json`` in the analyse folder) holds its key and
the SHA-256 of every file it wrote (the executed notebook, figures, tables, factsheet). On the
next analyse, a run whose key matches and whose files are still there with those digests is
not executed: its files are copied, bytes and modification time, from the previous analyse.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaltools.ingest.processed import CONFIG_JSON
from evaltools.round.code_state import digest_file, update_with_folder

CACHE_DIR = ".cache"
EVIDENCE = "evidence.csv"


def run_key(
    notebook: Path,
    parameters: dict[str, Any],
    code: str,
    kernel: str,
    inputs: list[Path],
    reads: tuple[str, ...] | None = None,
) -> str:
    """The key of one notebook run (see the module docstring for what goes in).

    With ``reads`` (the tables the notebook declares, ``reads`` in its parameters cell), only
    those tables' files and the configuration (round.json) below the input folders count.
    """
    names = None if reads is None else {CONFIG_JSON, *(f"{name}.csv" for name in reads)}
    digest = hashlib.sha256()
    for part in (
        Path(notebook).read_bytes(),
        json.dumps(parameters, sort_keys=True, ensure_ascii=False).encode(),
        code.encode(),
        kernel.encode(),
    ):
        digest.update(len(part).to_bytes(8, "big") + part)
    for folder in inputs:
        digest.update(b"\0input\0")
        update_with_folder(digest, Path(folder), names)
    return digest.hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What one run wrote: its key and, per file (relative to the analyse folder), its SHA-256."""

    key: str
    outputs: dict[str, str]


def manifest_path(analyse_dir: Path, notebook_name: str) -> Path:
    return Path(analyse_dir) / CACHE_DIR / f"{notebook_name}.json"


def read_manifest(analyse_dir: Path, notebook_name: str) -> Manifest | None:
    """The manifest of a previous run, or None (none, or not readable: then it just runs)."""
    path = manifest_path(analyse_dir, notebook_name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(str(data["key"]), {str(k): str(v) for k, v in data["outputs"].items()})
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None


def write_manifest(analyse_dir: Path, notebook_name: str, key: str, files: list[str]) -> None:
    """Record ``key`` and the digests of ``files`` (relative to ``analyse_dir``)."""
    outputs = {name: digest_file(Path(analyse_dir) / name) for name in sorted(files)}
    path = manifest_path(analyse_dir, notebook_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"key": key, "outputs": outputs}, indent=1, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")


def reuse(previous: Path, staging: Path, notebook_name: str, key: str) -> bool:
    """Copy a previous run's files into ``staging`` if its key is ``key`` and they are intact.

    Returns False (and copies nothing) when there is no such run or a file is missing or
    changed since it was written.
    """
    manifest = read_manifest(previous, notebook_name)
    if manifest is None or manifest.key != key or not manifest.outputs:
        return False
    for name, expected in manifest.outputs.items():
        source = Path(previous) / name
        if not source.is_file() or digest_file(source) != expected:
            return False
    for name in [*manifest.outputs, manifest_path(Path(), notebook_name).as_posix()]:
        target = Path(staging) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(previous) / name, target)
    return True


def collect_run(run_dir: Path, staging: Path) -> list[str]:
    """Move what one run wrote in its own ``run_dir`` into ``staging``; return the paths.

    Two runs writing the same file would make the analysis depend on which finished last:
    that is an error.
    """
    moved = []
    for path in sorted(p for p in Path(run_dir).rglob("*") if p.is_file()):
        name = path.relative_to(run_dir).as_posix()
        target = Path(staging) / name
        if target.exists():
            raise FileExistsError(f"{name} is door twee notebooks geschreven")
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
        moved.append(name)
    shutil.rmtree(run_dir)
    return moved


def write_hub_slice(tables_dirs: dict[str, Path], hub: str, target: Path) -> None:
    """Write ``<round>/tables`` under ``target`` for each round: only what ``hub`` is shown with.

    Tables with a ``hub`` column keep the hub's rows; the evidence table keeps every row's id
    (its codes count the whole catalogue) and the other columns of the hub's own rows; the
    configuration and the tables without a hub column are copied whole.
    """
    _write_slices(tables_dirs, {hub: Path(target)})


def write_hub_slices(tables_dirs: dict[str, Path], hubs: list[str], target: Path) -> None:
    """:func:`write_hub_slice` for each of ``hubs``, under ``target/<hub>``.

    Every table is read and parsed once for all hubs (not once per hub: at 100 hubs that was
    100 reads of tables that grow with the hubs).
    """
    _write_slices(tables_dirs, {hub: Path(target) / hub for hub in hubs})


def _write_slices(tables_dirs: dict[str, Path], targets: dict[str, Path]) -> None:
    for round_id, tables_dir in tables_dirs.items():
        outs = {hub: folder / round_id / "tables" for hub, folder in targets.items()}
        for out in outs.values():
            out.mkdir(parents=True)
            shutil.copyfile(Path(tables_dir) / CONFIG_JSON, out / CONFIG_JSON)
        for path in sorted(Path(tables_dir).glob("*.csv")):
            text = path.read_text(encoding="utf-8")
            sliced = _slice_csv(text, list(outs), path.name == EVIDENCE)
            for hub, out in outs.items():
                (out / path.name).write_text(sliced.get(hub, text), encoding="utf-8")


def _slice_csv(text: str, hubs: list[str], keep_ids: bool) -> dict[str, str]:
    """Each hub's cut of one table (none: the table has no hub column, it is kept whole)."""
    # no field is longer than its table: csv's default limit (131.072 characters) would stop
    # a long text from an interview or assessment (validate bounds the inputs' size)
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or "hub" not in rows[0]:
        return {}
    header, column = rows[0], rows[0].index("hub")
    ids = header.index("id") if keep_ids and "id" in header else None
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")

    def line(row: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        return buffer.getvalue()

    lines = [(row[column], line(row)) for row in rows[1:]]
    if ids is None:
        own: dict[str, list[str]] = {hub: [] for hub in hubs}
        for hub, text_line in lines:
            if hub in own:
                own[hub].append(text_line)
        return {hub: line(header) + "".join(own[hub]) for hub in hubs}
    # the other hubs' rows keep only their id
    blanks = [line(["" if i != ids else value for i, value in enumerate(row)]) for row in rows[1:]]
    return {
        hub: line(header)
        + "".join(
            text_line if owner == hub else blank
            for (owner, text_line), blank in zip(lines, blanks, strict=True)
        )
        for hub in hubs
    }
