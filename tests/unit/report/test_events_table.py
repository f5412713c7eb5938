"""The meetings table of the appendix: 'alle Technohubs' when every taking-part hub came."""

from __future__ import annotations

import pandas as pd

from evaltools.report.parts import events_table


def _hubs(statuses: list[str]) -> pd.DataFrame:
    ids = [f"h{i}" for i in range(len(statuses))]
    return pd.DataFrame(
        {"hub": ids, "label": [f"Hub {i}" for i in range(len(ids))], "status": statuses}
    )


def _events(*hub_lists: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event": [f"ev-{i}" for i in range(len(hub_lists))],
            "date": [f"2025-06-{i + 1:02d}" for i in range(len(hub_lists))],
            "kind": ["begeleidingscommissie"] * len(hub_lists),
            "place": ["Utrecht"] * len(hub_lists),
            "theme": ["Start"] * len(hub_lists),
            "hubs": list(hub_lists),
        }
    )


def test_every_taking_part_hub_is_alle_technohubs_and_a_few_are_named() -> None:
    hubs = _hubs(["deelnemend"] * 8 + ["teruggetrokken"])
    every = " ".join(f"h{i}" for i in range(8))
    table = events_table(_events(every, every + " h8", "", "h1 h2"), hubs)
    assert table.count("alle Technohubs") == 3
    assert "Hub 1, Hub 2" in table
    assert "Hub 7" not in table  # never the list of all eight


def test_one_taking_part_hub_is_named_not_alle() -> None:
    table = events_table(_events("h0"), _hubs(["deelnemend", "teruggetrokken"]))
    assert "Hub 0" in table and "alle" not in table


def test_kind_and_place_are_separate_columns() -> None:
    table = events_table(_events("h0 h1"), _hubs(["deelnemend", "deelnemend"]))
    row = next(line for line in table.splitlines() if "Begeleidingscommissie" in line)
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1] == "Begeleidingscommissie" and cells[2] == "Utrecht"


def test_a_round_without_meetings_says_so() -> None:
    """'evenementen: []' (as nieuwe-ronde writes it) is a table without columns when read back:
    the criteria notebook failed on it with KeyError 'date' (issue 25's trial round)."""
    text = events_table(pd.DataFrame(), _hubs(["deelnemend"]))
    assert (
        text == "Voor deze ronde zijn geen bijeenkomsten, werkbezoeken of interviews vastgelegd.\n"
    )
