"""Typst, from the PyPI typst wheel (no command line: ``typst.compile``)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from importlib.metadata import version as package_version
from pathlib import Path

import typst

from evaltools.round.errors import EvaltoolsError


class TypstError(EvaltoolsError, RuntimeError):
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
    separate_process: bool = False,
) -> None:
    """Compile ``source`` to a tagged PDF. ``timestamp`` fixes the document date (reproducible).

    Only the fonts in ``font_paths`` and Typst's own are used, never the machine's, so the PDF
    is the same on every machine. ``standards`` are PDF standards such as ``"ua-1"``;
    ``inputs`` are strings the document reads as ``sys.inputs`` (data, never source).

    ``separate_process`` compiles in a child Python: the memory of a long document's layout
    is returned when the child ends instead of staying with the caller, and the caller's
    threads run on while Typst works.
    """
    arguments = {
        "source": str(source),
        "output": str(output),
        "root": str(root),
        "font_paths": [str(p) for p in font_paths],
        "timestamp": int(timestamp.timestamp()),
        "standards": list(standards),
        "inputs": dict(inputs or {}),
    }
    if not separate_process:
        _compile(arguments)
        return
    result = subprocess.run(
        [sys.executable, "-m", __name__],
        input=json.dumps(arguments).encode("utf-8"),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise TypstError(message or f"Typst kon de PDF niet maken (code {result.returncode}).")


def _compile(arguments: dict) -> None:
    extra: dict = {}
    if arguments["standards"]:
        extra["pdf_standards"] = arguments["standards"]
    if arguments["inputs"]:
        extra["sys_inputs"] = arguments["inputs"]
    try:
        typst.compile(
            arguments["source"],
            output=arguments["output"],
            root=arguments["root"],
            font_paths=arguments["font_paths"],
            ignore_system_fonts=True,
            timestamp=arguments["timestamp"],
            **extra,
        )
    except Exception as error:  # typst raises its own TypstError types from Rust
        raise TypstError(f"Typst kon de PDF niet maken: {error}") from error


class LiveCompiler:
    """One Typst compiler kept between compiles of one document (``evaltools voorbeeld``).

    ``typst.Compiler`` holds the fonts and what it laid out in memory: a compile after a small
    change of ``source`` (or a file it includes) redoes only what changed, in a fraction of a
    cold compile. Same options as :func:`compile_pdf`; the fonts are read once, here.
    """

    def __init__(self, source: Path, *, root: Path, font_paths: list[Path]) -> None:
        self._compiler = typst.Compiler(
            str(source),
            root=str(root),
            font_paths=[str(p) for p in font_paths],
            ignore_system_fonts=True,
        )

    def compile_pdf(
        self, output: Path, *, timestamp: dt.datetime, standards: tuple[str, ...] = ()
    ) -> None:
        extra: dict = {"pdf_standards": list(standards)} if standards else {}
        try:
            self._compiler.compile(
                output=str(output), timestamp=int(timestamp.timestamp()), **extra
            )
        except Exception as error:  # typst raises its own TypstError types from Rust
            raise TypstError(f"Typst kon de PDF niet maken: {error}") from error


# Typst draws an SVG given as data (``sys.inputs``): no file, no font (a figure's text is paths).
_SVG_PAGE = (
    b"#set page(width: float(sys.inputs.width) * 1in, height: float(sys.inputs.height) * 1in,"
    b" margin: 0pt, fill: white)\n"
    b'#image(bytes(sys.inputs.svg), format: "svg", width: 100%, height: 100%)\n'
)


def svg_to_png(svg: str, width: float, height: float, ppi: float) -> bytes:
    """``svg`` (text drawn as paths) as a PNG of ``width`` x ``height`` inches at ``ppi``."""
    inputs = {"svg": svg, "width": repr(width), "height": repr(height)}
    try:
        return typst.compile(
            _SVG_PAGE, format="png", ppi=ppi, sys_inputs=inputs, ignore_system_fonts=True
        )
    except Exception as error:  # typst raises its own TypstError types from Rust
        raise TypstError(f"Typst kon de figuur niet als PNG tekenen: {error}") from error


def _main() -> int:
    """Child side of ``separate_process``: the arguments as JSON on stdin; the error on stderr."""
    try:
        _compile(json.loads(sys.stdin.buffer.read()))
    except TypstError as error:
        sys.stderr.write(str(error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main())
