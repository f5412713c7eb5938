"""Cell-level sources and the Verantwoording appendix: the source markers, the Bronnen appendix
and what the Verantwoording says of the code, as Markdown (the rendered report: tests/builds)."""

from __future__ import annotations

import json
import re
from itertools import groupby
from pathlib import Path

import pytest

from evaltools.ingest.tables import build_tables
from evaltools.ingest.validate import load_valid_round
from evaltools.report.provenance import (
    EVENT_PREFIX,
    CodeVersion,
    SourceEntry,
    accountability_appendix,
    anchor,
    evidence_anchor,
    evidence_listing,
    joined_appendix,
    marker_codes,
    source_entries,
    source_marker,
    sources_appendix_parts,
)
from evaltools.report.render_cache import PartCache
from evaltools.report.render_edition import _appendix_blocks
from evaltools.tools import pandoc
from tests.support.paths import REPO, SAMPLE


def sources_appendix(*args: object, **options: object) -> str:
    """The Bronnen appendix's Markdown, as the render writes it to _generated/bronnen.md."""
    return joined_appendix(*sources_appendix_parts(*args, **options))  # type: ignore[arg-type]


def ast_of(markdown: str) -> dict:
    text = pandoc.convert(
        markdown, "json", None, from_format="markdown", options=[], cwd=Path(), epoch=0
    )
    return json.loads(text)


def test_marker_keeps_codes_and_escapes_them() -> None:
    assert source_marker(["B1", "B12"]) == "[B1, B12]{.bron}"
    assert source_marker(["ev-ks-1"]) == r"[ev\-ks\-1]{.bron}"
    assert source_marker([]) == ""
    assert anchor("B12") == "bron-b12" and anchor("ev-ks-1") == "bron-ev-ks-1"


def test_codes_are_found_even_when_a_table_cell_splits_the_marker() -> None:
    cell = "\n".join(
        [
            "+------------------+",
            "| tekst.[B3, B1,   |",
            "| B7]{.bron}       |",
            "+------------------+",
            "",
            "Oudere vorm ^B9,ev\\-ks\\-1^ en geen code: m^2^ of ^noot^.",
        ]
    )
    assert marker_codes(ast_of(cell)) == ["B3", "B1", "B7", "B9", "ev-ks-1"]


def test_sources_appendix_lists_only_used_codes_in_catalogue_order() -> None:
    alpha = "zelfevaluatie van Technohub Alpha"
    entries = {
        "B1": SourceEntry(
            "B1",
            alpha,
            "Criteria!D2",
            "sterktes",
            0,
            cited='Een *"vaste"* <b>rol</b>.',
            hub="Alpha",
            criterion="Robuustheid",
            file="r/zelfevaluaties/alpha.xlsx",
            notebook=True,
        ),
        "B2": SourceEntry(
            "B2", "interview met Technohub Alpha van 1 maart 2026", "regel 12", "sterkte", 1
        ),
        "B3": SourceEntry("B3", "zelfevaluatie van Technohub Beta", "Doelen!B2", "doel", 2),
    }
    entries["B4"] = SourceEntry("B4", "zelfevaluatie van Technohub Beta", "", "doel", 3)
    text = sources_appendix(entries, ["B4", "B3", "B1"], "r-notebooks")
    lines = text[text.index("::: {.bronnenlijst}") :].splitlines()
    # one heading per document, its entries in catalogue order under it; the cited text is
    # escaped, the hover text is an attribute (quotes and backslashes escaped)
    assert lines == [
        "::: {.bronnenlijst}",
        "**zelfevaluatie van Technohub Alpha**",
        "",
        r'- [B1]{#bron-b1 hover="B1: zelfevaluatie van Technohub Alpha, Criteria!D2 '
        r'(sterktes): “Een *\"vaste\"* <b>rol</b>.”"} '
        r"“[Een \*\"vaste\"\* \<b\>rol\<\/b\>\.]{.letterlijk}”"
        "\\",
        r"  Alpha, criterium Robuustheid, sterktes; `r/zelfevaluaties/alpha.xlsx`, Criteria\!D2; "
        r"notebook: [ingest\.html\#bewijs\-b1](r-notebooks/ingest.html#bewijs-b1){.notebook-link}",
        "",
        "**zelfevaluatie van Technohub Beta**",
        "",
        r'- [B3]{#bron-b3 hover="B3: zelfevaluatie van Technohub Beta, Doelen!B2 (doel)"}' "\\",
        r"  doel; Doelen\!B2",
        r'- [B4]{#bron-b4 hover="B4: zelfevaluatie van Technohub Beta (doel)"}' "\\",
        "  doel",
        ":::",
    ]
    tree = ast_of(text)
    quoted = json.dumps(tree, ensure_ascii=False)
    assert "<b>rol</b>" in quoted and '"t": "RawInline"' not in quoted  # text, never markup


def test_bronnen_names_each_document_of_the_sample_round_once() -> None:
    """The catalogue numbers the evidence document by document: every document of the
    sample round (a hub's zelfevaluatie, its interview) has one heading in Bronnen."""
    tables = build_tables(load_valid_round(REPO / "data" / "raw" / SAMPLE))
    entries = source_entries(tables)
    evidence = [code for code in entries if not code.startswith(EVENT_PREFIX)]  # no meetings
    text = sources_appendix(entries, evidence)
    headings = re.findall(r"^\*\*(.+)\*\*$", text, flags=re.MULTILINE)
    documents = {(item.hub, item.source, item.file) for item in tables["evidence"].itertuples()}
    assert len(headings) == len(set(headings)) == len(documents) == 14
    files = [entries[code].file for code in evidence]
    named = [file for file in files if file]
    assert [file for file, _ in groupby(named)] == list(dict.fromkeys(named))


