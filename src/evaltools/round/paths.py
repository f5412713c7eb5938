"""Where a round's files live: the one module that names the project's folders.

Everything is relative to the project root (the folder with ``params.yaml`` and ``dvc.yaml``):

- ``data/raw/<ronde>``: the round's inputs, written by the consultants;
- ``data/processed/<ronde>``: what the stages derive (``tables``, ``analyse``, ``notebooks``,
  ``quarto``, ``build.log``, caches); ``.staging`` holds a stage's work until it succeeds;
- ``notebooks``: the analysis notebooks that papermill executes;
- ``report``: the Quarto sources, and ``report/_output``: the published reports.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from evaltools.round.limits import MAX_ID_CHARS
from evaltools.round.models import ID_REGEX
from evaltools.round.problems import Problem


@dataclass(frozen=True)
class Layout:
    """Where a round's files live, relative to the project root."""

    root: Path
    round_id: str

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw" / self.round_id

    @property
    def processed_root(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def processed(self) -> Path:
        return self.processed_root / self.round_id

    @property
    def tables(self) -> Path:
        return self.processed / "tables"

    @property
    def analysis(self) -> Path:
        return self.processed / "analyse"

    @property
    def input_cache(self) -> Path:
        """Parsed input files (evaltools.ingest.cache), shared by ingest and the check."""
        return self.processed / ".cache" / "inputs"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def report(self) -> Path:
        return self.root / "report"

    @property
    def output(self) -> Path:
        return self.report / "_output"

    def staging(self, name: str) -> Path:
        """A fixed, emptied scratch folder of a stage, so that recorded paths stay the same."""
        path = self.processed / ".staging" / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def relative(self, path: Path) -> str:
        """``path`` as the project names it (POSIX, from the root)."""
        return path.relative_to(self.root).as_posix()


WORD_LIST = "woordenlijst.txt"
"""The round's word list for the spelling check (names and terms the dictionary lacks)."""

ID_PATTERN = re.compile(ID_REGEX)
"""Round and hub ids: lower-case letters, digits and hyphens, so that an id is a safe file name."""


def id_problem(value: str, what: str, file: str = "opdrachtregel") -> Problem | None:
    """A round or hub id that is not a safe name is a problem (no slashes, dots or capitals,
    at most :data:`MAX_ID_CHARS` characters)."""
    if ID_PATTERN.fullmatch(value or "") and len(value) > MAX_ID_CHARS:
        return Problem(
            file,
            "",
            what,
            f"'{value[:MAX_ID_CHARS]}…' ({len(value)} tekens)",
            f"een code van hoogstens {MAX_ID_CHARS} tekens (bijv. 2027-eind); de code wordt "
            "een map- en bestandsnaam",
        )
    if ID_PATTERN.fullmatch(value or ""):
        return None
    return Problem(
        file,
        "",
        what,
        f"'{value}'",
        "een code van kleine letters, cijfers en streepjes die met een letter of cijfer begint "
        "(bijv. 2027-eind); geen schuine strepen, punten, spaties of hoofdletters",
    )
