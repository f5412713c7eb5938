"""Two rounds side by side in one project, built with DVC as `make report` builds them: the
sample round and the test round 2027-eind (a final evaluation that names the sample round as its
previous round).

The second round's report shows what changed since the sample round, and no output of one
round holds an id, reference number, date or heading word that belongs only to the other.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from evaltools.report.files import notebook_outputs
from evaltools.report.render import output_paths
from evaltools.report.variables import dutch_date
from tests.support.builds import TwoRounds
from tests.support.paths import DATA, FINAL, REPO, SAMPLE
from tests.support.pdf_text import output_text_of
from tests.support.text import flat

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def two_rounds(two_rounds: TwoRounds) -> dict:
    """Both rounds, built once per session (tests/builds/conftest.py)."""
    return {"root": two_rounds.root, "early": two_rounds.early}


def html_soup(root: Path, round_id: str) -> BeautifulSoup:
    """The round's HTML report, parsed once per test process (tests only read it)."""
    path = output_paths(root, round_id)[0]
    return _soup(path, path.stat().st_mtime_ns)


@functools.cache
def _soup(path: Path, mtime: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_changes_need_the_previous_round_ingested_first(two_rounds: dict) -> None:
    early = two_rounds["early"]
    assert early.exit_code == 1
    assert early.exception in (None, "SystemExit"), early.exception
    message = flat(early.output)
    assert f"Ronde {FINAL} noemt {SAMPLE} als vorige ronde" in message
    assert f"Draai eerst 'evaltools ingest {SAMPLE}'" in message
    assert "Traceback" not in message


def test_report_shows_a_hub_whose_type_changed(two_rounds: dict) -> None:
    root = two_rounds["root"]
    soup = html_soup(root, FINAL)
    section = flat(soup.find(id="sec-veranderingen").get_text(" "))
    assert "Van type veranderd: TINT (van groeihub naar systeemhub)." in section
    rows = [
        [flat(cell.get_text(" ")) for cell in row.find_all("td")]
        for row in soup.find(id="tbl-veranderingen-typen").find_all("tr")
    ]
    # the previous round and now side by side, the change in bold
    assert ["TINT", "groeihub", "systeemhub", "ecosysteemfunctie", "ecosysteemfunctie"] in rows
    assert [
        "Precisietechnologie",
        "groeihub",
        "groeihub",
        "onderwijsvernieuwing",
        "innovatie",
    ] in rows
    bold = [
        flat(b.get_text(" "))
        for td in soup.find(id="tbl-veranderingen-typen").find_all("td")
        for b in td.find_all("strong")
    ]
    assert bold == ["systeemhub", "innovatie"]
    assert (
        "Van dominant kenmerk veranderd: Precisietechnologie (van onderwijsvernieuwing naar "
        in (section)
    )
    appendix = flat(soup.find(id="sec-hub-tint-veranderingen").get_text(" "))
    assert "Het type veranderde van groeihub naar systeemhub." in appendix
    pdf = flat(output_text_of(output_paths(root, FINAL)[1]))
    assert "Van type veranderd: TINT (van groeihub naar systeemhub)." in pdf


def test_report_shows_a_kpi_series_of_three_values(two_rounds: dict) -> None:
    root = two_rounds["root"]
    soup = html_soup(root, FINAL)
    table = soup.find(id="tbl-veranderingen-kpis")
    headers = [flat(th.get_text(" ")) for th in table.find_all("th")]
    assert headers[-3:] == ["Nulmeting", "Vorige ronde", "Deze ronde"]
    rows = [[flat(td.get_text(" ")) for td in tr.find_all("td")] for tr in table.find_all("tr")]
    # baseline and value of the sample round, value of this round
    assert ["Noordoostpolder", "Volgers op LinkedIn (aantal)", "88", "112", "161"] in rows
    assert ["Woerden", "Nieuwe partners aangesloten (aantal)", "0", "8", "11"] in rows
    appendix = flat(soup.find(id="sec-hub-nop-veranderingen").get_text(" "))
    assert "Volgers op LinkedIn: 88 (nulmeting) → 112 (vorige ronde) → 161 (deze ronde)" in appendix
    docx = flat(output_text_of(output_paths(root, FINAL)[2]))
    assert re.search(r"Volgers op LinkedIn \(aantal\) 88 112 161", docx), docx[:200]


def test_report_shows_the_hub_that_joined_and_the_renamed_criterion(two_rounds: dict) -> None:
    soup = html_soup(two_rounds["root"], FINAL)
    section = flat(soup.find(id="sec-veranderingen").get_text(" "))
    assert "Nieuw in deze ronde: Rivierenland." in section
    assert "Zeven Technohubs deden ook in de vorige ronde mee." in section
    assert (
        "Het criterium Verdienvermogen en opschaling heette in de vorige ronde "
        "Toekomstperspectief en opschaalbaarheid" in section
    )
    scores = soup.find(id="tbl-veranderingen-scores")
    assert "Verdienvermogen en opschaling" in flat(scores.get_text(" "))
    assert "Toekomstperspectief" not in flat(scores.get_text(" "))
    # NOP's renamed criterion went from 3 to 2
    nop = next(r for r in scores.find_all("tr") if "Noordoostpolder" in r.get_text())
    assert [flat(td.get_text(" ")) for td in nop.find_all("td")][5] == "2 (−1)"
    # the new hub is in this round's columns, 'nieuw' where a change would stand
    rivierenland = next(r for r in scores.find_all("tr") if "Rivierenland" in r.get_text())
    cells = [flat(td.get_text(" ")) for td in rivierenland.find_all("td")][1:]
    assert cells and all(cell.endswith("(nieuw)") or cell == "–" for cell in cells), cells
    assert "Rivierenland (nieuw) deed in de vorige ronde niet mee" in section
    joined = flat(soup.find(id="sec-hub-rivierenland-veranderingen").get_text(" "))
    assert "Rivierenland is nieuw in deze ronde" in joined
    figure = soup.find(id="fig-veranderingen-scores")
    assert figure is not None and "MIRA: Ontwikkelfase en robuustheid 3 → 2" in str(figure)


def test_a_round_without_previous_round_has_no_changes_section(two_rounds: dict) -> None:
    root = two_rounds["root"]
    soup = html_soup(root, SAMPLE)
    assert soup.find(id="sec-veranderingen") is None
    assert "Veranderingen sinds de vorige ronde" not in soup.get_text(" ")
    # the notebook runs for every round (the report embeds its cell); here that cell is empty
    notebooks = root / "data" / "processed" / SAMPLE / "analyse" / "notebooks"
    assert notebook_outputs(notebooks / "veranderingen.ipynb")["veranderingen"] == ""
    assert notebook_outputs(notebooks / "hub-nop.ipynb")["hub-veranderingen"] == ""


# ---- no output of one round holds what belongs only to the other round ----------------------


def round_tokens(config: dict) -> dict[str, set[str]]:
    """Ids, reference, dates (ISO and as the report writes them) and heading words of a round."""
    dates = {config["datum"], config.get("periode_begin"), config.get("periode_einde")}
    dates |= {event["datum"] for event in config.get("evenementen", [])}
    dates = {d for d in dates if d}
    return {
        "id": {config["ronde"]}
        | {event["id"] for event in config.get("evenementen", [])}
        | {hub["id"] for hub in config["hubs"]},
        "kenmerk": {config["kenmerk"]},
        "datum": {d.isoformat() for d in dates} | {dutch_date(d) for d in dates},
        "kopwoord": set(config["soort"].casefold().split()),
    }


@functools.cache
def only_in(first: str, other: str) -> dict[str, frozenset[str]]:
    import yaml

    folders = {SAMPLE: REPO / "data" / "raw" / SAMPLE, FINAL: DATA / FINAL}
    mine, theirs = (
        round_tokens(yaml.safe_load((folders[r] / "round.yaml").read_text(encoding="utf-8")))
        for r in (first, other)
    )
    result = {kind: frozenset(values - theirs[kind]) for kind, values in mine.items()}
    # a heading word inside a word of the other round ('evaluatie' in 'eindevaluatie') is shared
    result["kopwoord"] = frozenset(
        word for word in mine["kopwoord"] if not any(word in other for other in theirs["kopwoord"])
    )
    return result


def outputs(root: Path, round_id: str, kind: str) -> list[Path]:
    if kind == "rapport":
        return output_paths(root, round_id)
    if kind == "notebookpagina":
        return sorted((root / "report" / "_output" / f"{round_id}-notebooks").glob("*.html"))
    if kind == "veranderingen-notebookpagina":
        return [root / "report" / "_output" / f"{round_id}-notebooks" / "veranderingen.html"]
    return sorted((root / "data" / "processed" / round_id / "analyse" / "factsheets").glob("*.pdf"))


def leaks(root: Path, round_id: str, other: str, kind: str, category: str) -> list[str]:
    tokens = only_in(other, round_id)[category]
    assert tokens, f"no {category} belongs only to {other}: the test would prove nothing"
    found = []
    paths = outputs(root, round_id, kind)
    assert paths, f"no {kind} of {round_id}"
    for path in paths:
        text = output_text_of(path)
        haystack = text.casefold() if category == "kopwoord" else text
        found += [
            f"{path.name}: {token}"
            for token in sorted(tokens)
            if re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", haystack)
        ]
    return found


CASES = [
    pytest.param(FINAL, SAMPLE, "rapport", "id", id="eind-rapport-id"),
    pytest.param(FINAL, SAMPLE, "rapport", "kenmerk", id="eind-rapport-kenmerk"),
    pytest.param(FINAL, SAMPLE, "rapport", "datum", id="eind-rapport-datum"),
    pytest.param(FINAL, SAMPLE, "rapport", "kopwoord", id="eind-rapport-kopwoord"),
    pytest.param(FINAL, SAMPLE, "notebookpagina", "id", id="eind-notebooks-id"),
    pytest.param(FINAL, SAMPLE, "notebookpagina", "kenmerk", id="eind-notebooks-kenmerk"),
    pytest.param(FINAL, SAMPLE, "notebookpagina", "datum", id="eind-notebooks-datum"),
    pytest.param(FINAL, SAMPLE, "notebookpagina", "kopwoord", id="eind-notebooks-kopwoord"),
    pytest.param(FINAL, SAMPLE, "veranderingen-notebookpagina", "id", id="eind-veranderingen-id"),
    pytest.param(FINAL, SAMPLE, "factsheet", "id", id="eind-factsheets-id"),
    pytest.param(FINAL, SAMPLE, "factsheet", "kenmerk", id="eind-factsheets-kenmerk"),
    pytest.param(FINAL, SAMPLE, "factsheet", "datum", id="eind-factsheets-datum"),
    pytest.param(FINAL, SAMPLE, "factsheet", "kopwoord", id="eind-factsheets-kopwoord"),
    *[
        pytest.param(SAMPLE, FINAL, kind, category, id=f"voorbeeld-{kind}-{category}")
        for kind in ("rapport", "notebookpagina", "factsheet")
        for category in ("id", "kenmerk", "datum", "kopwoord")
    ],
]


@pytest.mark.parametrize(("round_id", "other", "kind", "category"), CASES)
def test_no_output_holds_what_belongs_only_to_the_other_round(
    two_rounds: dict, round_id: str, other: str, kind: str, category: str
) -> None:
    assert leaks(two_rounds["root"], round_id, other, kind, category) == []


def test_the_leak_check_finds_a_planted_token(two_rounds: dict, tmp_path: Path) -> None:
    """The check above can fail: a sample reference number in a copy of a page is found."""
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(two_rounds["root"] / "report" / "_output", root / "report" / "_output")
    page = root / "report" / "_output" / f"{FINAL}-notebooks" / "veranderingen.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</body>", "<p>kenmerk 25109-003</p></body>"),
        encoding="utf-8",
    )
    assert leaks(root, FINAL, SAMPLE, "veranderingen-notebookpagina", "kenmerk") == [
        "veranderingen.html: 25109-003"
    ]
