"""Privacy in `check`: the same scan as the render, over the same texts, with phonenumbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaltools.privacy.output import ast_document, output_findings
from evaltools.privacy.scan import Document, input_findings, phone_numbers
from evaltools.review.command import review_round
from evaltools.tools import pandoc
from tests.support.forms import set_goal_explanation
from tests.support.paths import REPO


@pytest.mark.parametrize(
    "text",
    [
        "06–12345678",  # en dash, as Word's autocorrect writes it
        "06—12345678",
        "06 - 12 34 56 78",  # found by phonenumbers, not by the patterns
        "010 - 123 4567",
        "+31 (0)6 1234 5678",
        "06-1234\n5678",  # broken over a line
    ],
)
def test_phone_numbers_in_every_notation(text: str) -> None:
    assert [number for _, number in phone_numbers(f"Bel {text} gerust.")] == [text]


@pytest.mark.parametrize(
    "text",
    [
        "| Technohub 025 | 4 | 4 | 3 | 2 |\n\n3.3.9 Bijlage",
        "Technohub 025 4 4 3 2\n3.3.9",
        "scores 3 4 2 3 3 4 2 1 3",
        "kenmerk 25109-003 van 2026-03-31, € 80.000",
        "1 2 3 4 5 6 7 8 9 0",
    ],
)
def test_rows_of_numbers_are_not_phone_numbers(text: str) -> None:
    assert phone_numbers(text) == []


def test_check_finds_contact_details_in_a_goal_explanation(mini_round: Path) -> None:
    cell = set_goal_explanation(mini_round, "Bel pl@alpha.example of 06–12345678")
    findings, _ = review_round(mini_round, mini_round.parents[2])
    privacy = [(f.check, f.file, f.place) for f in findings if "in de invoer" in f.check]
    assert privacy == [
        ("e-mailadres in de invoer", "mini-ronde/zelfevaluaties/alpha.xlsx", cell),
        ("telefoonnummer in de invoer", "mini-ronde/zelfevaluaties/alpha.xlsx", cell),
    ]


def test_a_number_broken_over_a_line_is_located_in_its_file() -> None:
    # the PDF breaks the number where the source did not
    sources = [
        Document("ronde/teksten/a.md", [("regel 1", "Intro"), ("regel 2", "Bel 06-12345678.")])
    ]
    findings = output_findings({"rapport.pdf": "Bel 06-1234\n5678."}, None, [], sources)
    assert [(f.file, f.place) for f in findings] == [("ronde/teksten/a.md", "regel 2")]
    # and the source breaks it where the output does not
    note = Document("ronde/interviews/b.md", [("regel 7", "bel 06-"), ("regel 8", "12345678 nu")])
    found = input_findings([note], None, ("/interviews/",))
    assert [(f.check, f.file, f.place) for f in found] == [
        ("telefoonnummer in de invoer", "ronde/interviews/b.md", "regel 7")
    ]
    assert output_findings({"rapport.pdf": "bel 06-12345678"}, None, [], [note])[0].file == (
        "ronde/interviews/b.md"
    )


# --- the render scans the text it generated, element by element -----------------------------


def report_text(markdown: str) -> Document:
    """The report's text as the render scans it: pandoc's tree of the Markdown, by element."""
    tree = pandoc.convert(
        markdown, "json", None, from_format="markdown", options=[], cwd=REPO, epoch=0
    )
    return ast_document("de tekst van het rapport", json.loads(tree))


def leaks(markdown: str) -> list[str]:
    document = report_text(markdown)
    return [str(f) for f in output_findings({document.file: document}, None, [], [])]


SCORE_ROWS = """
| Technohub | Robuustheid | Bedrijven | Onderwijs | Impact |
|---|---|---|---|---|
| Technohub 025 | 4 | 4 | 3 | 2 |
| Technohub 030 | 1234567 | 4 | 3 | 2 |

### 3.3.9 Bijlage {#sec-x}
"""


def test_a_table_row_of_scores_and_a_heading_number_are_no_phone_number() -> None:
    assert leaks(SCORE_ROWS) == []
    # read as one text, as a PDF reader does, a hub name and the next cell make a number
    assert phone_numbers("Technohub 030 1234567") != []


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        (SCORE_ROWS + "\n| A | B |\n|---|---|\n| Technohub 025 | Bel 06-12345678 |\n", "06-1"),
        ("Een zin.[^1]\n\n[^1]: De projectleider: 030 123 45 67.\n", "030 "),
        ('![Scores](a.svg){fig-alt="Bel +31 6 1234 5678 voor uitleg"}\n', "+31 "),
        ("Een [link](tel:0612345678) zonder nummer in de tekst.\n", "0612"),
        # a grid-table cell over two lines (as evaltools writes long cells)
        (
            "+-------------+\n| A           |\n+=============+\n| Bel 06-1234 |\n| 5678        |\n"
            "+-------------+\n",
            "06-1",
        ),
    ],
)
def test_a_real_number_in_a_cell_note_alt_text_or_link_is_still_found(
    markdown: str, shown: str
) -> None:
    found = leaks(markdown)
    assert len(found) == 1 and f"het telefoonnummer '{shown}…'" in found[0], found


def test_an_e_mail_address_behind_a_link_is_found() -> None:
    found = leaks("Mail [de projectleider](mailto:pl@voorbeeld.nl).\n")
    assert len(found) == 1 and "het e-mailadres 'p…@voorbeeld.nl'" in found[0]


def test_a_count_with_thousands_points_is_not_a_phone_number() -> None:
    # the Verantwoording lists file sizes; phonenumbers takes "14.046" for a municipal number
    text = "- `zelfevaluaties/h014.xlsx` (14.046 bytes)\\\n  SHA-256: `0261b38c`"
    assert phone_numbers(text) == []
    assert phone_numbers("bel 14 046 of 14046") == [(4, "14 046"), (14, "14046")]
