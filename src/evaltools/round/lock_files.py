"""One run of a round at a time: a lock per round for every stage, and who holds it.

``ingest``, ``analyse``, ``render`` and ``build`` each hold the round's lock
(``data/processed/<ronde>/.evaltools.lock``) while they run; a second run of the same round
stops at once with a Dutch message naming the holder (process id, computer, command, since
when), read from ``.evaltools.lock.json`` beside it. Rounds do not share a lock. ``build`` also
holds the project's lock (``data/processed/.evaltools-bouw.lock``), so that a second build
meets this message rather than DVC's own (English) one about its repository lock.

The lock is filelock's: an operating-system lock on the open file (``flock``), which the system
releases when its process ends, however it ends. A run that was killed therefore leaves no lock
behind: the next run takes it over and overwrites the holder's note (which only describes).

A build holds the locks of its rounds while DVC runs the stages in child processes: it gives
them a token (``EVALTOOLS_BOUWSLOT``) that its note carries too, and a stage with the holder's
token runs under the build's lock instead of refusing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import socket
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from evaltools.round.errors import EvaltoolsError

LOCK = ".evaltools.lock"
BUILD_LOCK = ".evaltools-bouw.lock"
TOKEN = "EVALTOOLS_BOUWSLOT"
"""Set by a build for its children: the token of the locks it holds (not for people)."""


class RoundBusy(EvaltoolsError):
    """Another run holds the lock of this round (or the project's build lock)."""


def _note_path(lock: Path) -> Path:
    return lock.with_name(lock.name + ".json")


def _holder(lock: Path) -> dict:
    try:
        data = json.loads(_note_path(lock).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _busy(lock: Path, what: str) -> RoundBusy:
    holder = _holder(lock)
    if holder:
        who = (
            f"proces {holder.get('pid', '?')} op {holder.get('host', '?')}, "
            f"'{holder.get('command', '?')}', sinds {holder.get('since', '?')}"
        )
    else:
        who = "een ander proces (wie, is niet bekend)"
    return RoundBusy(
        f"{what} is al bezig: {who} ({lock.as_posix()}). Wacht tot die klaar is en probeer "
        "het dan opnieuw. Is dat proces gestopt, dan is het slot vanzelf vrij."
    )


@contextmanager
def _held(lock: Path, what: str, token: str | None) -> Iterator[None]:
    lock.parent.mkdir(parents=True, exist_ok=True)
    file_lock = FileLock(lock, thread_local=False)
    try:
        file_lock.acquire(timeout=0)
    except Timeout:
        inherited = os.environ.get(TOKEN)
        if inherited and _holder(lock).get("token") == inherited:
            # a stage that a build runs: the build holds this lock for it
            yield
            return
        raise _busy(lock, what) from None
    try:
        note = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": shlex.join(["evaltools", *sys.argv[1:]])
            if Path(sys.argv[0]).name in ("evaltools", "__main__.py")
            else shlex.join(sys.argv),
            "since": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            "token": token or "",
        }
        _note_path(lock).write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")
        yield
    finally:
        _note_path(lock).unlink(missing_ok=True)
        file_lock.release()


@contextmanager
def round_lock(processed: Path, token: str | None = None) -> Iterator[None]:
    """Hold the lock of the round whose processed folder is ``processed``; refuse if held."""
    processed = Path(processed)
    with _held(processed / LOCK, f"Een andere run van ronde {processed.name}", token):
        yield


@contextmanager
def build_lock(processed_root: Path, rounds: list[str]) -> Iterator[str]:
    """Hold the project's build lock and the lock of every round in ``rounds``; yield the
    token a build gives its children (in ``EVALTOOLS_BOUWSLOT``)."""
    token = uuid.uuid4().hex
    with ExitStack() as stack:
        stack.enter_context(
            _held(Path(processed_root) / BUILD_LOCK, "Een andere bouw in dit project", token)
        )
        for round_id in rounds:
            stack.enter_context(round_lock(Path(processed_root) / round_id, token))
        yield token