def test_a_cited_meeting_leads_to_its_place_in_round_yaml_and_its_notebook_row() -> None:
    """A meeting (ev-<id>) is evidence too: its entry names round.yaml and the meeting's id
    there, quotes what the meeting was, and has its row on the ingest notebook's page; the
    meetings are one document in Bronnen."""
    tables = build_tables(load_valid_round(REPO / "data" / "raw" / SAMPLE))
    entries = source_entries(tables)
    meetings = [code for code in entries if code.startswith(EVENT_PREFIX)]
    assert len(meetings) == len(tables["events"]) > 1
    first = entries[meetings[0]]
    event = tables["events"].iloc[0]
    assert first.file == f"{SAMPLE}/round.yaml" and (REPO / "data" / "raw" / first.file).is_file()
    assert first.place == f"evenementen, id {event['event']}"
    assert event["event"] in (REPO / "data" / "raw" / first.file).read_text(encoding="utf-8")
    assert first.notebook and first.cited.startswith(str(event["kind"]))
    text = sources_appendix(entries, meetings, views="r-notebooks")
    assert len(re.findall(r"^\*\*(.+)\*\*$", text, flags=re.MULTILINE)) == 1
    assert f"r-notebooks/ingest.html#{evidence_anchor(meetings[0])}" in text
    listing = evidence_listing(tables)
    assert all(f"{{#{evidence_anchor(code)}}}" in listing for code in meetings)


@pytest.mark.parametrize(
    ("code", "expected", "not_expected"),
    [
        (
            CodeVersion(None, reason="de projectmap is geen git-repository"),
            "is niet vastgelegd (de projectmap is geen git-repository)",
            "zonder wijzigingen",
        ),
        (
            CodeVersion("abc123", reason="git kon de wijzigingen niet bepalen"),
            "git-commit `abc123`; of de code wijzigingen had die nog niet waren vastgelegd, "
            "is onbekend (git kon de wijzigingen niet bepalen).",
            "zonder wijzigingen",
        ),
        (CodeVersion("abc123", changed=()), "`abc123`, zonder wijzigingen in de code", "onbekend"),
        (
            CodeVersion("abc123", changed=("src/evaltools/cli.py",)),
            "vastgelegd in één bestand van de code (`src/evaltools/cli.py`)",
            "zonder wijzigingen",
        ),
    ],
)
def test_verantwoording_says_what_is_known_of_the_code(
    code: CodeVersion, expected: str, not_expected: str
) -> None:
    markdown = accountability_appendix("r", [], code, [], [])
    text = " ".join(markdown.replace("\\", "").split())  # Markdown escapes left out
    assert expected in text
    assert not_expected not in text


def test_a_statement_with_a_wederhoor_response_links_the_response() -> None:
    marker = source_marker(["B1"], "alpha-robuustheid-sterkte-1", "niet overgenomen")
    assert marker == (
        '[B1]{.bron wederhoor="alpha-robuustheid-sterkte-1" besluit="niet overgenomen"}'
    )
    entry = SourceEntry("B1", "zelfevaluatie van Technohub Alpha", "Doelen!B2", "doel", 0)
    document = (
        f"Een uitspraak. {marker}\n\n{sources_appendix({'B1': entry}, ['B1'])}\n"
        "[Robuustheid: sterkte 1]{#wederhoor-alpha-robuustheid-sterkte-1}\n"
    )
    html = pandoc.convert(
        document,
        "html5",
        None,
        from_format="markdown",
        # the programme's unit comes from the metadata (report_metadata: 'eenheid')
        options=[
            "--metadata=eenheid:het Fieldlab",
            "--lua-filter",
            str(REPO / "report" / "filters" / "sources.lua"),
        ],
        cwd=Path(),
        epoch=0,
    )
    assert (
        '<a href="#wederhoor-alpha-robuustheid-sterkte-1" class="wederhoor" '
        'title="Reactie van het Fieldlab in de wederhoor; besluit: niet overgenomen">wederhoor '
        "(niet overgenomen)</a>"
    ) in " ".join(html.split())
    assert 'href="#bron-b1"' in html and "hover=" not in html


def test_the_appendix_read_document_by_document_is_the_appendix_read_whole(
    tmp_path: Path,
) -> None:
    """The render reads the Bronnen appendix per document, keeping each document's tree while
    its text is unchanged: the blocks are those of one read of the whole appendix; after one
    document changed, only that document is read again."""
    tables = build_tables(load_valid_round(REPO / "data" / "raw" / SAMPLE))
    entries = source_entries(tables)
    parts = sources_appendix_parts(entries, list(entries), "r-notebooks")
    markdown = pandoc.markdown()
    whole = json.loads(
        pandoc.convert(
            joined_appendix(*parts),
            "json",
            None,
            from_format=markdown,
            options=[],
            cwd=tmp_path,
            epoch=0,
        )
    )["blocks"]
    cache = PartCache(tmp_path, markdown)
    assert _appendix_blocks(*parts, cache) == whole
    assert cache.read_count == len(parts[1]) + 1 > 10

    intro, documents = parts
    changed = [documents[0].replace("- ", "- Gewijzigd: ", 1), *documents[1:]]
    again = PartCache(tmp_path, markdown)
    blocks = _appendix_blocks(intro, changed, again)
    assert again.read_count == 1
    assert (
        blocks[1]["c"][1][1] != whole[1]["c"][1][1]
        and blocks[1]["c"][1][2:] == whole[1]["c"][1][2:]
    )
