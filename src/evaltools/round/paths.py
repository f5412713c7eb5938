"""Where a round's files live: the one module that names the project's folders.

Everything is relative to the project root (the folder with ``params.yaml`` and ``dvc.yaml``):

- ``data/raw/<ronde>``: the round's inputs, written by the consultants;
- ``data/processed/<ronde>``: what the stages derive (``tables``, ``analyse``, ``notebooks``,
  ``quarto``, ``build.log``, caches); ``.staging`` holds a stage's work until it succeeds;
- ``notebooks``: the analysis notebooks that papermill executes;
- ``report``: the Quarto sources, and ``report/_output``: the published reports.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


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
