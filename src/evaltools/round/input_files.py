"""Reading a round's input files safely: one way to read text, and limits before parsing.

Every input of a round goes through here before a parser sees it: text is UTF-8 (with or
without BOM, CRLF or LF), a file has a size limit, a zip package (.xlsx, .docx) has a limit on
what it unpacks to, and a symbolic link is never followed. Each refusal is a Dutch Problem
naming the file, never an exception.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path
from typing import IO

from evaltools.round.problems import Problem

MAX_TEXT_BYTES = 2 * 1024 * 1024
"""A text input (YAML, Markdown) larger than this is refused; a real one is a few kilobytes."""
MAX_PACKAGE_BYTES = 25 * 1024 * 1024
"""An .xlsx or .docx file larger than this on disk is refused."""
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""What an .xlsx or .docx may unpack to; a zip bomb declares far more."""
MAX_PACKAGE_ENTRIES = 2000


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def symlink_problem(path: Path, file: str) -> Problem | None:
    """A symbolic link inside a round is refused: it could point outside the round."""
    if not path.is_symlink():
        return None
    return Problem(
        file,
        "",
        "",
        "een snelkoppeling (symbolische link) in plaats van een bestand",
        "een gewoon bestand in de rondemap; evaltools volgt geen links, omdat die naar "
        "bestanden buiten de ronde kunnen wijzen; kopieer het bestand zelf naar deze plek",
    )


def size_problem(path: Path, file: str, limit: int) -> Problem | None:
    """A file larger than ``limit`` bytes is a problem (checked before it is read)."""
    size = path.stat().st_size
    if size <= limit:
        return None
    return Problem(
        file,
        "",
        "",
        f"een bestand van {_megabytes(size)}",
        f"een invoerbestand van hoogstens {_megabytes(limit)}; controleer of dit het goede "
        "bestand is",
    )


def _encoding_guess(data: bytes) -> str:
    """The likely encoding of bytes that are not UTF-8, as a consultant can act on it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 10:
        return "UTF-16 (Unicode zoals Windows 'Kladblok' dat soms opslaat)"
    if data.startswith(b"\xd0\xcf\x11\xe0") or data.startswith(b"PK\x03\x04"):
        return "geen tekst: het lijkt een Office-bestand (Word of Excel)"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "een onbekende codering"
    # Dutch text that is not UTF-8 is in practice Windows-1252 (a superset of Latin-1 for
    # letters such as é and ë); statistical detectors guess Asian encodings on short texts
    return "Windows-1252 of Latin-1, een oudere Windows-codering"


def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """The text of an input file: UTF-8 with or without BOM, line ends made LF.

    A link, a file over the size limit or text in another encoding is a Problem naming the
    file (and the likely encoding).
    """
    refused = symlink_problem(path, file) or size_problem(path, file, MAX_TEXT_BYTES)
    if refused:
        return None, [refused]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                file,
                f"regel {line}",
                "",
                f"tekst die geen UTF-8 is (waarschijnlijk {_encoding_guess(data)})",
                "tekst in UTF-8; sla het bestand opnieuw op met codering 'UTF-8' (in Kladblok "
                "of Word: Opslaan als, Codering: UTF-8)",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def package_problem(path: Path, file: str) -> Problem | None:
    """Refuse an .xlsx or .docx that is a link, too large, or unpacks to too much.

    Only the zip directory is read: the declared sizes are checked before any part is unpacked
    (Python's zip reader never unpacks more than an entry declares).
    """
    refused = symlink_problem(path, file) or size_problem(path, file, MAX_PACKAGE_BYTES)
    if refused:
        return refused
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # the parser reports a damaged file in its own words
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_PACKAGE_ENTRIES or unpacked > MAX_UNPACKED_BYTES:
        return Problem(
            file,
            "",
            "",
            f"een bestand dat uitgepakt {_megabytes(unpacked)} in {len(entries)} delen zou "
            "worden (mogelijk een 'zip-bom')",
            f"een document dat uitgepakt hoogstens {_megabytes(MAX_UNPACKED_BYTES)} is; het "
            "bestand is niet geopend; vraag om het oorspronkelijke bestand",
        )
    return doctype_problem(path, file)


def _has_doctype(stream: IO[bytes]) -> bool:
    """Whether an XML part declares a DOCTYPE: its prolog is read, up to the first element.

    Office never writes one; a DOCTYPE declares entities that a parser would expand (or, in
    Word's parser, silently drop with the text after them), so a part with one is not parsed.
    """
    head = stream.read(4)
    encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(head)
    while True:
        skipped = True
        while skipped:  # whitespace, a byte order mark, declarations and comments
            text = text.lstrip().lstrip("\ufeff")
            skipped = False
            for opener, closer in (("<?", "?>"), ("<!--", "-->")):
                end = text.find(closer, len(opener)) if text.startswith(opener) else -1
                if end >= 0:
                    text, skipped = text[end + len(closer) :], True
        complete = len(text) >= 9 and not text.startswith(("<?", "<!--"))
        chunk = b"" if complete else stream.read(65536)
        if not chunk:
            return text[:9].upper() == "<!DOCTYPE"
        text += decoder.decode(chunk)


def doctype_problem(path: Path, file: str) -> Problem | None:
    """An .xlsx or .docx with a DOCTYPE in one of its XML parts is refused, naming the part."""
    try:
        with zipfile.ZipFile(path) as package:
            for entry in package.infolist():
                if not entry.filename.lower().endswith((".xml", ".rels")):
                    continue
                with package.open(entry) as stream:
                    if not _has_doctype(stream):
                        continue
                return Problem(
                    file,
                    entry.filename,
                    "",
                    "een XML-DOCTYPE (een verklaring met eigen 'entiteiten') in het bestand, "
                    "die Excel en Word zelf nooit schrijven",
                    "een bestand zoals Excel, Word of LibreOffice het opslaat; het bestand is "
                    "niet gelezen; open het in Excel of Word en sla het opnieuw op, of vraag om "
                    "het oorspronkelijke bestand",
                )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return None  # the parser reports a damaged file in its own words
    return None
