"""What changed since the previous round: hand-made rounds, hand-computed expectations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evaltools.analyse.changes import (
    RoundTables,
    goal_transitions,
    hub_membership,
    kpi_series,
    profile_changes,
    renamed_criteria,
    score_changes,
    transition_counts,
)
from evaltools.analyse.figures import score_change_grid
from evaltools.analyse.previous_rounds import (
    PreviousRoundMissing,
    previous_round_chain,
    read_rounds,
)
from evaltools.ingest.processed import write_tables
from evaltools.report.changes import (
    changes_section,
    round_labels,
    score_change_alt_text,
    score_change_figure,
)
from evaltools.report.hub_changes import hub_changes
from evaltools.round.models import RoundConfig


def config(round_id: str, hubs: list[tuple[str, str]], criteria: dict[str, str], previous=None):
    """A round with the given (hub id, status) pairs and criteria {id: name}."""
    return RoundConfig.model_validate(
        {
            "ronde": round_id,
            "soort": "evaluatie",
            "titel": f"Ronde {round_id}",
            "periode": "een jaar",
            "vorige_ronde": previous,
            "opdrachtgever": "opdrachtgever",
            "uitvoering": ["bureau"],
            "kenmerk": f"k-{round_id}",
            "plaats": "plaats",
            "datum": "2030-01-01",
            "auteurs": [{"rol": "adviseur"}],
            "rubriek": [{"score": s, "naam": f"niveau {s}"} for s in (1, 2, 3, 4)],
            "criteria": [
                {"id": c, "naam": name, "definitie": "d", "niveaus": {s: "x" for s in (1, 2, 3, 4)}}
                for c, name in criteria.items()
            ],
            "hubs": [
                {
                    "id": h,
                    "naam": f"Hub {h.upper()}",
                    "korte_naam": h.upper(),
                    "bedrag": 1,
                    "status": status,
                }
                for h, status in hubs
            ],
        }
    )


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def scores(values: dict[tuple[str, str], int]) -> pd.DataFrame:
    return frame(
        [{"hub": h, "criterion": c, "score": s} for (h, c), s in values.items()],
        ["hub", "criterion", "score"],
    )


def kpis(rows: list[tuple[str, str, float | None, float | None]]) -> pd.DataFrame:
    return frame(
        [
            {"hub": h, "number": i, "name": n, "unit": "aantal", "baseline": b, "current": c}
            for i, (h, n, b, c) in enumerate(rows, start=1)
        ],
        ["hub", "number", "name", "unit", "baseline", "current"],
    )


def goals(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return frame(
        [{"hub": h, "goal": g, "status": s} for h, g, s in rows], ["hub", "goal", "status"]
    )


def profiles(rows: dict[str, tuple[str, str]]) -> pd.DataFrame:
    return frame(
        [{"hub": h, "type": t, "feature": f} for h, (t, f) in rows.items()],
        ["hub", "type", "feature"],
    )


# Round A: hubs a, b, c take part, d is withdrawn. Round B: a, b, d, e take part; c is gone.
# Criterion 'k2' is renamed in B; 'k3' is new in B.
FIRST = RoundTables(
    config(
        "r1",
        [("a", "deelnemend"), ("b", "deelnemend"), ("c", "deelnemend"), ("d", "teruggetrokken")],
        {"k1": "Kracht", "k2": "Toekomst"},
    ),
    {
        "scores": scores(
            {
                ("a", "k1"): 2,
                ("a", "k2"): 3,
                ("b", "k1"): 4,
                ("b", "k2"): 1,
                ("c", "k1"): 3,
                ("c", "k2"): 3,
            }
        ),
        "profiles": profiles(
            {
                "a": ("groeihub", "innovatie"),
                "b": ("systeemhub", "innovatie"),
                "c": ("groeihub", "innovatie"),
            }
        ),
        "kpis": kpis([("a", "Leden", 10, 15), ("a", "Oud", 0, 1), ("b", "Modules", 0, 2)]),
        "goals": goals(
            [
                ("a", "Groeien", "op schema"),
                ("a", "Stoppen", "vertraagd"),
                ("b", "Borgen", "vertraagd"),
            ]
        ),
    },
)
SECOND = RoundTables(
    config(
        "r2",
        [("b", "deelnemend"), ("a", "deelnemend"), ("d", "deelnemend"), ("e", "deelnemend")],
        {"k1": "Kracht", "k2": "Verdienvermogen", "k3": "Nieuw"},
        previous="r1",
    ),
    {
        "scores": scores(
            {
                ("a", "k1"): 3,
                ("a", "k2"): 3,
                ("a", "k3"): 2,
                ("b", "k1"): 3,
                ("b", "k2"): 1,
                ("b", "k3"): 4,
                ("d", "k1"): 1,
                ("e", "k1"): 2,
            }
        ),
        "profiles": profiles(
            {"a": ("systeemhub", "innovatie"), "b": ("systeemhub", "ecosysteemfunctie")}
        ),
        "kpis": kpis([("a", "  leden ", 10, 21), ("b", "Modules", 0, 2), ("e", "Start", 0, 1)]),
        "goals": goals(
            [
                ("a", "groeien", "behaald"),
                ("a", "Nieuw doel", "op schema"),
                ("b", "Borgen", "behaald"),
            ]
        ),
    },
)
THIRD = RoundTables(
    config(
        "r3",
        [("a", "deelnemend"), ("b", "teruggetrokken")],
        {"k1": "Kracht"},
        previous="r2",
    ),
    {
        "scores": scores({("a", "k1"): 4}),
        "profiles": profiles({"a": ("systeemhub", "innovatie")}),
        "kpis": kpis([("a", "Leden", 12, 30)]),
        "goals": goals([]),
    },
)


def test_joined_left_and_withdrawn_hubs() -> None:
    table = hub_membership(FIRST, SECOND)
    # d was withdrawn in r1, so it returns in r2 (issue 25); e is new; c left.
    assert list(zip(table["hub"], table["change"], strict=True)) == [
        ("b", "gebleven"),
        ("a", "gebleven"),
        ("d", "terug"),
        ("e", "nieuw"),
        ("c", "vertrokken"),
    ]
    third = hub_membership(SECOND, THIRD)
    assert dict(zip(third["hub"], third["change"], strict=True)) == {
        "a": "gebleven",
        "b": "vertrokken",
        "d": "vertrokken",
        "e": "vertrokken",
    }


def test_renamed_criterion_is_matched_by_id_and_shown_under_its_new_name() -> None:
    renamed = renamed_criteria(FIRST, SECOND)
    assert renamed.to_dict("records") == [
        {"criterion": "k2", "previous_name": "Toekomst", "name": "Verdienvermogen"}
    ]
    table = score_changes(FIRST, SECOND)
    k2 = table[(table["hub"] == "a") & (table["criterion"] == "k2")].iloc[0]
    assert (k2["name"], k2["previous"], k2["current"], k2["change"]) == ("Verdienvermogen", 3, 3, 0)


def test_score_changes_for_every_hub_of_this_round() -> None:
    table = score_changes(FIRST, SECOND)
    # hubs b, a, d, e (current order), criteria k1..k3; c left, so it is not in this round
    assert list(table["hub"]) == ["b"] * 3 + ["a"] * 3 + ["d"] * 3 + ["e"] * 3
    changes = {(r.hub, r.criterion): (r.previous, r.current, r.change) for r in table.itertuples()}
    assert changes[("a", "k1")] == (2, 3, 1)
    assert changes[("b", "k1")] == (4, 3, -1)
    assert changes[("b", "k2")] == (1, 1, 0)
    previous, current, change = changes[("a", "k3")]
    assert pd.isna(previous) and current == 2 and pd.isna(change)
    # d withdrew in r1 and returns, e is new: this round's score, no previous one, no change
    previous, current, change = changes[("d", "k1")]
    assert pd.isna(previous) and current == 1 and pd.isna(change)
    since = dict(zip(table["hub"], table["since"], strict=True))
    assert since == {"b": "gebleven", "a": "gebleven", "d": "terug", "e": "nieuw"}


def test_type_and_feature_changes() -> None:
    table = profile_changes(FIRST, SECOND).set_index("hub")
    assert table.loc[
        "a", ["previous_type", "type", "type_changed", "feature_changed"]
    ].tolist() == ["groeihub", "systeemhub", True, False]
    assert table.loc[
        "b", ["type_changed", "previous_feature", "feature", "feature_changed"]
    ].tolist() == [False, "innovatie", "ecosysteemfunctie", True]
    # every hub of this round: d returns and e is new, without a type in the previous round
    assert list(table.index) == ["b", "a", "d", "e"]
    assert table.loc["d", ["since", "previous_type", "type_changed"]].tolist() == [
        "terug",
        "",
        False,
    ]
    assert table.loc["e", "since"] == "nieuw"


def test_kpi_series_has_a_value_per_round_over_the_whole_chain() -> None:
    series = kpi_series([FIRST, SECOND, THIRD])
    assert list(series.columns) == [
        "hub",
        "label",
        "name",
        "unit",
        "earlier",
        "nulmeting",
        "r1",
        "r2",
        "r3",
    ]
    # matched on its text, case and spaces aside: not renamed
    assert set(series["earlier"]) == {""}
    # only hub a takes part in r3; 'Leden' matched across rounds despite case and spaces,
    # its baseline from the first round (10, not 12), the name as the latest round writes it
    leden = series[series["name"] == "Leden"].iloc[0]
    assert leden[["nulmeting", "r1", "r2", "r3"]].tolist() == [10, 15, 21, 30]
    oud = series[series["name"] == "Oud"].iloc[0]
    assert oud[["nulmeting", "r1"]].tolist() == [0, 1]
    assert pd.isna(oud["r2"]) and pd.isna(oud["r3"])
    assert set(series["hub"]) == {"a"}

    two = kpi_series([FIRST, SECOND])
    modules = two[two["name"] == "Modules"].iloc[0]
    assert modules[["nulmeting", "r1", "r2"]].tolist() == [0, 2, 2]
    start = two[two["name"] == "Start"].iloc[0]
    assert pd.isna(start["r1"]) and start["r2"] == 1 and start["label"] == "E"


def test_goal_status_transitions() -> None:
    table = goal_transitions(FIRST, SECOND)
    rows = list(
        zip(table["hub"], table["goal"], table["previous_status"], table["status"], strict=True)
    )
    assert rows == [
        ("b", "Borgen", "vertraagd", "behaald"),
        ("a", "groeien", "op schema", "behaald"),
        ("a", "Nieuw doel", "", "op schema"),
        ("a", "Stoppen", "vertraagd", ""),
    ]
    counts = transition_counts(table)
    assert counts.to_dict("records") == [
        {"previous_status": "op schema", "status": "behaald", "count": 1},
        {"previous_status": "vertraagd", "status": "behaald", "count": 1},
    ]


def test_round_labels_name_rounds_relative_to_this_one() -> None:
    assert round_labels(2) == ["Vorige ronde", "Deze ronde"]
    assert round_labels(3) == ["Twee rondes terug", "Vorige ronde", "Deze ronde"]


def test_section_and_hub_paragraphs() -> None:
    rounds = [FIRST, SECOND]
    section = changes_section(rounds, score_change_figure(["fig.svg"], ["alt"], [("A", "B")]))
    assert section.startswith("## Veranderingen sinds de vorige ronde {#sec-veranderingen}")
    assert "Nieuw in deze ronde: E." in section
    # d withdrew in r1: it returns, it is not new
    assert (
        "Weer terug in deze ronde: D (was in de vorige ronde al aangemeld, maar trok zich "
        "toen terug)." in section
    )
    assert "Niet meer in deze ronde: C." in section
    assert "Twee Technohubs deden ook in de vorige ronde mee." in section
    # goals: a's 'groeien' and b's 'Borgen' come back, one is new, one dropped
    assert (
        "Twee doelen stonden ook in de vorige ronde; één doel is nieuw en één doel uit de "
        "vorige ronde komt niet meer terug." in section
    )
    assert "*Verdienvermogen* heette in de vorige ronde *Toekomst*" in section
    # four compared scores with both values: a-k1 +1, a-k2 0, b-k1 −1, b-k2 0 (k3 is new)
    assert "Van de vier vergeleken scores is er één hoger, één lager en twee gelijk" in section
    assert (
        "Van type veranderd: A (van groeihub naar systeemhub). Van dominant kenmerk veranderd: "
        "B (van innovatie naar ecosysteemfunctie)." in section
    )
    # Tabel 'Type en dominant kenmerk in de vorige ronde en nu': both rounds, the change bold,
    # every hub of this round (d returns, e is new: no type in the previous round)
    types = section[
        section.index("Van type veranderd") : section.index("{#tbl-veranderingen-typen")
    ]
    assert "Type vorige ronde" in types and "Type nu" in types
    assert "Dominant kenmerk nu" in types and types.count("vorige ronde") >= 2
    a_row = next(line for line in types.splitlines() if line.startswith("| A "))
    assert "groeihub" in a_row and "**systeemhub**" in a_row
    b_row = next(line for line in types.splitlines() if line.startswith("| B "))
    assert "innovatie" in b_row and "**ecosysteemfunctie**" in b_row
    d_row = next(line for line in types.splitlines() if line.startswith("| D "))
    assert "– (weer terug)" in d_row
    assert "– (nieuw)" in next(line for line in types.splitlines() if line.startswith("| E "))
    # the score table has every hub of this round: d and e with this round's score
    scores = section[section.index("Van de vier") : section.index("{#tbl-veranderingen-scores")]
    assert (
        "D (weer terug) en E (nieuw) deden in de vorige ronde niet mee; voor deze Technohubs "
        "staan in de tabel alleen de scores van deze ronde." in scores
    )
    d_row = next(line for line in scores.splitlines() if line.startswith("| D "))
    # '1 (weer terug)' (the cell wraps in the grid), a dash without a score, no change
    assert "| 1 (weer" in d_row and "(–)" not in d_row and "(0)" not in d_row
    e_row = next(line for line in scores.splitlines() if line.startswith("| E "))
    assert "2 (nieuw)" in e_row
    assert "3 (+1)" in next(line for line in scores.splitlines() if line.startswith("| A "))
    # the previous round is never named by its id
    assert "r1" not in section.replace("{#", "")
    assert (
        "![Verandering van de score" in section
        and '{#fig-veranderingen-scores width="100%"' in (section)
    )

    paragraph = hub_changes(rounds, "a")
    assert paragraph.startswith(
        "### Veranderingen sinds de vorige ronde {#sec-hub-a-veranderingen}"
    )
    assert "Hoger dan in de vorige ronde: Kracht (2 → 3)." in paragraph
    assert "Het type veranderde van groeihub naar systeemhub." in paragraph
    # the name as the latest round writes it (spaces tidied)
    assert "- leden: 10 (nulmeting) → 15 (vorige ronde) → 21 (deze ronde)" in paragraph
    assert "- op schema → behaald: groeien" in paragraph
    assert "- Oud: 0 (nulmeting) → 1 (vorige ronde) (niet opgegeven in deze ronde)" in paragraph
    assert "is nieuw in deze ronde" in hub_changes(rounds, "e")
    returning = hub_changes(rounds, "d")
    assert "D doet weer mee (was in de vorige ronde al aangemeld" in returning
    assert "nieuw" not in returning


def test_figure_and_alt_text_carry_every_cell() -> None:
    table = score_changes(FIRST, SECOND)
    criteria = pd.DataFrame({"criterion": ["k1", "k2", "k3"], "name": ["Kracht", "V", "N"]})
    figure = score_change_grid(table, criteria)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts == [
        *["▼ 4 → 3", "1 → 1", "nieuw: 4", "▲ 2 → 3", "3 → 3", "nieuw: 2"],
        # d returns after a round away, e is new: this round's score only
        *["weer terug: 1", "–", "–", "nieuw: 2", "–", "–"],
    ]
    hatched = [p for p in figure.axes[0].patches if p.get_hatch()]
    assert len(hatched) == 1  # the one fall, b-k1
    alt = score_change_alt_text(table)
    assert "B: Kracht 4 → 3, Verdienvermogen 1 → 1, Nieuw geen → 4" in alt
    assert "D: Kracht weer terug, nu 1, Verdienvermogen geen score" in alt
    assert "E: Kracht nieuw, nu 2" in alt


def test_previous_rounds_are_read_from_processed_tables(tmp_path: Path) -> None:
    for data in (FIRST, SECOND):
        write_tables(data.tables, data.config, tmp_path / data.round_id / "tables")
    chain = previous_round_chain(tmp_path, THIRD.config)
    assert [c.round_id for c in chain] == ["r2", "r1"]
    rounds = read_rounds(tmp_path, THIRD.config)
    assert [r.round_id for r in rounds] == ["r1", "r2", "r3"]
    assert rounds[0].tables["scores"]["score"].sum() == 2 + 3 + 4 + 1 + 3 + 3


def test_a_previous_round_without_tables_is_a_dutch_error(tmp_path: Path) -> None:
    with pytest.raises(PreviousRoundMissing) as caught:
        previous_round_chain(tmp_path, SECOND.config)
    message = str(caught.value)
    assert "Ronde r2 noemt r1 als vorige ronde" in message
    assert "evaltools ingest r1" in message


def test_a_loop_of_previous_rounds_is_refused(tmp_path: Path) -> None:
    looping = config("r1", [("a", "deelnemend")], {"k1": "Kracht"}, previous="r2")
    write_tables(SECOND.tables, SECOND.config, tmp_path / "r2" / "tables")
    write_tables(FIRST.tables, looping, tmp_path / "r1" / "tables")
    with pytest.raises(PreviousRoundMissing, match="in een kring"):
        previous_round_chain(tmp_path, SECOND.config)


def test_the_changes_notebook_declares_its_parameters_without_any_round() -> None:
    import papermill

    from tests.support.paths import REPO

    parameters = papermill.inspect_notebook(str(REPO / "notebooks" / "veranderingen.ipynb"))
    assert set(parameters) == {
        "round_id",
        "tables_dir",
        "out_dir",
        "processed_dir",
        "rows_per_part",
        "reads",  # the tables it reads (tests/builds/test_notebook_inputs.py)
    }
    assert {name: p["default"] for name, p in parameters.items() if name != "reads"} == {
        "round_id": '""',
        "tables_dir": '""',
        "out_dir": '""',
        "processed_dir": '""',
        "rows_per_part": "25",
    }


def test_a_dropped_goal_is_named_and_a_returning_hubs_goals_count_as_new() -> None:
    from evaltools.report.changes import goal_part

    transitions = pd.DataFrame(
        [
            ["a", "A", "Blijft", "op schema", "behaald", "id"],
            ["a", "A", "Vervalt", "niet gestart", "", ""],
            ["d", "D", "Terug met dit doel", "", "op schema", ""],
        ],
        columns=["hub", "label", "goal", "previous_status", "status", "matched"],
    )
    text = goal_part(transitions)
    assert text.startswith(
        "Één doel stond ook in de vorige ronde; één doel is nieuw en één doel uit de vorige "
        "ronde komt niet meer terug."
    )
    assert "Dit doel uit de vorige ronde staat niet meer in de formulieren:" in text
    assert "- A: Vervalt (vorige ronde: niet gestart)" in text
