"""pandoc, from the pypandoc-binary wheel."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pypandoc

from evaltools.round.errors import EvaltoolsError

# Raw HTML/TeX in any text stays text: input is data, never markup.
MARKDOWN = "markdown-raw_html-raw_tex-raw_attribute-smart"
# A Lua error's position inside our filters and its stack trace mean nothing to a consultant.
_LUA_NOISE = re.compile(r"^(?:stack traceback:.*|\s+\[C\]: .*|\s+\S+\.lua:\d+: in .*)$")
_LUA_WHERE = re.compile(r"^Error running filter \S+:\s*$|^\S+\.lua:\d+:\s*", re.MULTILINE)
# Reads the raw Markdown blocks of a document tree into the tree (see markdown_from_tree).
RAW_MARKDOWN_FILTER = Path(__file__).with_name("markdown_cells.lua")
# Converts a list of texts one by one inside one pandoc process (see convert_each).
CONVERT_EACH = Path(__file__).with_name("convert_each.lua")
# Writes the images of the media bag into an HTML page as data URIs (a self-contained page).
EMBED_IMAGES_FILTER = Path(__file__).with_name("embed_images.lua")


class PandocError(EvaltoolsError, RuntimeError):
    """pandoc failed; the message is pandoc's own, with what we asked of it."""


def markdown(*, math: bool = False) -> str:
    """The Markdown dialect of the report; ``$`` is literal unless the round opts in to math."""
    return MARKDOWN if math else MARKDOWN + "-tex_math_dollars"


def neutral_dir() -> Path:
    """A working folder with nothing in it worth reading, for conversions of loose text."""
    return Path(tempfile.gettempdir())


def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def version() -> str:
    return pypandoc.get_pandoc_version()


def convert(
    source: str | Path,
    to: str,
    output: Path | None,
    *,
    from_format: str,
    options: list[str],
    cwd: Path,
    epoch: int,
) -> str:
    """Run pandoc on ``source`` (text, or a file to read); write ``output`` or return the text.

    ``SOURCE_DATE_EPOCH`` makes DOCX (zip times, core properties) byte-stable. pandoc runs
    with ``--sandbox``: its readers and writers touch only the files named on the command
    line, never the network.
    """
    command = [pandoc_path(), "--sandbox", "--from", from_format, "--to", to, *options]
    if output is not None:
        command += ["--output", str(output)]
    if isinstance(source, Path):
        command.append(str(source))
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    result = subprocess.run(
        command,
        input=None if isinstance(source, Path) else source.encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        env=environment,
        check=False,
    )
    if result.returncode != 0:
        message = clean_message(result.stderr.decode("utf-8", "replace"))
        raise PandocError(f"pandoc ({to}) mislukte: {message}")
    return result.stdout.decode("utf-8")


def convert_each(
    texts: list[str],
    to: str,
    *,
    from_format: str,
    filters: list[Path] | None = None,
    metadata: dict[str, Any] | None = None,
) -> list[str]:
    """Each of ``texts`` converted on its own, as by :func:`convert`, in one pandoc process.

    ``metadata`` goes into each text's document, then the Lua ``filters`` run on it in order.

    For many small texts (the Markdown outputs of every notebook): a pandoc process costs
    about as much to start and to grow its memory as to convert a small text. Nothing of one
    text reaches another (identifiers, footnotes, link definitions); no file is read. The
    results lack the final newline of pandoc's command line.
    """
    if not texts:
        return []
    request = json.dumps(
        {
            "from": from_format,
            "to": to,
            "texts": texts,
            "filters": [str(path) for path in filters or []],
            "metadata": metadata or {},
        },
        ensure_ascii=False,
    )
    result = subprocess.run(
        [pandoc_path(), "lua", str(CONVERT_EACH)],
        input=request.encode("utf-8"),
        capture_output=True,
        cwd=neutral_dir(),
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
        check=False,
    )
    if result.returncode != 0:
        message = clean_message(result.stderr.decode("utf-8", "replace"))
        raise PandocError(f"pandoc ({to}) mislukte: {message}")
    converted = json.loads(result.stdout.decode("utf-8"))
    if not isinstance(converted, list) or len(converted) != len(texts):
        raise PandocError(f"pandoc ({to}) gaf niet voor elke tekst een uitkomst.")
    return [str(text) for text in converted]


def clean_message(stderr: str) -> str:
    """pandoc's message without the Lua stack trace and filter positions."""
    lines = [line for line in stderr.splitlines() if not _LUA_NOISE.match(line)]
    kept, skipping = [], False
    for line in lines:
        if line.startswith("stack traceback:"):
            skipping = True
        if not skipping:
            kept.append(line)
    return _LUA_WHERE.sub("", "\n".join(kept)).strip()


@functools.cache
def api_version() -> list[int]:
    """The version of pandoc's document tree (``pandoc-api-version`` in its JSON)."""
    empty = convert("", "json", None, from_format="markdown", options=[], cwd=Path(), epoch=0)
    return json.loads(empty)["pandoc-api-version"]


def markdown_from_tree(
    blocks: list[dict[str, Any]], *, raw_format: str, to: str, columns: int, wrap: str = "auto"
) -> str:
    """Pandoc's own Markdown (``to``, with extensions) for a document tree of ``blocks``.

    Raw Markdown blocks in the tree (``RawBlock`` of format ``markdown``) are first read by
    pandoc into the tree as ``raw_format`` (a Markdown variant), so that pandoc's writer lays
    out what they hold and escapes it itself. ``columns`` is the line length that the writer
    fits tables to; ``wrap`` is pandoc's ``--wrap``.
    """
    meta = {"raw-markdown-format": {"t": "MetaString", "c": raw_format}}
    document = {"pandoc-api-version": api_version(), "meta": meta, "blocks": blocks}
    return convert(
        json.dumps(document, ensure_ascii=False),
        to,
        None,
        from_format="json",
        options=[
            "--lua-filter",
            str(RAW_MARKDOWN_FILTER),
            f"--columns={columns}",
            f"--wrap={wrap}",
        ],
        cwd=Path(),
        epoch=0,
    )
