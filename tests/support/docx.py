"""The pictures of a DOCX as Word shows them: description, size and image (tests of the
figures in the DOCX, tests/unit/report and tests/builds)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

EMU_PER_INCH = 914_400
NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
EMBED = f"{{{NS['r']}}}embed"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Picture:
    """One picture in a DOCX: its description, its size there (inches) and the image Word shows
    (the main blip; an SVG-only picture has none, ``data`` is then empty)."""

    description: str
    width: float
    height: float
    data: bytes


def docx_pictures(docx: Path) -> list[Picture]:
    """The pictures of ``docx`` in document order."""
    with zipfile.ZipFile(docx) as archive:
        document = ElementTree.fromstring(archive.read("word/document.xml"))
        rels = ElementTree.fromstring(archive.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iterfind("rel:Relationship", NS)}
        pictures = []
        for inline in document.iter():
            if inline.tag not in (f"{{{NS['wp']}}}inline", f"{{{NS['wp']}}}anchor"):
                continue
            extent = inline.find("wp:extent", NS)
            blip = inline.find(".//a:blip", NS)
            target = targets.get(blip.get(EMBED)) if blip is not None else None
            pictures.append(
                Picture(
                    description=inline.find("wp:docPr", NS).get("descr", ""),
                    width=int(extent.get("cx")) / EMU_PER_INCH,
                    height=int(extent.get("cy")) / EMU_PER_INCH,
                    data=archive.read(f"word/{target}") if target else b"",
                )
            )
        return pictures
