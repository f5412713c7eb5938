"""What a reader sees on the pages of a PDF (the report's own, or LibreOffice's of the DOCX):
how full each page is, words hyphenated over two lines, table captions left alone at a page's
foot, words of a table's header broken inside a cell (tests/builds/test_pages.py).

The fill of a page is measured on its picture (poppler's ``pdftoppm``), as a reader sees it:
a chart is ink though it holds no text. The text comes from poppler's ``pdftotext``, line by
line as on the page.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image
from pypdf import PdfReader

NO_POPPLER = "poppler-utils (pdftoppm, pdftotext) is not installed: the page check reads pictures"
DPI = 30
INK = 200  # a pixel darker than this (0-255 grey) is ink
# The footer line of a report page ("pagina 3 van 47"): not part of the page's body.
FOOTER = re.compile(r"^pagina \d+ van \d+$")
CAPTION = re.compile(r"^Tabel \d+[a-z]?\.")
HYPHENS = "-\u2010\u00ad"


@dataclass(frozen=True)
class Page:
    """One page: its number (from 1), how far down its body the ink reaches (0-1), its lines."""

    number: int
    fill: float
    lines: tuple[str, ...]


def _fill(picture: Path, top: float, bottom: float) -> float:
    """How far down the body (between the fractions ``top`` and ``bottom`` of the page's
    height) the lowest ink lies: 0 for an empty body, 1 for ink down to its foot."""
    image = Image.open(picture).convert("L")
    width, height = image.size
    first, last = int(top * height), int(bottom * height)
    pixels = image.load()
    for row in range(last - 1, first - 1, -1):
        if any(pixels[x, row] < INK for x in range(width)):
            return (row - first + 1) / (last - first)
    return 0.0


def read_pages(pdf: Path, top: float = 0.075, bottom: float = 0.93) -> list[Page]:
    """Every page of ``pdf``: its fill (header and footer bands, the fractions above ``top``
    and below ``bottom`` of the page, left out) and its lines of text."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-r", str(DPI), str(pdf), f"{folder}/p"], check=True
        )
        pictures = sorted(Path(folder).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        fills = [_fill(picture, top, bottom) for picture in pictures]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = text.split("\f")
    return [
        Page(i + 1, fill, tuple(line.strip() for line in pages[i].splitlines() if line.strip()))
        for i, fill in enumerate(fills)
    ]


def chapter_pages(pdf: Path) -> set[int]:
    """The pages (from 1) on which a chapter or appendix starts: the PDF's top-level
    bookmarks."""
    reader = PdfReader(pdf)
    return {
        reader.get_destination_page_number(entry) + 1
        for entry in reader.outline
        if not isinstance(entry, list)
    }


def short_pages(pages: list[Page], chapters: set[int], least: float = 1 / 3) -> list[Page]:
    """Pages under ``least`` full that do not end a chapter (the next page starts one) and are
    not the first or last page (cover, back page)."""
    return [page for page in pages[1:-1] if page.fill < least and page.number + 1 not in chapters]


def split_words(text: str, words: set[str], *, hyphen: bool = False) -> list[str]:
    """The ``words`` that ``text`` breaks over two lines: with a hyphen ("Techno-⏎hub"), or
    unless ``hyphen``, also without one ("Consultant⏎s")."""
    mark = f"[{HYPHENS}]" if hyphen else f"[{HYPHENS}]?"
    found = []
    for word in sorted(words):
        for cut in range(2, len(word) - 1):
            head, tail = re.escape(word[:cut]), re.escape(word[cut:])
            if re.search(rf"(?<!\w){head}{mark}\n\s*{tail}(?!\w)", text):
                found.append(f"{word[:cut]}|{word[cut:]}")
    return found


def page_text(pages: list[Page]) -> str:
    """The lines of ``pages``, one after another."""
    return "\n".join(line for page in pages for line in page.lines)


def lone_captions(pdf: Path) -> list[tuple[int, str]]:
    """Table captions (above their table) that are the last text of a page's body: the table
    starts on the next page. Read from ``pdftotext -bbox-layout`` (blocks of lines)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(xhtml)
    found = []
    for number, page in enumerate(root.iterfind(".//x:page", namespace), start=1):
        blocks = []
        for block in page.iterfind(".//x:block", namespace):
            lines = [
                " ".join(word.text or "" for word in line.iterfind("x:word", namespace))
                for line in block.iterfind("x:line", namespace)
            ]
            text = " ".join(lines).strip()
            if text and not FOOTER.match(text):
                blocks.append((float(block.get("yMax")), text))
        if not blocks:
            continue
        last = max(blocks)[1]
        if CAPTION.match(last):
            found.append((number, last))
    return found
