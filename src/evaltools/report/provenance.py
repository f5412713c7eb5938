"""Where the report's statements come from: source markers, the Bronnen and Verantwoording
appendices (pure: Markdown from tables and facts that the io layer collected).

A statement carries a marker ``[B1, B4]{.bron}`` (see :func:`source_marker`). The Lua filter
``report/filters/sources.lua`` turns every code into a superscript link to the entry
``{#bron-b1}`` in the Bronnen appendix, with the entry's text as hover text in HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import pandas as pd

from evaltools.analyse.matrices import source_codes
from evaltools.privacy.scan import closed_evidence, withhold_quotes
from evaltools.report.markdown import escape
from evaltools.report.variables import dutch_date
from evaltools.round.dutch import count_word, counted
from evaltools.round.programme import Unit, unit_of
from evaltools.tools.git import CodeVersion

SOURCE_CLASS = "bron"
ANCHOR_PREFIX = "bron-"
EVENT_PREFIX = "ev-"
# Codes a marker can carry: B12 (an evidence item) or ev-<event id> (a meeting).
_CODE = re.compile(r"^(?:B\d+|ev(?:-[a-z0-9]+)+)$")
_NOT_ID = re.compile(r"[^a-z0-9-]+")
# How many changed code files the Verantwoording names before it only counts the rest.
MAX_CHANGED_SHOWN = 10


def anchor(code: str) -> str:
    """The id of a source's entry in the Bronnen appendix: ``B12`` -> ``bron-b12``."""
    return ANCHOR_PREFIX + _NOT_ID.sub("-", code.lower()).strip("-")


def source_marker(codes: Sequence[str], response: str = "", decision: str = "") -> str:
    """The marker that follows a statement: ``[B1, B4]{.bron}``, or nothing without codes.

    ``response``: the statement's id when the hub responded to it in the wederhoor; the
    marker then also links the response in the Wederhoor appendix (``#wederhoor-<id>``) with
    the consultants' ``decision`` as hover text (review edition; the client edition drops
    every marker).

    Put a space before it (``text [B1]{.bron}``), so that a line may break before the marker
    rather than inside the statement's last word; spaces inside let a grid-table cell wrap
    it. The filter makes the links.
    """
    if not codes and not response:
        return ""
    attributes = f' wederhoor="{response}" besluit="{_attribute(decision)}"' if response else ""
    return "[" + ", ".join(escape(code) for code in codes) + "]{." + SOURCE_CLASS + attributes + "}"


