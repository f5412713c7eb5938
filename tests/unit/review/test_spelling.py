"""The spell check of `evaltools check`: markup is not spelled, a misspelling is named with its
file and line, and the sample round's texts have no findings."""

from __future__ import annotations

from pathlib import Path

from evaltools.new_round.forms import load_config
from evaltools.privacy.files import input_documents
from evaltools.review.command import review_round, spelling_review
from evaltools.review.spelling import prose, round_names, words
from tests.support.paths import REPO, SAMPLE


def test_markup_is_not_spelled() -> None:
    line = "Zie @tbl-x en {{< var hubs.totaal >}} in [de bijlage](#sec-a) {#sec-b} `code`."
    assert words(prose(line)) == ["Zie", "en", "in", "de", "bijlage"]
    assert words(prose("    bronnen: [ze-alpha-1, iv-alpha-2]", yaml=True)) == []


def test_attribute_values_of_a_marker_split_over_table_lines_are_not_spelled() -> None:
    """A source marker with a wederhoor link, cut over two lines of a grid-table cell."""
    assert words(prose("|   B135]{.bron  |")) == ["bron"]
    assert words(prose('|   wederhoor="mira-bedrijven-sterkte-2"  |')) == []
    assert words(prose('|   besluit="niet overgenomen"}  |')) == []


def test_planted_misspelling_is_reported_with_file_line_and_word(mini_round: Path) -> None:
    text = mini_round / "teksten" / "inleiding.md"
    lines = text.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "De bevindingn staan in de bijlage.")
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings, _ = review_round(mini_round, mini_round.parents[2])
    spelling = [f for f in findings if f.check == "spelling"]
    assert [(f.file, f.place) for f in spelling if "'bevindingn'" in f.message] == [
        ("mini-ronde/teksten/inleiding.md", "regel 4")
    ]
    # the word list of the round accepts it, as it accepts a name
    (mini_round / "woordenlijst.txt").write_text("bevindingn\n", encoding="utf-8")
    findings, _ = review_round(mini_round, mini_round.parents[2])
    assert not [f for f in findings if "'bevindingn'" in f.message]


def test_sample_round_texts_have_no_spelling_findings(tmp_path: Path) -> None:
    raw = REPO / "data" / "raw" / SAMPLE
    # the programme's words (unit, typology labels) are known as 'evaltools check' knows them
    names = round_names(load_config(raw))
    findings, notes = spelling_review(raw, tmp_path, input_documents(raw), names)
    assert [str(f) for f in findings] == []
    assert notes  # no analysis in tmp_path: the generated sentences are said to be unchecked
