"""Rounds that remember (issue 25): three rounds made as a consultant makes them.

Round one is the mini round (forms without ids, as the sample round's). Rounds two and three are
made with the project's own ``nieuwe-ronde`` and ``template zelfevaluatie --vorige``, and their
forms are filled with openpyxl as a hub fills them: a goal is reworded, a KPI renamed. The
reworded goal and the renamed KPI keep their series and their carried-over mark over all three
rounds; a hub that withdrew in round one and takes part in round three returns, it is not new.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from evaltools.analyse.changes import (
    RoundTables,
    goal_transitions,
    hub_membership,
    kpi_series,
    reworded_rows,
)
from evaltools.cli import app
from evaltools.ingest.raw_round import read_round
from evaltools.ingest.tables import build_tables
from evaltools.ingest.zelfevaluatie_xlsx import (
    CRITERIA_SHEET,
    GOAL_ID_COLUMN,
    GOALS_SHEET,
    KPI_ID_COLUMN,
    KPI_SHEET,
)
from evaltools.report.changes import changes_section, score_change_figure
from evaltools.report.hub_changes import hub_changes
from evaltools.report.hub_parts import CARRIED_MARK, goals_table, hub_facts, kpis_table
from evaltools.review.identity_checks import CHECK, text_match_findings
from tests.support.project import make_project

FILLED = {
    "soort:": "soort: tussentijdse evaluatie",
    "titel:": "titel: Vervolg",
    "periode:": "periode: een jaar",
    "periode_begin:": "periode_begin: 2027-01-01",
    "periode_einde:": "periode_einde: 2027-12-31",
    "kenmerk:": "kenmerk: k-vervolg",
    "datum:": "datum: 2027-12-31",
}


def _next_round(root: Path, round_id: str, previous: str, returning: str = "") -> Path:
    """``nieuwe-ronde``, its empty fields filled in, and its forms from ``--vorige``."""
    runner = CliRunner()
    result = runner.invoke(
        app, ["nieuwe-ronde", round_id, "--vorige", previous, "--project", str(root)]
    )
    assert result.exit_code == 0, result.output
    folder = root / "data" / "raw" / round_id
    lines = []
    for line in (folder / "round.yaml").read_text(encoding="utf-8").splitlines():
        key = line.split("#")[0].strip()
        if key == "budget:":
            continue
        lines.append(FILLED.get(key, line))
    text = "\n".join(lines) + "\n"
    if returning:
        # nieuwe-ronde keeps the hub's line as the previous round.yaml wrote it
        head = f"{{id: {returning}, naam: Technohub Gamma, bedrag: 30000, status: "
        text = text.replace(
            head + "teruggetrokken, reden: geen penvoerder gevonden}", head + "deelnemend}"
        )
        assert "status: teruggetrokken" not in text
    (folder / "round.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "template",
            "zelfevaluatie",
            str(folder),
            "--vorige",
            str(root / "data" / "raw" / previous),
            "--map",
            str(folder / "zelfevaluaties"),
        ],
    )
    assert result.exit_code == 0, result.output
    return folder


def _fill(path: Path, goals: dict[int, tuple[str | None, str]], kpis: dict[int, tuple]) -> None:
    """As a hub fills its form: per goal row (text or None to keep it, status), per KPI row
    (name or None to keep it, current value)."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[GOALS_SHEET]
    for row, (goal, status) in goals.items():
        if goal is not None:
            sheet.cell(row, 2, goal)
        sheet.cell(row, 3, status)
    sheet = workbook[KPI_SHEET]
    for row, (name, value) in kpis.items():
        if name is not None:
            sheet.cell(row, 2, name)
            sheet.cell(row, 3, "stuks")
        sheet.cell(row, 5, value)
    sheet = workbook[CRITERIA_SHEET]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 6).value:
            sheet.cell(row, 3, "Gevorderd")
    workbook.save(path)


