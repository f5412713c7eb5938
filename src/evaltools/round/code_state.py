"""The state of the code a build ran with: one digest that changes when anything could change
an output (the evaltools package's files, its version, every installed distribution).

The analyse stage keys its notebook runs with it, ingest its cache of parsed inputs, the
render its reusable steps.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any


def digest_file(path: Path) -> str:
    with Path(path).open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def update_with_folder(digest: Any, folder: Path, names: set[str] | None = None) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or (names is not None and path.name not in names):
            continue
        name = path.relative_to(folder).as_posix().encode()
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(bytes.fromhex(digest_file(path)))


def code_state() -> str:
    """Digest of the evaltools package files, its version and every installed version."""
    import evaltools

    digest = hashlib.sha256()
    update_with_folder(digest, Path(evaltools.__file__).parent)
    digest.update("\n".join(_installed()).encode())
    return digest.hexdigest()


def _installed() -> list[str]:
    """Each installed distribution, by the name of its metadata folder (name and version).

    ``pandas-2.2.3.dist-info``: the folder's name changes with the version, and listing the
    folders costs nothing, where reading every distribution's metadata file (as
    importlib.metadata's ``version`` does) took a third of a second per analyse.
    """
    names: set[str] = set()
    for entry in sys.path:
        folder = Path(entry or ".")
        if folder.is_dir():
            names.update(
                p.name for p in folder.iterdir() if p.suffix in (".dist-info", ".egg-info")
            )
    return sorted(names)
