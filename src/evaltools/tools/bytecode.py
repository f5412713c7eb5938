"""Python's bytecode of the evaltools package, compiled once for all the processes of a build.

A build starts about six Python processes that import evaltools: the three stage commands and
the notebooks' kernels. Each compiles every module it imports from source when no bytecode
cache (``__pycache__``) is there, as in an environment with ``PYTHONDONTWRITEBYTECODE=1``
(these machines, and many containers) with an editable install: about half a second of CPU per
process. ``compileall`` writes the caches once (and later only for changed modules); a process
uses them whatever that variable says.
"""

from __future__ import annotations

import compileall
import contextlib
from pathlib import Path


def compile_package() -> None:
    """Write missing or stale bytecode caches of the package; a read-only install is no error."""
    import evaltools

    with contextlib.suppress(OSError):
        compileall.compile_dir(Path(evaltools.__file__).parent, quiet=2, workers=1)
