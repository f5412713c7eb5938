"""Reuse of render steps whose inputs did not change (the render's counterpart of freeze).

A step of the render that can be reused gets a key: SHA-256 over everything the step reads,
each part length-prefixed (see :func:`step_key`). Callers pass, besides the step's own input
bytes (an executed notebook, a stylesheet) and options (title, date stamp), the code state of
:func:`evaltools.round.code_state.code_state`: every file of the evaltools package and the
version of every installed distribution, pandoc's wheel among them. pandoc runs with
``--sandbox`` (it reads only the files named on its command line), so nothing else reaches a
step unseen.

The record of the last good render, ``data/processed/<round>/.cache/render.json``, holds per
step its key and the SHA-256 of the file it made, which was published with the report (a
notebook page in ``report/_output/<round>-notebooks/``). It is written only after the report
was published, so it never describes a render that failed. A step is reused only when its key
matches and the published file still has the recorded digest: then it is copied (bytes and
modification time) into the new render's staging folder. ``again`` (``evaltools render
--opnieuw`` or ``EVALTOOLS_OPNIEUW=1``) reuses nothing and records afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from evaltools.round import settings
from evaltools.round.code_state import code_state

RECORD = Path(".cache") / "render.json"


def again_requested(again: bool = False) -> bool:
    """True when every step must be made again (the flag or ``EVALTOOLS_OPNIEUW=1``)."""
    return again or settings.again()


def step_key(*parts: bytes | str | Path) -> str:
    """SHA-256 over ``parts``: bytes as they are, text as UTF-8, a path as its file's bytes."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            data = part.read_bytes()
        elif isinstance(part, str):
            data = part.encode("utf-8")
        else:
            data = bytes(part)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _digest(path: Path) -> str:
    with Path(path).open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


class RenderCache:
    """The previous render's record (read once) and this render's (saved after publishing).

    Safe to use from the render's worker threads.
    """

    def __init__(self, processed: Path, *, again: bool = False, code: str | None = None) -> None:
        self.path = Path(processed) / RECORD
        self.again = again_requested(again)
        # part of every key: the code and the installed versions (``code``: already computed)
        self.code = code_state() if code is None else code
        self.previous: dict[str, dict[str, Any]] = {} if self.again else self._read()
        self.current: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no record, or not readable: every step is made
        steps = data.get("steps") if isinstance(data, dict) else None
        return {
            str(name): entry
            for name, entry in (steps.items() if isinstance(steps, dict) else [])
            if isinstance(entry, dict) and isinstance(entry.get("key"), str)
        }

    def _previous(self, name: str, key: str) -> dict[str, Any] | None:
        entry = self.previous.get(name)
        return entry if entry is not None and entry["key"] == key else None

    def reuse_file(self, name: str, key: str, published: Path, target: Path) -> bool:
        """Copy ``published`` to ``target`` if it was made with ``key`` and is unchanged since.

        Returns False (and copies nothing) otherwise; the caller then makes the file and
        calls :meth:`record_file`.
        """
        entry = self._previous(name, key)
        if entry is None or not Path(published).is_file():
            return False
        if _digest(published) != entry.get("sha256"):
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(published, target)
        self.record_file(name, key, target)
        return True

    def record_file(self, name: str, key: str, path: Path) -> None:
        """Record that step ``name`` made ``path`` (published with the report) from ``key``."""
        entry = {"key": key, "sha256": _digest(path)}
        with self._lock:
            self.current[name] = entry

    def store(self) -> None:
        """Write this render's record (call after publishing); steps not made are forgotten."""
        text = json.dumps({"steps": self.current}, indent=1, sort_keys=True, ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(prefix="render-", dir=self.path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n")
        Path(scratch).replace(self.path)


PARTS = Path(".cache") / "onderdelen"


class PartCache:
    """The pandoc trees of the report's parts, by the SHA-256 of their text (see render_parts).

    ``data/processed/<round>/.cache/onderdelen/<key>.json``: one file per part, written when
    the part is read; a render keeps the files of the parts it used and removes the others
    (:meth:`prune`), so the folder holds one report's parts. ``again`` reads every part anew.
    The key holds pandoc's version and the Markdown dialect besides the text: nothing else
    reaches pandoc's reader.
    """

    def __init__(self, processed: Path, markdown: str, *, again: bool = False) -> None:
        from evaltools.tools import pandoc

        self.folder = Path(processed) / PARTS
        self.markdown = markdown
        self.again = again_requested(again)
        self.salt = f"{pandoc.version()} {pandoc.api_version()} {markdown}"
        self.used: set[str] = set()
        self.read_count = 0

    def _key(self, text: str) -> str:
        return step_key(self.salt, text)

    def cached(self, texts: list[str]) -> list[dict | None]:
        """Each text's tree from the cache, or None (not there, unreadable, or ``again``)."""
        found: list[dict | None] = []
        for text in texts:
            key = self._key(text)
            self.used.add(key)
            tree = None
            if not self.again:
                try:
                    tree = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    tree = None
            found.append(tree if isinstance(tree, dict) else None)
        return found

    def read(self, texts: list[str]) -> list[dict]:
        """Read ``texts`` with pandoc (one process) and keep their trees."""
        from evaltools.tools import pandoc

        made = pandoc.convert_each(texts, "json", from_format=self.markdown)
        trees = [json.loads(text) for text in made]
        self.folder.mkdir(parents=True, exist_ok=True)
        for text, tree_json in zip(texts, made, strict=True):
            handle, scratch = tempfile.mkstemp(prefix="part-", dir=self.folder)
            # pandoc's JSON as it came (json.dump of the tree again took longer than pandoc)
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(tree_json)
            Path(scratch).replace(self.folder / f"{self._key(text)}.json")
        self.read_count += len(texts)
        return trees

    def prune(self) -> None:
        """Remove the trees of parts this render did not use."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
