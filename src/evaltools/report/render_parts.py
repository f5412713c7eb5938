"""The report read part by part: each part's pandoc tree is kept and reused while its text is.

pandoc's Markdown reader is the slowest part of reading the report (a megabyte of text). The
report's Markdown is cut into parts at its top-level headings (levels 1 to 3, after a blank
line, outside fenced divs and code: one part per text, per hub, per appendix); each part is
read on its own, and the trees are put one after another. A part whose text is unchanged comes
from the cache (:class:`evaltools.report.render_cache.PartCache`, keyed by the SHA-256 of
pandoc's version, the Markdown dialect and the part's text); the rest are read in one pandoc
process. So a changed hub's note re-reads only that hub's part.

Reading parts apart gives the tree of reading the whole only when nothing in one part refers
to another: :func:`whole_needed` sends the report to one read instead when it has link or
footnote definitions (``[x]: ...``, ``[^x]: ...``) used from another part, an example list
(``(@)``), a heading's text in brackets (an implicit link to it) or, after reading, more
than one metadata block. Headings named after their text are numbered again over the whole
document (:func:`renumber`), as pandoc numbers a second heading of one name, and the
citations get the note numbers of the whole (:func:`renumber_notes`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# an ATX heading of level 1-3; a part starts at one after a blank line, outside divs and code
_HEADING = re.compile(r"^#{1,3}[ \t]")
_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_DIV_OPEN = re.compile(r"^:{3,}[ \t]*[^\s:]")
_DIV_CLOSE = re.compile(r"^:{3,}[ \t]*$")
_DEFINITION = re.compile(r"^ {0,3}\[\^?([^\]\n]+)\]:", re.MULTILINE)
_BRACKETED = re.compile(r"\[\^?([^\[\]\n]{1,300})\](?!\()")
_HEADING_LINE = re.compile(r"^#{1,6}[ \t].*$", re.MULTILINE)
_EXPLICIT_ID = re.compile(r"\{[^}]*?#([^\s}]+)")
_NUMBERED = re.compile(r"^(.+)-(\d+)$")
_EXAMPLE = re.compile(r"^[ \t]*\(@[\w-]*\)[ \t]", re.MULTILINE)
_HEADING_TEXT = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$", re.MULTILINE)


def split_parts(text: str) -> list[str]:
    """``text`` cut before each top-level heading that starts a part; joined, they are ``text``."""
    parts: list[str] = []
    current: list[str] = []
    depth, fence, blank = 0, "", True
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if fence:
            if bare.strip().startswith(fence) and set(bare.strip()) == {fence[0]}:
                fence = ""
        elif (opened := _CODE_FENCE.match(bare)) is not None:
            fence = opened[1]
        elif _DIV_CLOSE.match(bare):
            depth = max(depth - 1, 0)
        elif _DIV_OPEN.match(bare):
            depth += 1
        elif depth == 0 and blank and current and _HEADING.match(bare):
            parts.append("".join(current))
            current = []
        current.append(line)
        blank = not bare.strip()
    if current:
        parts.append("".join(current))
    return parts


def whole_needed(parts: list[str]) -> bool:
    """True when a part may refer to another (see the module's docstring)."""
    text = "".join(parts)
    if _EXAMPLE.search(text):
        return True
    # a link or footnote definition used from another part than its own
    for number, part in enumerate(parts):
        labels = {m[1].lower() for m in _DEFINITION.finditer(part)}
        if labels and any(
            labels & _bracketed(other) for i, other in enumerate(parts) if i != number
        ):
            return True
    # a heading's text in brackets, not an explicit link: pandoc links it to the heading
    titles = {m[1].strip().lower() for m in _HEADING_TEXT.finditer(text) if m[1].strip()}
    return bool(titles & _bracketed(text))


def _bracketed(text: str) -> set[str]:
    """The texts in square brackets not followed by a link target ``(...)``, lower case."""
    return {m[1].lower() for m in _BRACKETED.finditer(text)}


def _headers(blocks: list) -> Iterable[list]:
    """The attributes (``[id, classes, pairs]``) of every heading, in document order."""
    for block in blocks:
        if block.get("t") == "Header":
            yield block["c"][1]
        elif block.get("t") == "Div":
            yield from _headers(block["c"][1])
        elif block.get("t") == "BlockQuote":
            yield from _headers(block["c"])


def _explicit_ids(text: str) -> set[str]:
    """The identifiers the headings of ``text`` give themselves (``# Kop {#id}``)."""
    return {
        found[1]
        for heading in _HEADING_LINE.finditer(text)
        for found in _EXPLICIT_ID.finditer(heading[0])
    }


def renumber(parts: list[str], trees: list[dict]) -> None:
    """Give the headings of ``trees`` the identifiers a read of the whole would give them.

    pandoc names a heading without an identifier after its text, and a second heading of that
    name ``<naam>-1`` (then ``-2``...), counting the identifiers of every heading before it in
    the document; a part read apart counted only its own. Each heading's base name is taken
    back from its part (``x-1`` after ``x`` in one part was numbered there) and numbered
    again over the whole document, as pandoc does.
    """
    used: set[str] = set()
    for part, tree in zip(parts, trees, strict=True):
        explicit = _explicit_ids(part)
        own: set[str] = set()
        for attr in _headers(tree["blocks"]):
            ident = attr[0]
            if not ident or ident in explicit:
                own.add(ident)
                used.add(ident)
                continue
            base = ident
            numbered = _NUMBERED.match(ident)
            if numbered and numbered[1] in own:
                base = numbered[1]
            own.add(ident)
            new, n = base, 0
            while new in used:
                n += 1
                new = f"{base}-{n}"
            attr[0] = new
            used.add(new)


def _notes_and_citations(node: object, shift: int) -> int:
    """How far ``node`` moves pandoc's note counter; its citations' numbers moved by ``shift``.

    The counter goes up by one for every footnote and every citation outside a footnote
    (``citationNoteNum``: a citation style may turn each into a note); a citation inside a
    footnote gets that footnote's number.
    """
    counted = 0
    if isinstance(node, list):
        for value in node:
            if isinstance(value, (dict, list)):
                counted += _notes_and_citations(value, shift)
        return counted
    if not isinstance(node, dict):
        return 0
    kind = node.get("t")
    if kind == "Note":
        _notes_and_citations(node["c"], shift)
        return 1
    if kind == "Cite":
        for citation in node["c"][0]:
            citation["citationNoteNum"] += shift
        _notes_and_citations(node["c"][1], shift)
        return 1
    content = node.get("c")
    return _notes_and_citations(content, shift) if isinstance(content, (dict, list)) else 0


def renumber_notes(parts: list[str], trees: list[dict]) -> None:
    """Give each citation the note number a read of the whole would give it.

    pandoc counts footnotes and citations as it reads and stamps the count into every
    citation (``citationNoteNum``; a cross-reference ``@sec-x`` is a citation): a part read
    apart counted from zero. A part without ``@`` and without a note mark holds neither and
    is not walked.
    """
    before = 0
    for part, tree in zip(parts, trees, strict=True):
        if "@" in part or "^[" in part or "[^" in part:
            before += _notes_and_citations(tree["blocks"], before)


def assemble(parts: list[str], trees: list[dict]) -> dict | None:
    """The trees of the parts as one document; None when only a whole read gives the tree."""
    metas = [tree["meta"] for tree in trees if tree["meta"]]
    if len(metas) > 1:
        return None
    renumber(parts, trees)
    renumber_notes(parts, trees)
    return {
        "pandoc-api-version": trees[0]["pandoc-api-version"],
        "meta": metas[0] if metas else {},
        "blocks": [block for tree in trees for block in tree["blocks"]],
    }


def read_in_parts(
    text: str,
    cached: Callable[[list[str]], list[dict | None]],
    read: Callable[[list[str]], list[dict]],
    whole: Callable[[str], dict],
) -> dict:
    """The tree of ``text``: its parts from ``cached`` or ``read`` (together), or ``whole``."""
    parts = split_parts(text)
    if whole_needed(parts):
        return whole(text)
    return assemble(parts, part_trees(parts, cached, read)) or whole(text)


def part_trees(
    parts: list[str],
    cached: Callable[[list[str]], list[dict | None]],
    read: Callable[[list[str]], list[dict]],
) -> list[dict]:
    """Each part's tree: from ``cached``, the others read by ``read`` (together)."""
    trees = cached(parts)
    missing = [part for part, tree in zip(parts, trees, strict=True) if tree is None]
    made = iter(read(missing) if missing else [])
    return [tree if tree is not None else next(made) for tree in trees]
