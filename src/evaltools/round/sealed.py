"""Pickled cache entries that only evaltools of this user account can have written.

The parsed inputs of a round (``data/processed/<ronde>/.cache/inputs``) and the parsed
dictionary (the user's cache folder) are kept as pickles: they are Python objects, and a pickle
is the one format that keeps them whole and reads back fast. Unpickling runs code, though, so
a cache file planted in a round's folder (a project copied from someone else, an unpacked
archive) would run whatever it holds. Every entry is therefore sealed: it carries an HMAC-SHA256
of its bytes under a random key that lives only in the user's cache folder (mode 0600, never in a
project). An entry without the right seal is not unpickled but treated as missing: the file is
parsed again and the entry replaced.

Own code, not a library: the standard library's ``hmac`` and ``secrets`` do the cryptography;
this module only decides where the key lives and how an entry is laid out
(``MAGIC``, the 32-byte seal, the pickle).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import tempfile
from functools import cache
from pathlib import Path

MAGIC = b"evaltools-sealed-1\n"
_SEAL_BYTES = hashlib.sha256().digest_size
KEY_NAME = "cache.key"


def cache_dir() -> Path:
    """The folder of evaltools' caches (derived data only: removing it is always safe)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "evaltools"


@cache
def _key(folder: Path) -> bytes | None:
    """The user's sealing key, made on first use; None if it can be neither read nor made."""
    path = folder / KEY_NAME
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == _SEAL_BYTES:
            return key
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        handle, draft = tempfile.mkstemp(dir=folder, prefix=KEY_NAME, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:  # mkstemp makes it readable by its owner only
                file.write(secrets.token_bytes(_SEAL_BYTES))
            # a link fails if another process made the key first: then that key is the key
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            Path(draft).unlink(missing_ok=True)
        key = path.read_bytes()
        if len(key) == _SEAL_BYTES:
            return key
    return None


def _seal(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def dumps(value: object) -> bytes | None:
    """``value`` pickled and sealed; None when there is no key (then nothing is cached)."""
    key = _key(cache_dir())
    if key is None:
        return None
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + _seal(key, data) + data


def loads(blob: bytes) -> object | None:
    """What :func:`dumps` sealed, or None for anything else (never unpickled then)."""
    key = _key(cache_dir())
    if key is None or not blob.startswith(MAGIC):
        return None
    seal = blob[len(MAGIC) : len(MAGIC) + _SEAL_BYTES]
    data = blob[len(MAGIC) + _SEAL_BYTES :]
    if not hmac.compare_digest(seal, _seal(key, data)):
        return None
    return pickle.loads(data)  # noqa: S301 - sealed by this user's key: written by evaltools
