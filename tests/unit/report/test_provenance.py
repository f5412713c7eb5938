"""Cell-level sources and the Verantwoording appendix: the source markers, the Bronnen appendix
and what the Verantwoording says of the code, as Markdown (the rendered report: tests/builds)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaltools.report.provenance import (
    CodeVersion,
    SourceEntry,
    accountability_appendix,
    anchor,
    marker_codes,
    source_marker,
    sources_appendix,
)
from evaltools.tools import pandoc


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
    entries = {
        "B1": SourceEntry("B1", "zelfevaluatie van Technohub Alpha", "Criteria!D2", "sterktes", 0),
        "B2": SourceEntry(
            "B2", "interview met Technohub Alpha van 1 maart 2026", "regel 12", "sterkte", 1
        ),
        "B3": SourceEntry("B3", "zelfevaluatie van Technohub Beta", "Doelen!B2", "doel", 2),
    }
    entries["B4"] = SourceEntry("B4", "zelfevaluatie van Technohub Beta", "", "doel", 3)
    text = sources_appendix(entries, ["B4", "B3", "B1"])
    lines = text[text.index("::: {.bronnenlijst}") :].splitlines()
    # one line block per document, its entries in catalogue order under it
    assert lines == [
        "::: {.bronnenlijst}",
        "| **zelfevaluatie van Technohub Alpha**",
        r"| [B1]{#bron-b1}: Criteria\!D2 (sterktes)",
        "",
        "| **zelfevaluatie van Technohub Beta**",
        r"| [B3]{#bron-b3}: Doelen\!B2 (doel)",
        "| [B4]{#bron-b4} (doel)",
        ":::",
    ]


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
