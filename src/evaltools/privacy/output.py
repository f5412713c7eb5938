"""Privacy in the report's own output (pure).

The text of a pandoc tree, by place, scanned before anything is published.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from evaltools.privacy.scan import Document, ForbiddenQuote, NameKey, clip, locate, personal_data
from evaltools.round.findings import ERROR, Finding

_BREAKS = {"Space": " ", "SoftBreak": "\n", "LineBreak": "\n"}


_WRAPPERS = ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps")


_QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}


def ast_document(label: str, ast: dict) -> Document:
    """The text of a pandoc JSON AST, one segment per text element, in reading order.

    An element is what a reader sees as one piece of text: a paragraph, a heading, a table
    cell, a caption, a list item's paragraph, a code block, a footnote's paragraph, a line of
    a line block; attribute values (alt text, ``title``) and link targets are elements of their
    own, and so are the document's metadata values. Text never runs from one element into the
    next, so a table row ("Hub 025 | 4 | 4 | 3 | 2") or a cell followed by a heading
    number ("3.3.9") is never read as one phone number, while a number inside one cell or
    paragraph is still found (broken over lines or not).
    """
    segments: list[str] = []
    _meta_segments(ast.get("meta", {}), segments)
    _block_segments(ast.get("blocks", []), segments)
    return Document(label, [(f"element {n}", text) for n, text in enumerate(segments, 1)])


def value_segments(label: str, data: object) -> Document:
    """Every string value of a nested dict/list (e.g. the title data), one segment each."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, str) and value.strip():
            found.append(value)

    walk(data)
    return Document(label, [(f"waarde {n}", text) for n, text in enumerate(found, 1)])


def _meta_segments(meta: dict, segments: list[str]) -> None:
    for value in meta.values():
        _meta_value(value, segments)


def _meta_value(value: dict, segments: list[str]) -> None:
    kind = value.get("t")
    content: Any = value.get("c")  # Pandoc JSON: a map, list or string, as ``kind`` says
    if kind == "MetaMap":
        _meta_segments(content, segments)
    elif kind == "MetaList":
        for item in content:
            _meta_value(item, segments)
    elif kind == "MetaInlines":
        _add(segments, _inline_text(content, segments))
    elif kind == "MetaBlocks":
        _block_segments(content, segments)
    elif kind == "MetaString":
        _add(segments, content)


def _add(segments: list[str], text: str) -> None:
    if text.strip():
        segments.append(text)


def _attributes(attr: list, segments: list[str]) -> None:
    """Attribute values (alt text, title, hover text) are texts of their own."""
    for _, value in attr[2]:
        _add(segments, value)


def _block_segments(blocks: list, segments: list[str]) -> None:
    for block in blocks:
        kind, content = block.get("t"), block.get("c")
        if kind in ("Para", "Plain"):
            _add(segments, _inline_text(content, segments))
        elif kind == "Header":
            _attributes(content[1], segments)
            _add(segments, _inline_text(content[2], segments))
        elif kind in ("CodeBlock", "RawBlock"):
            _add(segments, content[1])
        elif kind == "LineBlock":
            for line in content:
                _add(segments, _inline_text(line, segments))
        elif kind == "BlockQuote":
            _block_segments(content, segments)
        elif kind == "BulletList":
            for item in content:
                _block_segments(item, segments)
        elif kind == "OrderedList":
            for item in content[1]:
                _block_segments(item, segments)
        elif kind == "DefinitionList":
            for term, definitions in content:
                _add(segments, _inline_text(term, segments))
                for definition in definitions:
                    _block_segments(definition, segments)
        elif kind == "Div":
            _attributes(content[0], segments)
            _block_segments(content[1], segments)
        elif kind == "Figure":
            _attributes(content[0], segments)
            _caption_segments(content[1], segments)
            _block_segments(content[2], segments)
        elif kind == "Table":
            _table_segments(content, segments)


def _caption_segments(caption: list, segments: list[str]) -> None:
    short, long = caption
    if short:
        _add(segments, _inline_text(short, segments))
    _block_segments(long, segments)


