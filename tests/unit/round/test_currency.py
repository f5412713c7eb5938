"""One currency style per round (round.yaml ``programma: valuta``): every generated amount
follows it, with a space after the sign, and validate refuses another style in Dutch."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from evaltools.analyse.allocation import Budget, budget_line, budget_text, hub_share_lines
from evaltools.analyse.scoring import tier_alt_text, tier_comparison, tier_sentence
from evaltools.report.parts import budget_table, tier_lists
from evaltools.round.dutch import euro
from evaltools.round.programme import Programme, default_programme
from tests.support.checks import messages
from tests.support.files import edit


def test_euro_writes_the_round_s_style_with_a_space() -> None:
    assert euro(80_000) == "€ 80.000"
    assert euro(0) == "€ 0"
    assert euro(85312.5, "EUR") == "EUR 85.313"
    assert euro(0, "EUR") == "EUR 0"


def test_the_default_style_is_the_euro_sign_and_a_programme_may_choose_eur() -> None:
    assert default_programme().currency == "€"
    programme = Programme.model_validate(
        {"naam": "X", "eenheid": {"enkelvoud": "lab", "meervoud": "labs"}, "valuta": "EUR"}
    )
    assert programme.currency == "EUR"


def test_every_generated_amount_follows_the_style() -> None:
    hubs = pd.DataFrame(
        [
            {"hub": "a", "name": "A", "label": "A", "tier": 0, "status": "deelnemend"},
            {"hub": "b", "name": "B", "label": "B", "tier": 30000, "status": "deelnemend"},
            {"hub": "c", "name": "C", "label": "C", "tier": 30000, "status": "deelnemend"},
        ]
    )
    per_hub = hubs.assign(mean=[2.0, 3.0, 4.0])
    comparison = tier_comparison(per_hub)
    budget = pd.DataFrame([{"item": "Bijdrage", "count": 2, "amount": 30000, "total": 60000}])
    shares = pd.DataFrame(
        [{"hub": "b", "label": "B", "type": "t", "feature": "f", "weight": 50, "sharing": 1,
          "amount": 40000}]
    )  # fmt: skip
    texts = [
        tier_lists(hubs, "EUR"),
        budget_table(budget, "EUR"),
        tier_sentence(comparison, currency="EUR"),
        tier_alt_text(per_hub, comparison, currency="EUR"),
        budget_line(Budget(500_000, "round"), currency="EUR"),
        budget_text(Budget(500_000, "round"), currency="EUR"),
        *hub_share_lines(shares, currency="EUR"),
    ]
    for text in texts:
        assert "EUR " in text, text
        assert "€" not in text, text
    assert "EUR 0" in tier_lists(hubs, "EUR")
    assert "€ 0" in tier_lists(hubs)


def test_validate_refuses_another_style_in_dutch_with_file_and_line(mini_round: Path) -> None:
    edit(
        mini_round / "round.yaml",
        "soort: tussentijdse evaluatie\n",
        "soort: tussentijdse evaluatie\nprogramma:\n  naam: Minihubs\n"
        "  eenheid: {enkelvoud: Minihub, meervoud: Minihubs}\n  valuta: euro\n",
    )
    found = messages(mini_round)
    assert len(found) == 1, found
    assert found[0].startswith("mini-ronde/round.yaml, regel ")
    assert "'programma.valuta'" in found[0]
    assert "gevonden 'euro'" in found[0]
    assert "€ of EUR" in found[0]