def marker_codes(ast: dict) -> list[str]:
    """Every code in the markers of a pandoc document (its JSON AST), once, in order of use.

    A marker is a Span with class ``bron`` or, in the older form, a superscript that holds
    only codes (``^B1,B4^``). The AST is read rather than the Markdown text, because a marker
    in a grid-table cell can be split over several source lines.
    """
    seen: dict[str, None] = {}

    def visit(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("t")
        content: Any = node.get("c")  # pandoc JSON: what ``kind`` says
        codes = None
        if kind == "Span" and SOURCE_CLASS in content[0][1]:
            codes = _plain(content[1]).replace(",", " ").split()
        elif kind == "Superscript":
            words = _plain(content).replace(",", " ").split()
            if words and all(_CODE.match(word) for word in words):
                codes = words
        if codes is None:
            visit(content)
        else:
            for code in codes:
                seen.setdefault(code, None)

    visit(ast.get("blocks", []))
    return list(seen)


def _plain(inlines: object) -> str:
    """The text of pandoc inlines (like pandoc.utils.stringify)."""
    if isinstance(inlines, list):
        return "".join(_plain(item) for item in inlines)
    if isinstance(inlines, dict):
        kind = inlines.get("t")
        content: Any = inlines.get("c")  # pandoc JSON: what ``kind`` says
        if kind == "Str":
            return content
        if kind in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if kind in ("Span", "Link", "Image", "Quoted", "Cite"):
            return _plain(content[1])
        return _plain(content)
    return ""


EVIDENCE_ANCHOR_PREFIX = "bewijs-"
EVIDENCE_NOTEBOOK = "ingest.html"
"""The notebook page that read the evidence and lists it, one anchor per code."""


def evidence_anchor(code: str) -> str:
    """The id of a code's row in the evidence listing of the ingest notebook's page:
    ``B12`` -> ``bewijs-b12``."""
    return EVIDENCE_ANCHOR_PREFIX + anchor(code).removeprefix(ANCHOR_PREFIX)


@dataclass(frozen=True)
class SourceEntry:
    """One entry of the Bronnen appendix: where a code points, and what it says there."""

    code: str
    document: str
    """'zelfevaluatie van <hub> X', 'interview met <hub> X van 1 maart 2026', ..."""
    place: str
    """Sheet and cell (``Criteria!D4``), line (``regel 12``) or paragraph (``alinea 7``)."""
    kind: str
    order: int
    cited: str = ""
    """The cited text itself (an answer of the form, a bullet of the notes)."""
    hub: str = ""
    """The hub's label."""
    criterion: str = ""
    """The criterion's name ('' for goals, KPIs, wishes and meetings)."""
    file: str = ""
    """The raw file, relative to ``data/raw`` (``2026-tussentijds/zelfevaluaties/x.xlsx``)."""
    notebook: bool = False
    """Whether the ingest notebook's page lists the code (at :func:`evidence_anchor`)."""

    @property
    def text(self) -> str:
        """The entry in one line (the hover text of a marker in HTML)."""
        place = f", {self.place}" if self.place else ""
        cited = f": “{self.cited}”" if self.cited else ""
        return f"{self.code}: {self.document}{place} ({self.kind}){cited}"


def source_entries(tables: dict[str, pd.DataFrame]) -> dict[str, SourceEntry]:
    """An entry for every code a marker can carry: each evidence item and each event.

    The cited text is the item's own, except a quote in a fragment of an interview note that
    is not quotable: it shows as '“…”' (:func:`~evaltools.privacy.scan.withhold_quotes`).
    """
    evidence = tables["evidence"]
    hubs = tables["hubs"].set_index("hub")
    criteria = tables.get("criteria", pd.DataFrame())
    criterion_names = (
        dict(zip(criteria["criterion"], criteria["name"], strict=True)) if len(criteria) else {}
    )
    interviews = tables.get("interviews", pd.DataFrame())
    dates = (
        dict(zip(interviews["file"], interviews["date"], strict=True))
        if not interviews.empty
        else {}
    )
    entries: dict[str, SourceEntry] = {}
    codes = source_codes(evidence) if not evidence.empty else {}
    # a quote from a note that is not quotable stays out of every output (privacy check)
    closed = closed_evidence(tables) if not evidence.empty else set()
    for order, item in enumerate(evidence.itertuples()):
        name = hubs.at[item.hub, "name"] if item.hub in hubs.index else item.hub
        label = hubs.at[item.hub, "label"] if item.hub in hubs.index else item.hub
        if item.source == "interview":
            date = dates.get(item.file)
            document = f"interview met {name}" + (f" van {_date(date)}" if date else "")
        else:
            document = f"{item.source} van {name}"
        code = codes[item.id]
        criterion = item.criterion if isinstance(item.criterion, str) else ""
        cited = _blank(item.text)
        entries[code] = SourceEntry(
            code,
            document,
            _blank(item.place),
            str(item.kind),
            order,
            cited=withhold_quotes(cited) if item.id in closed else cited,
            hub=str(label),
            criterion=criterion_names.get(criterion, criterion),
            file=_blank(item.file),
            notebook=True,
        )
    events = tables.get("events", pd.DataFrame())
    round_file = _round_file(evidence)
    # the meetings of round.yaml are one document: each is found by its id under 'evenementen'
    for order, event in enumerate(events.itertuples(), start=len(entries)):
        code = f"{EVENT_PREFIX}{event.event}"
        theme = f": {event.theme}" if isinstance(event.theme, str) and event.theme else ""
        entries[code] = SourceEntry(
            code,
            "bijeenkomsten in de configuratie van de ronde",
            f"evenementen, id {event.event}",
            "bijeenkomst",
            order,
            cited=f"{event.kind} van {_date(event.date)}{theme}",
            file=round_file,
            notebook=True,
        )
    return entries


def _blank(value: object) -> str:
    """A table value as text: a missing value (NaN) as ''."""
    return value if isinstance(value, str) else ""


def _round_file(evidence: pd.DataFrame) -> str:
    """round.yaml of the round, relative to ``data/raw`` (from any evidence file's folder)."""
    files = evidence["file"].tolist() if not evidence.empty else []
    return f"{files[0].split('/', 1)[0]}/round.yaml" if files else ""


def _date(value: str) -> str:
    return dutch_date(pd.Timestamp(value).date())


def _attribute(text: str) -> str:
    """Text for inside a quoted Markdown attribute value."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def _entry(entry: SourceEntry, views: str) -> str:
    """One entry of the Bronnen list: the code (the anchor, with its hover text), the cited
    text, hub and criterion, the raw file with the place in it, and in the review edition's
    HTML a link to the code's row on the ingest notebook's page (its name elsewhere)."""
    code = f'[{escape(entry.code)}]{{#{anchor(entry.code)} hover="{_attribute(entry.text)}"}}'
    # the cited text as it stands in the input: filters/typography.lua leaves it as it is
    cited = f" “[{escape(entry.cited)}]{{.letterlijk}}”" if entry.cited else ""
    about = ", ".join(
        part
        for part in (
            escape(entry.hub),
            escape(entry.criterion) and f"criterium {escape(entry.criterion)}",
            escape(entry.kind),
        )
        if part
    )
    where = ", ".join(
        part
        for part in (f"`{_code_span(entry.file)}`" if entry.file else "", escape(entry.place))
        if part
    )
    line = f"- {code}{cited}\\\n  {about}" + (f"; {where}" if where else "")
    if entry.notebook and views:
        target = f"{EVIDENCE_NOTEBOOK}#{evidence_anchor(entry.code)}"
        line += f"; notebook: [{escape(target)}]({views}/{target}){{.notebook-link}}"
    return line


# The div that holds the Bronnen appendix's list (see sources_appendix_parts)
SOURCES_LIST = "bronnenlijst"


def joined_appendix(intro: str, documents: list[str]) -> str:
    """The Bronnen appendix's Markdown from its parts (see sources_appendix_parts)."""
    if not documents:
        return intro
    return intro + f"\n::: {{.{SOURCES_LIST}}}\n" + "\n\n".join(documents) + "\n:::\n"


def sources_appendix_parts(
    entries: dict[str, SourceEntry],
    used: Iterable[str],
    views: str = "",
    unit: Unit | None = None,
    typology: bool = True,
) -> tuple[str, list[str]]:
    """The Bronnen appendix: one entry per used code, in catalogue order, under its document.

    The catalogue numbers the evidence document by document, so each document has one
    heading, with its entries as a list under it. Each entry quotes the cited text and names
    hub, criterion, the raw file and the place in it; with ``views`` (the folder of the
    notebook pages, relative to the HTML report) it links the code's row on the ingest
    notebook's page. Not a table: at a hundred hubs the appendix has thousands of entries, and
    Typst lays out a table of that size with several times the memory (and time) of a list.
    The whole is a div of class ``bronnenlijst``: ``filters/sources.lua`` reads each code's
    hover text from its anchor (attribute ``hover``), then drops the div and the attribute.

    ``typology``: whether the programme has a typology (its tables cite sources too).

    A used code without an entry is left out on purpose: the filter then stops the render
    with a message that names the code.

    Returned in parts: the introduction and each document's Markdown (its heading and list),
    which :func:`joined_appendix` puts in the div; each is Markdown of its own (the render
    reads them one by one and keeps each document's tree while its text is unchanged: a
    changed interview note reads its own document again, not the whole appendix). No
    documents: the introduction says there are no sources.
    """
    u = unit_of(unit)
    rows = sorted((entries[code] for code in set(used) if code in entries), key=lambda e: e.order)
    if not rows:
        return "In dit rapport verwijst geen uitspraak naar een bron.\n", []
    intro = (
        "Elke uitspraak in de tabellen met bevindingen"
        + (", de typologie en de differentiatie " if typology else " ")
        + "verwijst met een code in superscript naar het bewijs waarop zij rust: een antwoord "
        f"in de zelfevaluatie van een {u.singular} of een fragment uit de notities van een "
        "interview. Hieronder staat elk brondocument één keer, met daaronder elke code die "
        f"ernaar verwijst: de geciteerde tekst, {u.singular} en criterium, het invoerbestand "
        "(in `data/raw`) met de plaats erin (tabblad en cel, of regel)"
        + (", en het notebook dat het bewijs inlas, met de rij van de code." if views else ".")
        + "\n"
    )
    blocks = []
    for document, group in groupby(rows, key=lambda entry: entry.document):
        lines = [f"**{escape(document)}**\n"]
        lines += [_entry(entry, views) for entry in group]
        blocks.append("\n".join(lines))
    return intro, blocks


def evidence_listing(tables: dict[str, pd.DataFrame]) -> str:
    """The evidence of the round as Markdown, for the ingest notebook's page: per document a
    table of its items, each code with the anchor :func:`evidence_anchor` that the Bronnen
    appendix of the review edition links. Input text is escaped."""
    entries = [e for e in source_entries(tables).values() if e.notebook]
    if not entries:
        return "*Deze ronde heeft geen bewijs.*\n"
    parts = []
    for document, group in groupby(entries, key=lambda entry: entry.document):
        items = list(group)
        parts.append(f"**{escape(document)}** (`{_code_span(items[0].file)}`)\n")
        lines = ["| Code | Criterium | Soort | Plaats | Tekst |", "|---|---|---|---|------|"]
        lines += [
            f"| [{escape(e.code)}]{{#{evidence_anchor(e.code)}}} | {escape(e.criterion) or '–'} "
            f"| {escape(e.kind)} | {escape(e.place) or '–'} | {escape(e.cited)} |"
            for e in items
        ]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


@dataclass(frozen=True)
class InputFile:
    path: str
    """Relative to the project root, with forward slashes."""
    size: int
    sha256: str


@dataclass(frozen=True)
class NotebookRun:
    name: str
    """File name of the executed notebook, e.g. ``criteria.ipynb``."""
    path: str
    """Where the executed notebook is kept, relative to the project root."""
    source: str
    """The notebook that was executed (papermill's input path)."""
    parameters: dict
    view: str = ""
    """Link to the notebook's HTML view, relative to the HTML report ('' when there is none)."""


def accountability_appendix(
    round_id: str,
    files: Sequence[InputFile],
    code: CodeVersion,
    versions: Sequence[tuple[str, str]],
    runs: Sequence[NotebookRun],
) -> str:
    """The Verantwoording appendix: inputs with their SHA-256, code and tool versions, runs."""
    parts = [
        "Deze bijlage legt vast waarmee dit rapport is gemaakt, zodat het opnieuw en "
        "controleerbaar kan worden gemaakt. Met dezelfde invoer, dezelfde code en dezelfde "
        "versies van de hulpmiddelen ontstaat hetzelfde rapport.\n",
        "## Invoer van de ronde {.unnumbered .unlisted}\n",
        f"De invoerbestanden van ronde {escape(round_id)} zoals ze op schijf stonden toen "
        "dit rapport werd gemaakt, met hun grootte en SHA-256-controlegetal:\n",
    ]
    parts += [
        f"- `{_code_span(f.path)}` ({_bytes(f.size)})\\\n  SHA-256: `{f.sha256}`" for f in files
    ] or ["- *Geen invoerbestanden gevonden.*"]
    parts += [
        "",
        "## Code en hulpmiddelen {.unnumbered .unlisted}\n",
        _code_sentence(code) + " Gebruikte versies:\n",
    ]
    parts += [f"- {escape(name)}: {escape(version)}" for name, version in versions]
    parts += ["", "## Uitgevoerde notebooks {.unnumbered .unlisted}\n"]
    if runs:
        kept = sorted({run.path.rsplit("/", 1)[0] for run in runs})
        parts.append(
            "De notebooks zijn met papermill uitgevoerd en met hun parameters bewaard in "
            + " en ".join(f"`{_code_span(folder)}`" for folder in kept)
            + ". In de HTML-versie van dit rapport opent de naam van een notebook een leesbare "
            "weergave ervan.\n"
        )
        lines = ["| Uitgevoerd notebook | Uitgevoerd vanuit | Parameters |", "|----|----|--------|"]
        for run in runs:
            name = escape(run.name)
            if run.view:
                name = f"[{name}]({run.view}){{.notebook-link}}"
            parameters = "; ".join(
                f"{escape(key)} = `{_code_span(_value(value))}`"
                for key, value in sorted(run.parameters.items())
            )
            lines.append(f"| {name} | `{_code_span(run.source or '?')}` | {parameters or 'geen'} |")
        parts.append(
            "\n".join(lines) + "\n\n: Uitgevoerde notebooks en hun parameters {#tbl-notebooks}\n"
        )
    else:
        parts.append("*Er zijn geen uitgevoerde notebooks gevonden.*")
    return "\n".join(parts) + "\n"


def _code_sentence(code: CodeVersion) -> str:
    """What is known about the code version; an unknown state is said as unknown."""
    reason = f" ({escape(code.reason)})" if code.reason else ""
    if code.commit is None:
        return (
            f"Welke codeversie dit rapport maakte, is niet vastgelegd{reason}: er is geen "
            "git-commit bekend, en of de code wijzigingen had die niet waren vastgelegd, is "
            "dus ook onbekend."
        )
    commit = f"De code is die van git-commit `{code.commit}`"
    if code.changed is None:
        return (
            f"{commit}; of de code wijzigingen had die nog niet waren vastgelegd, is "
            f"onbekend{reason}."
        )
    if not code.changed:
        return (
            f"{commit}, zonder wijzigingen in de code (pakket, notebooks, rapportbronnen en "
            "vastgezette versies) die nog niet waren vastgelegd."
        )
    shown = ", ".join(f"`{_code_span(path)}`" for path in code.changed[:MAX_CHANGED_SHOWN])
    more = len(code.changed) - MAX_CHANGED_SHOWN
    rest = f" en {count_word(more)} andere" if more > 0 else ""
    count = counted(len(code.changed), "bestand", "bestanden")
    return (
        f"{commit}, met wijzigingen die nog niet waren vastgelegd in {count} van de code "
        f"({shown}{rest}); de code is dus niet precies die van deze commit."
    )


def _value(value: object) -> str:
    """A parameter value as recorded: text as is, nothing as 'leeg', the rest as JSON."""
    if value is None:
        return "leeg"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _bytes(size: int) -> str:
    return f"{size:,}".replace(",", ".") + (" byte" if size == 1 else " bytes")


def _code_span(text: str) -> str:
    """Text for inside a backtick code span (no escapes apply there)."""
    return text.replace("`", "'")
