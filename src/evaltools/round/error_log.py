"""The log of an unforeseen failure: the traceback a consultant never sees, kept for support."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import traceback
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


def failure_message(what: str, root: Path, error: Exception) -> str:
    """The Dutch message for an unforeseen ``error`` of step ``what``; the traceback goes to
    the error log, and the message says where (a consultant never sees a traceback)."""
    log = _write_log(what, root)
    if isinstance(error, PermissionError):
        return (
            f"{what} is mislukt: geen toestemming om '{error.filename or '?'}' te schrijven of "
            f"te lezen. Controleer de rechten van die map of dat bestand (staat het open in "
            f"een ander programma?). Het vorige rapport is ongewijzigd. Details: {log}"
        )
    if isinstance(error, OSError):
        place = f" ('{error.filename}')" if error.filename else ""
        return (
            f"{what} is mislukt: een bestand kon niet gelezen of geschreven worden{place}: "
            f"{error.strerror or error}. Het vorige rapport is ongewijzigd. Details: {log}"
        )
    return (
        f"{what} is mislukt door een onverwachte fout ({type(error).__name__}). "
        f"Het vorige rapport is ongewijzigd. Geef het logbestand {log} door aan wie "
        "evaltools onderhoudt."
    )


def _write_log(what: str, root: Path) -> str:
    """Write the current exception's traceback; return where (as the message shows it)."""
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    text = f"{stamp} evaltools {' '.join(sys.argv[1:])}\n{what}\n{traceback.format_exc()}"
    path = write_error_log(root, text)
    return path.as_posix() if path else "(geen logbestand te schrijven)"
