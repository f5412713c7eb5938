"""Tables and lists as a notebook page shows them (evaltools.report.shown)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from evaltools.report.shown import ShownTableError, cell_text, shown_list, shown_table
from evaltools.round.dutch import euro


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "–"),
        (float("nan"), "–"),
        (pd.NA, "–"),
        (pd.NaT, "–"),
        ("", "–"),
        (True, "ja"),
        (np.False_, "nee"),
        (np.int64(460000), "460.000"),
        (2.5, "2,5"),
        (Fraction(13, 6), "2,17"),
        (3.0, "3"),
        ("a|b *c*", "a\\|b \\*c\\*"),
    ],
)
def test_a_value_is_written_as_the_report_writes_it(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_a_frame_is_shown_with_dutch_headers_and_no_pandas_words() -> None:
    frame = pd.DataFrame(
        {
            "hub": ["a", "b"],
            "label": ["Hub A", "Hub B"],
            "agrees": [True, False],
            "relative": [np.nan, 0.25],
            "amount": [1200000, None],
        },
        index=["x", "y"],
    )
    text = shown_table(
        frame,
        {
            "label": "Technohub",
            "agrees": "Volgens regel",
            "relative": "Relatief",
            "amount": "Bedrag",
        },
        index="Code",
        formats={"amount": lambda v: euro(v) if pd.notna(v) else "n.v.t."},
    )
    lines = text.splitlines()
    assert lines[0] == "| Code | Technohub | Volgens regel | Relatief | Bedrag |"
    assert lines[2] == "| x | Hub A | ja | – | € 1\\.200\\.000 |"  # escaped: shown, not read
    assert lines[3] == "| y | Hub B | nee | 0,25 | n\\.v\\.t\\. |"
    for word in ("NaN", "None", "True", "False", "| hub", "agrees", "relative"):
        assert word not in text


def test_a_column_that_is_not_there_is_named() -> None:
    with pytest.raises(ShownTableError, match="geen kolom status; kies uit hub"):
        shown_table(pd.DataFrame({"hub": ["a"]}), {"status": "Stand"})


def test_an_empty_frame_and_an_empty_list_say_so() -> None:
    assert shown_table(pd.DataFrame({"hub": []}), {"hub": "Technohub"}) == "Geen rijen.\n"
    assert shown_list([], "Geen meldingen.") == "Geen meldingen\\.\n"  # pandoc reads "."
    assert shown_list(["a_b", "c"], "") == "- a\\_b\n- c\n"
