"""The real DVC pipeline, as `make report` runs it on a fresh clone: two rounds side by side.

Every round in params.yaml builds into its own outputs; a build runs only what is stale, never
touches another round, and leaves `git status` clean apart from what a consultant changed.

The one real DVC build of the suite is the session fixture ``two_rounds``
(tests/builds/conftest.py): the sample round, then 2027-eind added beside it, in a clone, with
`evaltools build`. It records what DVC ran and what `git status` said after each build; many
test files read its outputs.
The tests here check that record, and build one round again in a copy of the project.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup

from evaltools.round.dutch import euro
from tests.support.builds import TwoRounds
from tests.support.dvc import dvc_build, git_status, output_digests
from tests.support.paths import DATA, FINAL, REPO, SAMPLE
from tests.support.project import copy_of

pytestmark = pytest.mark.slow

STAGES = ("ingest", "analyse", "render", "export")


def stages(round_id: str) -> list[str]:
    return sorted(f"{stage}@{round_id}" for stage in STAGES)


def test_rounds_build_side_by_side_and_leave_git_status_clean(
    two_rounds: TwoRounds, tmp_path: Path
) -> None:
    """What the suite's one real DVC build did (``two_rounds``: a round built, built again with
    nothing changed, a second round added) and what each round's report says; then, in a copy
    of that project, a text of one round and a note of the other change, and only the first
    round is built again (two stage runs, each a fresh process)."""
    builds, digests = two_rounds.builds, two_rounds.digests
    assert builds["first"].ran == stages(SAMPLE)
    assert builds["first"].status == []
    assert builds["again"].ran == [] and builds["again"].status == []
    # a consultant adds a round: only its stages run, the other round stays as it was
    assert builds["added"].ran == stages(FINAL)
    assert digests["added"][SAMPLE] == digests["first"][SAMPLE]
    assert builds["added"].status == [" M params.yaml"]
    each_report_carries_its_own_round(two_rounds.root)
    the_report_divides_the_rounds_budget(two_rounds.root)

    # one round built on request; a change in one round reruns only what depends on it, and
    # a change in another round that is not built leaves that round's outputs alone. In a
    # copy (modification times and git's state kept): git and DVC see what the clone had.
    clone = copy_of(two_rounds.root, tmp_path)
    assert git_status(clone) == [" M params.yaml"]
    text = clone / "data" / "raw" / SAMPLE / "teksten" / "inleiding.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nEen extra zin.\n", encoding="utf-8")
    note = clone / "data" / "raw" / FINAL / "interviews" / "tint.md"
    old = "Twee bedrijven betaalden voor een adviestraject."
    assert old in note.read_text(encoding="utf-8")
    note.write_text(
        note.read_text(encoding="utf-8").replace(old, "Drie bedrijven betaalden."),
        encoding="utf-8",
    )
    # ingest validates the texts too; its tables stay the same, so the analysis is skipped
    assert dvc_build(clone, SAMPLE) == [f"ingest@{SAMPLE}", f"render@{SAMPLE}"]
    assert output_digests(clone, SAMPLE) != digests["added"][SAMPLE]
    assert output_digests(clone, FINAL) == digests["added"][FINAL]
    assert sorted(git_status(clone)) == sorted(
        [
            f" M data/raw/{FINAL}/interviews/tint.md",
            f" M data/raw/{SAMPLE}/teksten/inleiding.md",
            " M params.yaml",
        ]
    )


def test_a_round_is_built_only_when_listed(two_rounds: TwoRounds) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "evaltools", "build", "onbekende-ronde"],
        cwd=two_rounds.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Ronde onbekende-ronde staat niet in params.yaml" in result.stderr


def round_config(round_id: str) -> dict:
    folder = REPO / "data" / "raw" / SAMPLE if round_id == SAMPLE else DATA / round_id
    return yaml.safe_load((folder / "round.yaml").read_text(encoding="utf-8"))


def pages(root: Path, round_id: str) -> dict[str, bytes]:
    """The HTML of a round's client edition and notebook pages, by path."""
    return {
        name: (root / name).read_bytes()
        for name in output_digests(root, round_id)
        if name.endswith(".html")
    }


