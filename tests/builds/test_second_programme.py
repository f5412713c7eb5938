"""A round of another programme (tests/data/tweede-programma: Fieldlabs, a het-word, five
criteria, a five-level rubric, no typology, no allocation) built with the command line: its
report speaks its own words and scale in every format, and has no typology or allocation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from evaltools.analyse.stage import ALLOCATION_NOTEBOOK, TYPOLOGY_NOTEBOOK
from tests.support.builds import Build, build_with_cli
from tests.support.forms import make_filled_forms
from tests.support.paths import DATA, REPO
from tests.support.pdf_text import output_text_of
from tests.support.project import scratch_project
from tests.support.text import flat

# pandas' warnings about this round's data (all-empty columns) fail the build, not pass by
pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("error::FutureWarning"),
    pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning"),
]
ROUND = "tweede-programma"
# Words of the sample programme that must not reach this round's outputs.
FOREIGN = re.compile(r"technohub|systeemhub|groeihub|metalektro|verduurzam", re.IGNORECASE)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    scratch = tmp_path_factory.mktemp("raw") / ROUND
    shutil.copytree(DATA / ROUND, scratch)
    make_filled_forms(scratch, DATA / f"{ROUND}-antwoorden")
    root = scratch_project(REPO, tmp_path_factory.mktemp("project"), {ROUND: scratch})
    return build_with_cli(root, ROUND)


def _outputs(built: Build) -> dict[str, Path]:
    folder = built.root / "report" / "_output"
    return {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.suffix in {".html", ".pdf", ".docx"}
    }


def test_no_word_of_the_sample_programme_in_any_output(built: Build) -> None:
    outputs = _outputs(built)
    factsheets = built.root / "data" / "processed" / ROUND / "analyse" / "factsheets"
    outputs |= {f"factsheets/{p.name}": p for p in sorted(factsheets.glob("*.pdf"))}
    suffixes = {Path(name).suffix for name in outputs}
    assert suffixes == {".html", ".pdf", ".docx"}
    found = {
        name: sorted(set(FOREIGN.findall(output_text_of(path)))) for name, path in outputs.items()
    }
    assert {name: words for name, words in found.items() if words} == {}
    # and the CLI's own messages
    assert not FOREIGN.search(" ".join(built.output.values()))


@pytest.mark.parametrize("suffix", [".html", ".pdf", ".docx"])
def test_the_report_speaks_the_programme_s_words_and_scale(built: Build, suffix: str) -> None:
    text = flat(output_text_of(built.root / "report" / "_output" / f"{ROUND}{suffix}"))
    for expected in (
        "Evaluatie van de Fieldlabs",  # chapter heading (report/index.qmd, programma.eenheden)
        "Evaluatie per Fieldlab",  # the hubs' appendix
        "Advies aan het fondsbestuur",  # the addressee
        "Criteria voor zorginnovatie",  # the criteria heading (programma.criteria_kop)
        "effect bij zorgverleners, cliënten en studenten zelf",  # the limitations
        "Scores per Fieldlab en criterium",  # a figure's caption (scores notebook)
        "Elk Fieldlab heeft in de zelfevaluatie",  # het-word: elk, not elke
        "Van elk deelnemend Fieldlab",  # the limitations, adjective inflected
        # the five-level rubric
        "met vijf niveaus van 1 (Afwezig) tot 5 (Voorbeeldig)",
    ):
        assert expected in text, expected
    # the round's currency style (programma.valuta: EUR), with a space, in every amount
    assert "EUR " in text and "€" not in text


def test_no_typology_or_allocation_notebook_chapter_or_table(built: Build) -> None:
    notebooks = built.root / "data" / "processed" / ROUND / "analyse" / "notebooks"
    ran = sorted(p.name for p in notebooks.glob("*.ipynb"))
    assert TYPOLOGY_NOTEBOOK not in ran and ALLOCATION_NOTEBOOK not in ran
    assert "criteria.ipynb" in ran  # the others ran
    pages = built.root / "report" / "_output" / f"{ROUND}-notebooks"
    assert not (pages / "typologie.html").exists() and not (pages / "allocatie.html").exists()
    for edition in (ROUND, f"{ROUND}-review-editie"):
        text = flat(output_text_of(built.root / "report" / "_output" / f"{edition}.pdf"))
        for absent in (
            "Typologie",
            "typologie",
            "Type en randvoorwaarden",
            "Type en dominant kenmerk",
            "dominant kenmerk",
            "Verdeling van middelen",
            "verdeelsleutel",
        ):
            assert absent not in text, (edition, absent)
        # the conditions stay, under their own heading
        assert "Randvoorwaarden" in text
