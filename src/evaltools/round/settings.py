"""Every ``EVALTOOLS_*`` setting from the environment, read in this one module.

Settings are for people who run builds (consultants, CI, the tests): their names are Dutch like
the command line's options. ``--opnieuw`` and ``--stil`` on the command line mean the same as
their variables.

============================  ===============================================================
``EVALTOOLS_STIL=1``          no progress on the terminal (the build log gets everything)
``EVALTOOLS_OPNIEUW=1``       execute every notebook and make every render step again
``EVALTOOLS_VERSE_KERNEL=1``  a fresh kernel per notebook instead of one warm kernel per worker
``EVALTOOLS_WERKPROCESSEN=n`` at most n analysis processes (default: one per core)
``EVALTOOLS_GEEN_CACHE=1``    parse the Dutch dictionary every time (``EVALTOOLS_NO_CACHE``,
                              its earlier English name, still works)
============================  ===============================================================
"""

from __future__ import annotations

import os

QUIET = "EVALTOOLS_STIL"
AGAIN = "EVALTOOLS_OPNIEUW"
FRESH_KERNEL = "EVALTOOLS_VERSE_KERNEL"
WORKERS = "EVALTOOLS_WERKPROCESSEN"
NO_CACHE = "EVALTOOLS_GEEN_CACHE"
_NO_CACHE_EARLIER = "EVALTOOLS_NO_CACHE"


def _on(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def quiet() -> bool:
    """No progress on the terminal."""
    return _on(QUIET)


def again() -> bool:
    """Reuse nothing: every notebook run and render step is made again."""
    return _on(AGAIN)


def warm_kernel() -> bool:
    """One warm kernel per analysis worker (the default), unless a fresh one is asked for."""
    return not _on(FRESH_KERNEL)


def workers_text() -> str:
    """The raw value of the worker limit (checked by the analyse stage, which reports it)."""
    return os.environ.get(WORKERS, "").strip()


def dictionary_cache() -> bool:
    """Keep the parsed Dutch dictionary in the user's cache folder (the default)."""
    return not (_on(NO_CACHE) or _on(_NO_CACHE_EARLIER))
