"""pandoc, from the pypandoc-binary wheel."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pypandoc


class PandocError(RuntimeError):
    """pandoc failed; the message is pandoc's own, with what we asked of it."""


def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def version() -> str:
    return pypandoc.get_pandoc_version()


def convert(
    source: str,
    to: str,
    output: Path | None,
    *,
    from_format: str,
    options: list[str],
    cwd: Path,
    epoch: int,
) -> str:
    """Run pandoc on ``source`` (text); write ``output`` or return the text.

    ``SOURCE_DATE_EPOCH`` makes DOCX (zip times, core properties) byte-stable.
    """
    command = [pandoc_path(), "--from", from_format, "--to", to, *options]
    if output is not None:
        command += ["--output", str(output)]
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    result = subprocess.run(
        command,
        input=source.encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        env=environment,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise PandocError(f"pandoc ({to}) mislukte: {message}")
    return result.stdout.decode("utf-8")
