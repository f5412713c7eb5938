"""Parsed input files of a round, reused while their bytes and the code stay the same.

Reading a round parses every form, note and assessment (openpyxl, YAML), and ingest reads it
twice: the validation in the command's own process, then the ingest notebook. A file's parse
depends on nothing but

- its bytes (SHA-256),
- its name as the messages show it (``<ronde>/zelfevaluaties/<hub>.xlsx``),
- what the reader is told besides (the round configuration, for forms and notes),
- the code: every file of the evaltools package, the Python version and the versions of
  the installed packages (``evaltools.round.code_state.code_state``, as the analyse stage keys its
  runs),

so the reader's result (the parsed file and its problems, as the reader returned them) is
kept under a key made of exactly those, in the processed round's ``.cache/inputs`` folder, as a
sealed pickle (evaltools.round.sealed: an entry evaltools did not write is never unpickled).
The second read of a build, and a build after one hub's file changed, parse only what changed.
An entry that cannot be read is parsed again; entries a read did not use are removed after it.
The cache is derived build state, never input: deleting the folder only costs time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from evaltools.round import sealed
from evaltools.round.input_files import MAX_PACKAGE_BYTES

T = TypeVar("T")
SUFFIX = ".pickle"
_ENTRY = re.compile(r"(?P<key>[0-9a-f]{64})\.pickle(?P<draft>\w*\.tmp)?")


def _code_state() -> str:
    """The analyse stage's code state (every file of the package, every installed version),
    with the Python version, which the pickled entries depend on as well."""
    from evaltools.round.code_state import code_state

    return hashlib.sha256(f"{sys.version}\n{code_state()}".encode()).hexdigest()


class InputCache:
    """One round's cache folder, for one read of the round."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._code = _code_state().encode()
        self._used: set[str] = set()

    def read(self, path: Path, label: str, context: bytes, reader: Callable[[], T]) -> T:
        """``reader()``, or what it returned before for the same bytes, label and context.

        A link or a file over the size limit is not cached: the reader refuses it unread.
        """
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_PACKAGE_BYTES:
            return reader()
        digest = hashlib.sha256()
        for part in (self._code, label.encode(), context, path.read_bytes()):
            digest.update(len(part).to_bytes(8, "big") + part)
        key = digest.hexdigest()
        self._used.add(key)
        entry = self.folder / f"{key}{SUFFIX}"
        try:
            cached = sealed.loads(entry.read_bytes())
        except Exception:  # noqa: BLE001 - missing or unreadable: parse the file again
            cached = None
        if cached is not None:
            return cached  # type: ignore[return-value]
        result = reader()
        self._write(entry, result)
        return result

    def prune(self) -> None:
        """Remove the entries this read did not use (files changed or gone since).

        Only files named as this module names them are removed, whatever else the folder holds.
        """
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            name = _ENTRY.fullmatch(entry.name)
            unused = name is not None and (name["key"] not in self._used or name["draft"])
            if unused and entry.is_file() and not entry.is_symlink():
                entry.unlink(missing_ok=True)

    def _write(self, entry: Path, result: object) -> None:
        try:
            data = sealed.dumps(result)
            if data is None:
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, draft = tempfile.mkstemp(dir=self.folder, prefix=entry.name, suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            Path(draft).replace(entry)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return  # a cache that cannot be written only costs time
