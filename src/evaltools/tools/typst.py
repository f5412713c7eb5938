"""Typst, from the PyPI typst wheel (no command line: ``typst.compile``)."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version as package_version
from pathlib import Path

import typst


class TypstError(RuntimeError):
    """Typst could not compile the document."""


def version() -> str:
    return package_version("typst")


def compile_pdf(
    source: Path,
    output: Path,
    *,
    root: Path,
    font_paths: list[Path],
    timestamp: dt.datetime,
    standards: tuple[str, ...] = (),
    inputs: dict[str, str] | None = None,
) -> None:
    """Compile ``source`` to a tagged PDF. ``timestamp`` fixes the document date (reproducible).

    Only the fonts in ``font_paths`` and Typst's own are used, never the machine's, so the PDF
    is the same on every machine. ``standards`` are PDF standards such as ``"ua-1"``;
    ``inputs`` are strings the document reads as ``sys.inputs`` (data, never source).
    """
    extra: dict = {"pdf_standards": list(standards)} if standards else {}
    if inputs:
        extra["sys_inputs"] = inputs
    try:
        typst.compile(
            str(source),
            output=str(output),
            root=str(root),
            font_paths=[str(p) for p in font_paths],
            ignore_system_fonts=True,
            timestamp=int(timestamp.timestamp()),
            **extra,
        )
    except Exception as error:  # typst raises its own TypstError types from Rust
        raise TypstError(f"Typst kon de PDF niet maken: {error}") from error