def _table_segments(content: list, segments: list[str]) -> None:
    """Every cell on its own (head, bodies, foot), after the caption."""
    attr, caption, _, head, bodies, foot = content
    _attributes(attr, segments)
    _caption_segments(caption, segments)
    rows = list(head[1])
    for body in bodies:
        rows += body[2] + body[3]
    rows += foot[1]
    for row in rows:
        for cell in row[1]:
            _block_segments(cell[4], segments)


def _inline_text(inlines: list, segments: list[str]) -> str:
    """The text of a run of inlines; a footnote, a link target and attribute values go to
    ``segments`` as texts of their own."""
    parts = []
    for inline in inlines:
        kind, content = inline.get("t"), inline.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in _BREAKS:
            parts.append(_BREAKS[kind])
        elif kind in _WRAPPERS:
            parts.append(_inline_text(content, segments))
        elif kind == "Quoted":
            opening, closing = _QUOTES.get(content[0]["t"], ("“", "”"))
            parts.append(opening + _inline_text(content[1], segments) + closing)
        elif kind == "Cite":
            parts.append(_inline_text(content[1], segments))
        elif kind in ("Code", "Math", "RawInline"):
            parts.append(content[1])
        elif kind == "Span":
            _attributes(content[0], segments)
            parts.append(_inline_text(content[1], segments))
        elif kind in ("Link", "Image"):
            _attributes(content[0], segments)
            parts.append(_inline_text(content[1], segments))
            _add(segments, content[2][0])  # the target: a mailto: or tel: address
            _add(segments, content[2][1])  # its title (hover text)
        elif kind == "Note":
            _block_segments(content, segments)
    return "".join(parts)


def output_findings(
    outputs: dict[str, str | Document],
    key: NameKey | None,
    quotes_not_allowed: Sequence[ForbiddenQuote],
    sources: Sequence[Document],
) -> list[Finding]:
    """Personal data and forbidden quotes in the outputs' text, located in the sources.

    ``outputs``: label (e.g. 'de tekst van het rapport') -> its text, either a
    :class:`Document` whose segments are scanned one by one (a table cell, a paragraph:
    see :func:`ast_document`) or one string scanned as a whole. ``sources``: the documents to
    search for where it came from (inputs first, then generated Markdown).
    """
    found: dict[tuple[str, str, str], list[str]] = {}
    # the editions share most of their text: a text seen before is not scanned again
    scanned: dict[str, list[tuple[str, str, re.Pattern]]] = {}
    for label, output in outputs.items():
        texts = [output] if isinstance(output, str) else [t for _, t in output.segments]
        hits = []
        for text in texts:
            if text not in scanned:
                flat = " ".join(text.split())
                scanned[text] = [
                    (hit.what, hit.shown, hit.pattern) for hit in personal_data(text, key)
                ] + [
                    ("citaat", f"het citaat '{clip(q.text)}' uit {q.file} ({q.place})", q.pattern)
                    for q in quotes_not_allowed
                    if q.pattern.search(flat)
                ]
            hits += scanned[text]
        for what, shown, pattern in hits:
            found.setdefault((what, shown, pattern.pattern), [])
            if label not in found[(what, shown, pattern.pattern)]:
                found[(what, shown, pattern.pattern)].append(label)
    findings = []
    for (what, shown, pattern_text), labels in found.items():
        where = locate(re.compile(pattern_text, re.IGNORECASE), sources)
        file, place = where if where else ("", "")
        origin = "" if where else " (niet gevonden in de invoer of de gegenereerde bronnen)"
        reason = (
            "de notities van dit interview zijn niet citeerbaar"
            if what == "citaat"
            else "personen komen alleen voor met hun rol of een pseudoniem"
        )
        findings.append(
            Finding(
                ERROR,
                f"{what} in de uitvoer",
                file,
                place,
                f"{shown} staat in {', '.join(labels)}{origin}; {reason}",
            )
        )
    return findings
