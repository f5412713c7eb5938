"""Files for the privacy check: the names key, the inputs' text by place, the outputs' text."""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from docx import Document as WordDocument
from openpyxl import load_workbook

from evaltools.privacy.output import ast_document
from evaltools.privacy.scan import KEY_FILE, Document, NameKey, unescape_markdown
from evaltools.round.archives import within_limit
from evaltools.round.models import parse_model
from evaltools.round.problems import InvalidRound
from evaltools.round.yaml_source import read_yaml

TEXT_SUFFIXES = (".md", ".yaml", ".yml", ".txt", ".qmd")


def read_names_key(root: Path) -> NameKey | None:
    """The key of real names at the project root, or None when there is none."""
    path = Path(root) / KEY_FILE
    if not path.is_file():
        return None
    source, problems = read_yaml(path, KEY_FILE)
    if source is None:
        raise InvalidRound(problems)
    key, problems = parse_model(NameKey, source, KEY_FILE)
    if key is None:
        raise InvalidRound(problems)
    return key


def input_documents(raw_dir: Path) -> list[Document]:
    """Every readable file of a round folder, labelled like validation messages
    (``<ronde>/interviews/alpha.md``); files that cannot be read as text are skipped here
    (validation reports them)."""
    raw_dir = Path(raw_dir)
    documents = []
    for path in sorted(raw_dir.rglob("*")):
        relative = path.relative_to(raw_dir)
        if (
            path.is_symlink()
            or not path.is_file()
            or any(p.startswith((".", "~$")) for p in relative.parts)
        ):
            continue  # a symbolic link is refused by validation, never followed
        label = f"{raw_dir.name}/{relative.as_posix()}"
        document = file_document(path, label)
        if document is not None:
            documents.append(document)
    return documents


def file_document(path: Path, label: str) -> Document | None:
    """One file as text by place: lines, sheet cells or Word paragraphs."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".docx") and not within_limit(path):
            return None  # validation names the file; scanning it could take all memory
        if suffix in TEXT_SUFFIXES:
            lines = _scan_text(path.read_bytes()).splitlines()
            if suffix in (".md", ".qmd"):
                lines = [unescape_markdown(line) for line in lines]
            return Document(label, [(f"regel {n}", line) for n, line in enumerate(lines, 1)])
        if suffix in (".xlsx", ".docx"):
            data = path.read_bytes()
            key = (suffix, hashlib.sha256(data).hexdigest())
            segments = _PARSED.get(key)
            if segments is None:
                segments = _workbook_cells(data) if suffix == ".xlsx" else _paragraphs(data)
                if len(_PARSED) >= _PARSED_KEPT:
                    _PARSED.clear()
                _PARSED[key] = segments
            return Document(label, list(segments))
    except Exception:  # noqa: BLE001 - any unreadable file is validation's to report
        return None
    return None


# Workbooks and Word files already parsed in this process, by their bytes' SHA-256: the
# preview scans the round after every save, and a form takes openpyxl far longer to parse
# than its bytes take to hash. Bounded: the forms of a few rounds.
_PARSED: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
_PARSED_KEPT = 500


def _workbook_cells(data: bytes) -> tuple[tuple[str, str], ...]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        # the size a sheet declares is not trusted: with it, a cell at XFD1048576
        # would have every empty cell before it padded in (billions)
        sheet.reset_dimensions()
    segments = tuple(
        (f"{sheet.title}!{cell.coordinate}", str(cell.value))
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.strip()
    )
    workbook.close()
    return segments


def _paragraphs(data: bytes) -> tuple[tuple[str, str], ...]:
    paragraphs = WordDocument(io.BytesIO(data)).paragraphs
    return tuple((f"alinea {n}", p.text) for n, p in enumerate(paragraphs, 1))


def _scan_text(data: bytes) -> str:
    """Text for the privacy scan: UTF-8 (BOM dropped), else Windows-1252, so that a text in
    the wrong encoding (which validation reports) is still scanned."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def generated_documents(report_dir: Path) -> list[Document]:
    """The Markdown the report is made from: index.qmd and everything in report/_generated."""
    report_dir = Path(report_dir)
    paths = [report_dir / "index.qmd", *sorted((report_dir / "_generated").rglob("*.md"))]
    documents = []
    for path in paths:
        if path.is_file():
            document = file_document(path, path.relative_to(report_dir.parent).as_posix())
            if document is not None:
                documents.append(document)
    return documents


