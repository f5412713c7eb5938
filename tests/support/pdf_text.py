"""The text of each page of a PDF as pypdf extracts it, without making pypdf parse the drawings.

Most of a Typst page's content stream draws: a figure is hundreds of path operators (``m``,
``l``, ``c``, ``f``), with colours and marked-content tags. pypdf parses every operator in
Python before it looks at the text (seconds for a report of sixty pages), yet its text
extraction acts only on the operators in ``TEXT_OPERATORS`` and drops the operands of any
other. So each page's content stream is cut, before pypdf reads it, to those operators with
their operands, in their order: pypdf then returns the same text (``page.extract_text()``),
in a fifth of the time. tests/builds/test_pdf_text.py compares both on real outputs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

from filelock import FileLock

from evaltools.privacy.files import output_text, pages_text

# What pypdf's text extraction acts on (pypdf/_page.py ``_extract_text`` and
# pypdf/_text_extraction/_text_extractor.py ``operation_handlers``); it skips the rest.
TEXT_OPERATORS = frozenset(b"BT ET q Q cm Tz Tc Tw TL Tf Td TD Tm T* Tj TJ ' \" Do".split())

_WHITE = rb"\x00\t\n\f\r "
_DELIMITERS = rb"()<>\[\]{}/%"
_REGULAR = rb"[^" + _WHITE + _DELIMITERS + rb"]"
_NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
# A literal string without nested parentheses (for one with them, see ``_string_end``).
_FLAT_STRING = rb"\((?:[^()\\]|\\.)*\)"
# One token of a content stream (PDF 32000-1, 7.2 and 7.8.2): whole arrays of numbers and flat
# strings (a TJ's operand) at once, else arrays and dictionaries are opened and closed.
_TOKEN = re.compile(
    rb"(?P<white>[" + _WHITE + rb"]+)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<array>\[(?:"
    + _FLAT_STRING
    + rb"|<[0-9A-Fa-f"
    + _WHITE
    + rb"]*>|[-+.\d"
    + _WHITE
    + rb"])*\])"
    rb"|(?P<open><<|\[|\{)"
    rb"|(?P<close>>>|\]|\})"
    rb"|(?P<hex><[^>]*>)"
    rb"|(?P<flat>" + _FLAT_STRING + rb")"
    rb"|(?P<string>\()"
    rb"|(?P<name>/" + _REGULAR + rb"*)"
    rb"|(?P<word>" + _REGULAR + rb"+)",
    re.DOTALL,
)
_OPERATOR_END = rb"(?=[" + _WHITE + _DELIMITERS + rb"]|\Z)"
# Operations of other operators than TEXT_OPERATORS (and an inline image's BI) whose operands
# are numbers and names (a path, a colour), one after another: dropped in one step.
_NOT_DRAWINGS = sorted(TEXT_OPERATORS | {b"BI"}, key=len, reverse=True)
_DRAWINGS = re.compile(
    rb"(?:[" + _WHITE + rb"]*(?:(?:" + _NUMBER + rb"|/" + _REGULAR + rb"*)[" + _WHITE + rb"]+)*"
    rb"(?!(?:" + rb"|".join(map(re.escape, _NOT_DRAWINGS)) + rb")" + _OPERATOR_END + rb")"
    rb"[A-Za-z'\"]" + _REGULAR + rb"*" + _OPERATOR_END + rb")+"
)
_STRING_PART = re.compile(rb"\\.|[()]", re.DOTALL)


def _string_end(data: bytes, start: int) -> int:
    """The position after the literal string that opens at ``start`` (balanced parentheses,
    backslash escapes)."""
    depth = 0
    for match in _STRING_PART.finditer(data, start):
        part = match[0]
        if part == b"(":
            depth += 1
        elif part == b")":
            depth -= 1
            if depth == 0:
                return match.end()
    return len(data)


def _is_operator(word: bytes) -> bool:
    """A word pypdf reads as an operator, not as an operand (a number)."""
    return word[:1].isalpha() or word[:1] in (b"'", b'"')


def text_operations(data: bytes) -> bytes:
    """The content stream ``data`` with only the operations in ``TEXT_OPERATORS``.

    An operator is a word outside arrays and dictionaries (as pypdf reads it); an operation is
    an operator with the operands since the previous one. From an inline image (``BI``) on,
    the rest is kept as it is.
    """
    kept: list[bytes] = []
    start = position = depth = 0
    while position < len(data):
        if position == start and depth == 0:  # between two operations
            drawings = _DRAWINGS.match(data, position)
            if drawings is not None:
                position = start = drawings.end()
                continue
        match = _TOKEN.match(data, position)
        if match is None:  # not a content stream this reader knows: keep the rest
            break
        kind, position = match.lastgroup, match.end()
        if kind == "string":
            position = _string_end(data, match.start())
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "word" and depth == 0 and _is_operator(match[0]):
            operator = match[0]
            if operator == b"BI":
                break
            if operator in TEXT_OPERATORS:
                kept.append(data[start:position])
            start = position
    kept.append(data[start:])
    return b"\n".join(kept)


def page_texts(path: Path) -> list[str]:
    """``page.extract_text()`` of each page of the PDF ``path`` (pypdf), from its text
    operations only."""
    from pypdf import PdfReader
    from pypdf.generic import DecodedStreamObject, NameObject

    texts = []
    for page in PdfReader(path).pages:
        contents = page.get_contents()
        if contents is not None:
            stream = DecodedStreamObject()
            stream.set_data(text_operations(contents.get_data()))
            page[NameObject("/Contents")] = stream
        texts.append(page.extract_text() or "")
    return texts


# --- text of finished outputs, extracted once per test run --------------------------------------
# pypdf needs seconds for a report of 60 pages (``page_texts`` spares it the drawings), and many
# tests, in both test processes, read the same shared build's PDFs. A PDF's text is kept on disk
# in the run's base folder (both processes read it; ``keep_texts_in``, by a fixture of
# tests/conftest.py) and in memory, keyed by path, modification time and size: a file written
# again is read again.

_texts: Path | None = None  # the folder of PDF texts of this test run (set by ``keep_texts_in``)


def keep_texts_in(folder: Path) -> None:
    """Keep the PDF texts of this test run in ``folder`` (made if missing)."""
    global _texts
    folder.mkdir(exist_ok=True)
    _texts = folder


def _version(path: Path) -> tuple[str, int, int]:
    stat = Path(path).stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@functools.cache
def _pdf_pages(version: tuple[str, int, int]) -> tuple[str, ...]:
    def extract() -> list[str]:
        return page_texts(Path(version[0]))

    if _texts is None:  # outside a test session
        return tuple(extract())
    name = hashlib.sha256(json.dumps(version).encode()).hexdigest()
    record = _texts / f"{name}.json"
    with FileLock(str(_texts / f"{name}.lock")):  # the other process waits, not extracts
        if not record.is_file():
            record.write_text(json.dumps(extract()), encoding="utf-8")
    return tuple(json.loads(record.read_text(encoding="utf-8")))


def pdf_pages(path: Path) -> tuple[str, ...]:
    """The text of each page of a PDF as pypdf extracts it (``page.extract_text()``)."""
    return _pdf_pages(_version(path))


@functools.cache
def _output_text(version: tuple[str, int, int]) -> str:
    path = Path(version[0])
    if path.suffix.lower() == ".pdf":  # ``output_text`` of a PDF, from the pages read once
        return pages_text(list(_pdf_pages(version)))
    return output_text(path)


def output_text_of(path: Path) -> str:
    """``evaltools.privacy.files.output_text`` of a finished output (HTML, PDF, DOCX)."""
    return _output_text(_version(path))


def flat_pdf_text(path: Path, *, hyphen_glyphs: bool = False) -> str:
    """The PDF's text (``pdf_pages``) on one line; with ``hyphen_glyphs``, Typst's hyphen glyph,
    which pypdf reads back as a soft hyphen, as a hyphen."""
    pages = pdf_pages(path)
    if hyphen_glyphs:
        pages = tuple(page.replace("\xad", "-") for page in pages)
    return " ".join(" ".join(page.split()) for page in pages)
