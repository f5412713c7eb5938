"""Read interview notes written in Word (.docx), the same content as a Markdown note.

Layout of a note:

- Kopgegevens: before the first Heading 2, one paragraph per field written as
  ``sleutel: waarde`` with the keys of the Markdown front matter (``hub``, ``datum``, ``vorm``,
  ``interviewers``, ``respondenten``, ``citeerbaar``). We chose paragraphs, not a leading table:
  they are typed the same way as the Markdown front matter, survive copy and paste between
  notes, and need no table layout in Word. Lists may be written as ``[a, b]`` or simply
  separated by commas or semicolons (``respondenten: projectleider, docent``); ``citeerbaar``
  takes ``ja``/``nee`` (or ``true``/``false``). A title (Title or Heading 1), empty paragraphs
  and paragraphs that are not ``sleutel: waarde`` may stand between them and are skipped.
- One Heading 2 (in Dutch Word: Kop 2) per criterion, with the name or code of the criterion.
- Below it one paragraph per fragment, starting with its kind: ``sterkte: ...``,
  ``aandachtspunt: ...`` or ``context: ...``, as a bullet (List Bullet) or a plain paragraph.
  Plain paragraphs without a kind are free notes and are skipped; a bullet without a kind is a
  problem, as in a Markdown note.

Places in messages and in the evidence are ``alinea N``: the N-th paragraph of the document body,
counting empty paragraphs and headings too (paragraphs inside tables are not counted).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from evaltools.ingest.interview_md import NoteBuilder, stand_in_meta
from evaltools.ingest.interviews import InterviewNote
from evaltools.round.input_files import package_problem
from evaltools.round.models import InterviewMeta, RoundConfig, parse_model
from evaltools.round.problems import Problem, empty_file
from evaltools.round.yaml_source import YamlSource, load_value

_FIELD = re.compile(r"^(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*)$")
_LIST_FIELDS = ("interviewers", "respondenten")
_YES_NO = {"ja": True, "nee": False}
_CRITERION_STYLES = ("heading 2", "kop 2")


class ParagraphSource(YamlSource):
    """Front matter read from paragraphs: places are paragraph numbers, not lines."""

    def place(self, location: tuple[Any, ...]) -> str:
        number = self.line_of(location)
        return f"alinea {number}" if number else ""


def read_interview_docx(
    path: Path, file: str, config: RoundConfig
) -> tuple[InterviewNote | None, list[Problem]]:
    """Parse one Word note; sections are matched to criteria by name or id."""
    if path.stat().st_size == 0:
        return None, [
            empty_file(
                file,
                "interviewnotities in Word met kopgegevens ('hub: ...', 'datum: ...') en "
                "per criterium een kop (Kop 2)",
            )
        ]
    refused = package_problem(path, file)
    if refused is not None:
        return None, [refused]
    try:
        paragraphs = Document(str(path)).paragraphs
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        XMLSyntaxError,
        AttributeError,  # a zip with parts that are no Word XML
    ):
        return None, [
            Problem(
                file,
                "",
                "",
                "een beschadigd bestand dat Word niet kan openen (het is geen echt .docx-bestand)",
                "een Word-document (.docx) dat in Word of LibreOffice opent; sla de notities "
                "opnieuw op als .docx",
            )
        ]
    first_heading = next(
        (n for n, p in enumerate(paragraphs, start=1) if _is_criterion_heading(p)),
        len(paragraphs) + 1,
    )
    source, problems = _front_matter(paragraphs[: first_heading - 1], file)
    if source is None:
        return None, problems
    meta, meta_problems = parse_model(InterviewMeta, source, file)
    builder = NoteBuilder(file, meta or stand_in_meta(source, file), config)
    for number, paragraph in enumerate(paragraphs, start=1):
        if number < first_heading:
            continue
        place = f"alinea {number}"
        if _is_criterion_heading(paragraph):
            builder.heading(paragraph.text, place)
        elif paragraph.text.strip() and not _is_other_heading(paragraph):
            builder.item(paragraph.text, place, bullet=_is_bullet(paragraph))
    if meta is None:
        return None, meta_problems + builder.problems
    return builder.note(source), builder.problems


def _front_matter(
    paragraphs: list[Paragraph], file: str
) -> tuple[ParagraphSource | None, list[Problem]]:
    data: dict[str, Any] = {}
    lines: dict[tuple[str, ...], int] = {}
    problems = []
    for number, paragraph in enumerate(paragraphs, start=1):
        match = _FIELD.match(paragraph.text.strip())
        if match is None or _is_other_heading(paragraph):
            continue
        key, value = match["key"].lower(), _value(match["key"].lower(), match["value"])
        if key in data:
            problems.append(
                Problem(
                    file,
                    f"alinea {number}",
                    key,
                    f"het veld '{key}' voor de tweede keer (eerst in alinea {lines[(key,)]})",
                    "elk veld van de kopgegevens één keer",
                )
            )
            continue
        data[key] = value
        lines[(key,)] = number
        lines.setdefault((), number)
        if isinstance(value, list):
            for index in range(len(value)):
                lines[(key, str(index))] = number
    if not data:
        return None, [
            Problem(
                file,
                "alinea 1",
                "",
                "geen kopgegevens vóór de eerste kop",
                "vóór de eerste kop (Kop 2) alinea's als 'hub: alpha', 'datum: 2026-03-31', "
                "'interviewers: interviewer 1' en 'respondenten: projectleider'",
            )
        ]
    if problems:
        return None, problems
    return ParagraphSource(data, lines), []


def _value(key: str, text: str) -> Any:
    """A front matter value: YAML where it parses (dates, lists), else the plain text."""
    text = text.strip()
    if text.lower() in _YES_NO:
        return _YES_NO[text.lower()]
    try:
        value = load_value(text) if text else None
    except yaml.YAMLError:
        value = text
    if key in _LIST_FIELDS and isinstance(value, str):
        return [part.strip() for part in re.split(r"[;,]", value) if part.strip()]
    return value


def _style(paragraph: Paragraph) -> str:
    style = paragraph.style
    return (style.name or "").lower() if style is not None else ""


def _is_criterion_heading(paragraph: Paragraph) -> bool:
    return _style(paragraph) in _CRITERION_STYLES


def _is_other_heading(paragraph: Paragraph) -> bool:
    style = _style(paragraph)
    return style == "title" or style == "titel" or style.startswith(("heading", "kop "))


def _is_bullet(paragraph: Paragraph) -> bool:
    p_pr = paragraph._p.pPr
    numbered = p_pr is not None and p_pr.numPr is not None
    return numbered or _style(paragraph).startswith(("list", "lijst"))