def each_report_carries_its_own_round(root: Path) -> None:
    final = BeautifulSoup(
        (root / "report" / "_output" / f"{FINAL}.html").read_text(encoding="utf-8"), "html.parser"
    )
    headings = [h.get_text(" ", strip=True) for h in final.find_all(["h1", "h2"])]
    assert any(h.endswith("Eindevaluatie van de Technohubs") for h in headings), headings
    assert any(h.endswith("Eindevaluatie per Technohub") for h in headings), headings
    period = f"Periode: {round_config(FINAL)['periode']}"
    assert period in final.find(id="title-block-header").get_text(), period
    text = " ".join(final.get_text(" ").split())
    assert "Tussentijdse evaluatie" not in text and "tussentijds" not in text
    # params.yaml was changed, the code was not (the review edition's technical
    # Verantwoording says so)
    review = (root / "report" / "_output" / f"{FINAL}-review-editie.html").read_text("utf-8")
    assert "zonder wijzigingen in de code" in " ".join(
        BeautifulSoup(review, "html.parser").get_text(" ").split()
    )
    interim = (root / "report" / "_output" / f"{SAMPLE}.html").read_text(encoding="utf-8")
    assert "Tussentijdse evaluatie van de Technohubs" in interim
    assert "Eindevaluatie" not in interim
    # no page of one round names the other
    for round_id, other in ((FINAL, SAMPLE), (SAMPLE, FINAL)):
        found = pages(root, round_id)
        assert len(found) > 5
        for name, content in found.items():
            assert other.encode() not in content, name


def the_report_divides_the_rounds_budget(root: Path) -> None:
    config = round_config(FINAL)
    budget, weights = config["budget"], config["allocatie"]
    # the round's own budget, not what its hubs received (the budget without one)
    received = sum(h["bedrag"] for h in config["hubs"] if h["status"] == "deelnemend")
    assert budget != received
    analysis = root / "data" / "processed" / FINAL / "analyse"
    # each cell (type, dominant feature) gets its weight of the round's budget ...
    cells = pd.read_csv(analysis / "tables" / "allocatie-bedragen.csv", index_col=0)
    for kind, features in weights.items():
        for feature, weight in features.items():
            assert cells.loc[kind, feature] == pytest.approx(weight / 100 * budget), kind
    assert cells.loc["totaal", "totaal"] == pytest.approx(budget)
    # ... shared by the hubs in it; a weighted cell without a hub keeps its share, unassigned
    shares = pd.read_csv(analysis / "tables" / "allocatie-per-hub.csv", keep_default_na=False)
    hubs = shares[shares["hub"] != ""]
    assert sorted(hubs["hub"]) == sorted(h["id"] for h in config["hubs"])
    sharing = hubs.groupby(["type", "feature"]).size()
    for row in shares.itertuples():
        assert row.weight == weights[row.type][row.feature], row
        assert row.sharing == sharing.get((row.type, row.feature), 0), row
        assert row.amount == pytest.approx(row.weight / 100 * budget / max(row.sharing, 1)), row
    assert shares["amount"].sum() == pytest.approx(budget)
    # the notebook page shows which budget the analysis divided, and why
    page = root / "report" / "_output" / f"{FINAL}-notebooks" / "allocatie.html"
    shown = " ".join(BeautifulSoup(page.read_text("utf-8"), "html.parser").get_text().split())
    assert f"Te verdelen budget: {euro(budget)}, het budget van deze ronde (round.yaml)" in shown
    # and its parameters, to run it again with
    assert f"budget = {budget}" in shown and 'budget_source = "round"' in shown
    # the client edition shows the weights; amounts only when the round asks for them
    final = BeautifulSoup(
        (root / "report" / "_output" / f"{FINAL}.html").read_text(encoding="utf-8"), "html.parser"
    )
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in final.find(id="tbl-allocatie").find_all("tr")
    ]
    header, *body = rows
    shown_weights = {
        (row[0].casefold(), feature.casefold()): value
        for row in body
        if row[0] != "Totaal"
        for feature, value in zip(header[1:-1], row[1:-1], strict=True)
    }
    assert shown_weights == {
        (kind, feature): f"{weight}%"
        for kind, features in weights.items()
        for feature, weight in features.items()
    }
    assert not config.get("allocatie_bedragen")
    assert final.find(id="tbl-allocatie-bedragen") is None
    assert "Uitgaande van het budget" not in final.get_text(" ")
    # but it names the budget the percentages divide, and where it comes from
    assert (
        "Deze verdeling gaat uit van het budget voor de volgende fase dat voor deze ronde is "
        f"vastgelegd, {euro(budget)}." in " ".join(final.get_text(" ").split())
    )
