"""The preview's watcher: which files under the watched folders changed since the last look.

A poll of the files' status (size, modification time) a few times a second, and for a file
whose status changed, its SHA-256: an editor that saves an unchanged file changes nothing.
Polling, not the operating system's notification API (watchdog, watchfiles): a round and the
report sources are a few hundred files, whose status costs a few milliseconds to read; it
needs no dependency, works alike on Linux, Windows and macOS and on network shares (where
notifications often do not arrive), and it has nothing to stop but a thread.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

# the render writes report/_output; editors and tools leave these beside the sources
IGNORED_PARTS = frozenset({"_output", ".git", "__pycache__", ".ipynb_checkpoints"})
IGNORED_SUFFIXES = (".swp", ".swx", "~", ".tmp", ".part")
INTERVAL = 0.1


def _status(folders: Iterable[Path], root: Path) -> dict[str, tuple[int, int]]:
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in IGNORED_PARTS and not d.startswith("."))
            for name in files:
                if name.startswith((".", "~$")) or name.endswith(IGNORED_SUFFIXES):
                    continue
                full = Path(path) / name
                try:
                    stat = full.stat()
                except OSError:
                    continue  # removed while we looked
                seen[full.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return seen


def _digest(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


class Watcher:
    """Calls ``changed`` with the paths (relative to ``root``) that changed, once they rest.

    A batch is handed over when two looks in a row saw the same status, so that an editor's
    save in several writes (or a copied folder) is one batch.
    """

    def __init__(
        self, root: Path, folders: list[Path], changed: Callable[[list[str]], None]
    ) -> None:
        self.root, self.folders, self.changed = root, folders, changed
        self._stop = threading.Event()
        self._status = _status(folders, root)
        self._digests = {name: _digest(root / name) for name in self._status}
        self.thread = threading.Thread(target=self._run, name="voorbeeld-watcher", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(INTERVAL):
            now = _status(self.folders, self.root)
            if now == self._status:
                continue
            while not self._stop.wait(INTERVAL):  # until the writes rest
                again = _status(self.folders, self.root)
                if again == now:
                    break
                now = again
            touched = {
                n for n in now.keys() | self._status.keys() if now.get(n) != self._status.get(n)
            }
            self._status = now
            real = []
            for name in sorted(touched):
                digest = _digest(self.root / name) if name in now else None
                if digest != self._digests.get(name):
                    real.append(name)
                if digest is None:
                    self._digests.pop(name, None)
                else:
                    self._digests[name] = digest
            if real and not self._stop.is_set():
                self.changed(real)
