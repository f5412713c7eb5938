"""Read the round's texts (teksten/*.md): UTF-8 with or without BOM, CRLF or LF."""

from __future__ import annotations

from pathlib import Path

from evaltools.round.input_files import read_text
from evaltools.round.problems import Problem

BOM = b"\xef\xbb\xbf"


def read_round_texts(texts_dir: Path, label_root: Path) -> tuple[dict[str, str], list[Problem]]:
    """Every ``*.md`` under ``texts_dir`` as text, keyed by its label (``<ronde>/teksten/x.md``).

    A text that is not UTF-8 is a problem naming the file and the likely encoding; it is left
    out of the result. Symbolic links are never followed.
    """
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    texts_dir = Path(texts_dir)
    if not texts_dir.is_dir():
        return texts, problems
    for path in sorted(texts_dir.rglob("*.md")):
        label = path.relative_to(label_root).as_posix()
        text, found = read_text(path, label)
        problems += found
        if text is not None:
            texts[label] = text
    return texts, problems


def decode_text(data: bytes, label: str) -> tuple[str, Problem | None]:
    """UTF-8 text without BOM and with LF line ends, or a Dutch problem."""
    data = data.removeprefix(BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        likely = "Windows-1252 of Latin-1" if _looks_latin(data) else "een onbekende codering"
        return "", Problem(
            label,
            f"regel {line}",
            "",
            f"tekst die geen UTF-8 is (waarschijnlijk {likely})",
            "een bestand in UTF-8; sla het in uw editor op als 'UTF-8'",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _looks_latin(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True