class _HtmlText(HTMLParser):
    """Visible text plus the texts a reader meets on hover or instead of an image."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "alt", "aria-label") and value:
                self.parts.append(f"\n{value}\n")
            if name == "href" and value and value.startswith("mailto:"):
                self.parts.append(f"\n{value[7:]}\n")
        if tag in ("p", "li", "td", "th", "div", "br", "h1", "h2", "h3", "h4", "tr"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


# Elements whose text is a text of its own: never read together with a neighbour's.
_HTML_BLOCKS = frozenset(
    [
        "p",
        "li",
        "td",
        "th",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "pre",
        "caption",
        "figcaption",
        "dt",
        "dd",
        "title",
        "blockquote",
        "section",
        "header",
        "footer",
        "table",
        "thead",
        "tbody",
        "ul",
        "ol",
        "dl",
        "figure",
    ]
)


class _HtmlSegments(HTMLParser):
    """Visible text in elements (paragraph, table cell, heading...), plus the texts a reader
    meets on hover or instead of an image, each a segment of its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self._current: list[str] = []
        self._skip = 0

    def _close(self) -> None:
        text = "".join(self._current)
        if text.strip():
            self.segments.append(text)
        self._current = []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        if tag in _HTML_BLOCKS:
            self._close()
        for name, value in attrs:
            if name in ("title", "alt", "aria-label") and value and value.strip():
                self.segments.append(value)
            if name == "href" and value and value.startswith(("mailto:", "tel:")):
                self.segments.append(value.partition(":")[2])

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag in _HTML_BLOCKS:
            self._close()

    def handle_data(self, data):
        if not self._skip:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._close()


def tree_document(path: Path, label: str) -> Document:
    """A pandoc JSON document tree as text by element (see ``ast_document``), for the scan."""
    return ast_document(label, json.loads(Path(path).read_text(encoding="utf-8")))


def html_document(path: Path, label: str) -> Document:
    """An HTML page as text by element (see :class:`_HtmlSegments`), for the privacy scan."""
    parser = _HtmlSegments()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    parser.close()
    return Document(label, [(f"element {n}", t) for n, t in enumerate(parser.segments, 1)])


def html_text(path: Path) -> str:
    parser = _HtmlText()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    return "".join(parser.parts)


_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_RUN_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_XML_TEXT = re.compile(r">([^<]+)<")


def docx_text(path: Path) -> str:
    """Every paragraph of the body, headers, footers and notes, and the document properties."""
    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if not name.endswith(".xml"):
                continue
            xml = archive.read(name).decode("utf-8")
            if name.startswith("word/"):
                parts += [
                    html.unescape("".join(_RUN_TEXT.findall(p))) for p in _PARAGRAPH.findall(xml)
                ]
            elif name.startswith("docProps/"):
                parts += [html.unescape(t) for t in _XML_TEXT.findall(xml)]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    """The text of every page; a word hyphenated at a line end is joined again."""
    # imported here: only a round with PDF inputs (or a test) reads one, and pypdf takes
    # a third of a second to import
    from pypdf import PdfReader

    return pages_text([page.extract_text() or "" for page in PdfReader(path).pages])


def pages_text(pages: list[str]) -> str:
    """The text of a PDF's pages (``pdf_text``), from the text of each page."""
    text = "\n".join(pages)
    return text + "\n" + re.sub(r"(\w)[-\u00ad]\n(\w)", r"\1\2", text)


def output_text(path: Path) -> str:
    """The text of a finished output, by its suffix (for tests and readers; the render's
    privacy scan reads the text it generated instead, see ``report.render``)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".html":
        return html_text(path)
    if suffix == ".docx":
        return docx_text(path)
    if suffix == ".pdf":
        return pdf_text(path)
    return Path(path).read_text(encoding="utf-8")
