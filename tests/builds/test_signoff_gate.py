"""The sign-off gate: no client edition while `evaltools check` reports an error nobody decided.

On a copy of the built sample round: an error planted in a round text stops the client edition
with a Dutch message naming it (the last good client edition stays byte for byte); the review
edition is made and lists it as open. After a recorded decision the client edition is made,
and the review edition's Verantwoording lists the decision.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from evaltools.report.render import output_paths, review_paths
from tests.support.cli import run
from tests.support.paths import SAMPLE
from tests.support.project import copy_of

pytestmark = pytest.mark.slow

PLANTED = "Aan deze tussentijdse evaluatie deden negen deelnemende Technohubs mee."
DECISION = """
  - controle: aantal in tekst klopt niet
    bestand: teksten/inleiding.md
    betreft: negen deelnemende Technohubs
    besluit: geaccepteerd
    reden: Het getal telt ook de Technohubs van de eerste regeling mee.
    rol: senior adviseur
"""


def _digests(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _words(path: Path) -> str:
    """An HTML output with its lines joined (pandoc wraps long lines)."""
    return " ".join(_text(path).split())


@pytest.fixture
def project(sample_project: Path, tmp_path: Path) -> Path:
    return copy_of(sample_project, tmp_path)


def test_an_undecided_error_stops_the_client_edition_until_it_is_decided(project: Path) -> None:
    raw = project / "data" / "raw" / SAMPLE
    client = output_paths(project, SAMPLE)
    review = review_paths(project, SAMPLE)
    before = _digests(client)
    review_before = _digests(review)
    introduction = raw / "teksten" / "inleiding.md"
    introduction.write_text(_text(introduction) + f"\n{PLANTED}\n", encoding="utf-8")

    code, output = run("render", SAMPLE, "--project", str(project))

    assert code == 1
    assert f"De klanteditie van ronde {SAMPLE} is niet gemaakt" in output
    assert "de controle vond 1 fout zonder besluit van de consultants" in output
    assert f"[aantal in tekst klopt niet] {SAMPLE}/teksten/inleiding.md, regel " in output
    assert "'negen deelnemende Technohubs'" in output
    # how to record the decision, ready to copy
    assert f"data/raw/{SAMPLE}/controle/besluiten.yaml" in output
    assert "    betreft: negen deelnemende Technohubs\n" in output
    assert _digests(client) == before  # the last good client edition, untouched
    assert _digests(review) != review_before  # the reviewers get the open finding
    review_html = _words(review[0])
    assert "Open bevindingen" in review_html and "negen deelnemende Technohubs" in review_html

    decisions = raw / "controle" / "besluiten.yaml"
    decisions.write_text(_text(decisions) + DECISION, encoding="utf-8")
    code, output = run("render", SAMPLE, "--project", str(project))

    assert code == 0, output
    assert _digests(client) != before
    review_html = _words(review[0])
    assert "Open bevindingen" not in review_html
    assert "Het getal telt ook de Technohubs van de eerste regeling mee." in review_html
    assert "geaccepteerd door senior adviseur" in review_html
    # the client edition does not list decisions; the sample round's own notes stay in both
    client_html = _words(client[0])
    assert "Bevindingen van de controle" not in client_html
    assert "Het getal telt ook" not in client_html
    assert client_html.count("Noot bij deze tabel.") == 2
    assert "groeihub – innovatie; blijft dat zo" in client_html
