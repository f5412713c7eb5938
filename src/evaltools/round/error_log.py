"""The log of an unforeseen failure: the traceback a consultant never sees, kept for support."""

from __future__ import annotations

import tempfile
from pathlib import Path

ERROR_LOG = Path("data") / "processed" / "fout.log"


def write_error_log(root: Path, text: str) -> Path | None:
    """Write ``text`` to data/processed/fout.log under ``root``, or else to the temporary
    folder (a read-only project must still get its details somewhere); None when neither."""
    for path in (Path(root) / ERROR_LOG, Path(tempfile.gettempdir()) / "evaltools-fout.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return path
    return None