def _without_ids(path: Path) -> None:
    """A form as version 1 wrote it: no id columns (their cells emptied)."""
    workbook = openpyxl.load_workbook(path)
    for name, column in ((GOALS_SHEET, GOAL_ID_COLUMN), (KPI_SHEET, KPI_ID_COLUMN)):
        sheet = workbook[name]
        for row in range(1, sheet.max_row + 1):
            sheet.cell(row, column).value = None
    workbook.save(path)


def _plain(markdown: str) -> str:
    """Markdown as its reader sees the words: escapes undone (``report.markdown.escape``)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _tables(folder: Path) -> RoundTables:
    raw, problems = read_round(folder)
    assert raw is not None, problems
    forms = [p for p in problems if "zelfevaluaties" in p.file]
    assert forms == [], forms
    return RoundTables(raw.config, build_tables(raw))


def test_reworded_goal_and_renamed_kpi_keep_their_series_over_three_rounds(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path)
    for form in sorted((root / "data" / "raw" / "mini-ronde" / "zelfevaluaties").glob("*.xlsx")):
        _without_ids(form)  # round one's forms are old ones, as the sample round's
    first = _tables(root / "data" / "raw" / "mini-ronde")
    assert not first.tables["goals"]["id_in_form"].any()
    alpha_goals = list(first.tables["goals"].query("hub == 'alpha'")["goal"])
    alpha_kpis = list(first.tables["kpis"].query("hub == 'alpha'")["name"])
    assert alpha_goals == ["Projectleiding borgen", "Tien bedrijven aansluiten"]

    second_folder = _next_round(root, "ronde-twee", "mini-ronde")
    form = second_folder / "zelfevaluaties" / "alpha.xlsx"
    sheet = openpyxl.load_workbook(form)[KPI_SHEET]
    assert [sheet.cell(2, c).value for c in (2, 8)] == [alpha_kpis[0], "mini-ronde"]
    _fill(
        form,
        {2: ("Projectleiding blijvend borgen", "op schema"), 3: (None, "behaald")},
        {2: ("Aangesloten leden", 30), 3: (None, 5)},
    )
    _fill(second_folder / "zelfevaluaties" / "beta.xlsx", {2: (None, "op schema")}, {})
    second = _tables(second_folder)

    third_folder = _next_round(root, "ronde-drie", "ronde-twee", returning="gamma")
    form = third_folder / "zelfevaluaties" / "alpha.xlsx"
    _fill(
        form,
        {2: ("Projectleiding voor jaren borgen", "behaald"), 3: (None, "behaald")},
        {2: ("Leden (aangesloten)", 42), 3: (None, 6)},
    )
    _fill(third_folder / "zelfevaluaties" / "beta.xlsx", {2: (None, "behaald")}, {})
    _fill(third_folder / "zelfevaluaties" / "gamma.xlsx", {2: ("Eerste doel", "op schema")}, {})
    third = _tables(third_folder)
    rounds = [first, second, third]

    # the renamed KPI is one series over the three rounds, under its latest name
    series = kpi_series(rounds)
    mine = series[series["hub"] == "alpha"]
    assert list(mine["name"]) == ["Leden (aangesloten)", alpha_kpis[1]]
    leden = mine.iloc[0]
    assert [leden[r] for r in ("mini-ronde", "ronde-twee", "ronde-drie")][1:] == [30, 42]
    assert not any(series["name"].str.contains("Aangesloten leden"))
    # ... with its earlier names beside it, newest first: '(eerder: …)' in the report
    assert leden["earlier"] == f"Aangesloten leden; {alpha_kpis[0]}"
    assert mine.iloc[1]["earlier"] == ""

    # the reworded goal is the same goal in rounds two and three: carried over, not new
    transitions = goal_transitions(second, third, [first])
    alpha = transitions[transitions["hub"] == "alpha"]
    assert list(alpha["goal"]) == ["Projectleiding voor jaren borgen", alpha_goals[1]]
    assert list(alpha["previous_status"]) == ["op schema", "behaald"]
    assert list(alpha["matched"]) == ["id", "id"]
    assert list(alpha["earlier"]) == ["Projectleiding blijvend borgen; Projectleiding borgen", ""]
    # compared with the previous round alone, the wording of that round
    assert list(goal_transitions(second, third).query("hub == 'alpha'")["earlier"]) == [
        "Projectleiding blijvend borgen",
        "",
    ]
    # round one's forms have no ids: round two found its goals through the ids that
    # template zelfevaluatie --vorige gave them
    assert list(goal_transitions(first, second).query("hub == 'alpha'")["matched"]) == [
        "id",
        "id",
    ]
    section = changes_section(rounds, score_change_figure(["f.svg"], ["alt"], [("A", "B")]))
    # gamma returns: its goal is new to the comparison, so the counts add up to the round's
    assert (
        "Drie doelen stonden ook in de vorige ronde; één doel is nieuw en elk doel uit de "
        "vorige ronde komt terug." in section
    )
    gamma = goal_transitions(second, third).query("hub == 'gamma'")
    assert len(gamma) == 1 and list(gamma["previous_status"]) == [""]
    alpha_part = hub_changes(rounds, "alpha")
    assert (
        "- op schema → behaald: Projectleiding voor jaren borgen (eerder: Projectleiding "
        "blijvend borgen; Projectleiding borgen)" in _plain(alpha_part)
    )
    assert f"- Leden (aangesloten) (eerder: Aangesloten leden; {alpha_kpis[0]}): " in _plain(
        alpha_part
    )
    # the changes section's tables say it too (a grid table wraps its cells: compare words)
    words = " ".join(_plain(section).replace("|", " ").split())
    assert "(eerder: Aangesloten leden;" in words
    assert "Aangesloten" in words and "blijvend" in words
    # nothing else was renamed (the third is the KPI table's explanation)
    assert words.count("(eerder:") == 3 and "(eerder: …)" in words
    assert "(twee rondes terug) → 30 (vorige ronde) → 42 (deze ronde)" in alpha_part
    assert "nul " not in alpha_part and "Nul " not in alpha_part
    assert "Nul " not in section and "nul " not in section

    # the carried-over mark in the hub appendix's goal table, in rounds two and three
    # and the reworded goal and renamed KPI with their earlier wording
    for chain in (rounds[:2], rounds):
        data = chain[-1]
        # rounds two and three have no assessments: the consultants' tables of round one
        assessed = {k: first.tables[k] for k in ("scores", "profiles", "conditions")}
        facts = hub_facts({**data.tables, **assessed}, data.config, "alpha", reworded_rows(chain))
        table = goals_table(facts)
        assert table is not None
        marks = [CARRIED_MARK in row[0][0] for row in table.rows]
        assert marks == [True, True], data.round_id
        goal = _plain(table.rows[0][0][0])
        earlier = (
            "Projectleiding borgen"
            if data is second
            else "Projectleiding blijvend borgen; Projectleiding borgen"
        )
        assert goal.startswith(f"{facts.goals[0]['goal']} (eerder: {earlier}) {CARRIED_MARK}"), goal
        assert "(eerder:" not in table.rows[1][0][0]
        kpis = kpis_table(facts)
        assert kpis is not None
        assert "(eerder: " in kpis.rows[0][0][0] and "(eerder:" not in kpis.rows[1][0][0]

    # gamma withdrew in round one and takes part in round three: it returns
    membership = hub_membership(second, third, [first])
    assert dict(zip(membership["hub"], membership["change"], strict=True))["gamma"] == "terug"
    returned = "Technohub Gamma (was twee rondes terug al aangemeld, maar trok zich toen terug)"
    assert f"Weer terug in deze ronde: {returned}." in section
    assert "Nieuw in deze ronde" not in section
    assert "Technohub Gamma doet weer mee (was twee rondes terug" in hub_changes(rounds, "gamma")

    # check: round two's forms carry ids, so nothing is matched on text only; round one's
    # old forms would be, had it a previous round
    assert text_match_findings(second.config, second.tables) == []
    old = first.config.model_copy(update={"previous_round": "eerder"})
    findings = text_match_findings(old, first.tables)
    assert findings and {f.check for f in findings} == {CHECK}
    assert findings[0].file.endswith("zelfevaluaties/alpha.xlsx")
    assert findings[0].place == "Doelen!B2"
