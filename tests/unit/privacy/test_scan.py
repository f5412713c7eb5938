"""Privacy of interview data: the patterns that find names from the key, contact details and
quotes, and the findings that name the output and the input."""

from __future__ import annotations

import pytest

from evaltools.privacy.output import output_findings
from evaltools.privacy.scan import (
    EMAIL,
    PHONE,
    Document,
    ForbiddenQuote,
    NameKey,
    locate,
    name_pattern,
    quotes,
)

KEY = NameKey.model_validate(
    {"namen": [{"naam": "Joris Verzonnen", "rol": "projectleider", "varianten": ["J. Verzonnen"]}]}
)


@pytest.mark.parametrize(
    "text",
    [
        "06-12345678",
        "06 1234 5678",
        "030 123 45 67",
        "(030) 1234567",
        "+31 6 12345678",
        "+31 (0)30 123 45 67",
        "0031 20 1234567",
        "+32 2 123 45 67",
    ],
)
def test_phone_numbers_are_found(text: str) -> None:
    assert PHONE.search(f"Bel {text} gerust.")


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-31",
        "kenmerk 25109-003",
        "€ 80.000",
        "16 uur per week",
        "1 mei 2026",
        "3bb16804c97d1c617b2412529c189ad2100567e61f71be5fa092f75f610c5803",
        "0123456789abcdef",
        "B12, B13",
        "regel 0612",
    ],
)
def test_numbers_that_are_not_phone_numbers(text: str) -> None:
    assert not PHONE.search(text)


def test_email_addresses_are_found_but_not_code_or_handles() -> None:
    assert EMAIL.search("mail naar pl.alpha@voorbeeld.nl of zo")
    assert not EMAIL.search("zie @tbl-criterium en @sec-bijlage-hubs")


def test_names_match_as_whole_words_across_lines() -> None:
    pattern = name_pattern("Joris Verzonnen")
    assert pattern.search("volgens joris\n  verzonnen is dat zo")
    assert not pattern.search("Jorisverzonnen")
    document = Document(
        "x.yaml",
        [("regel 1", "tekst: >-"), ("regel 2", "  Joris"), ("regel 3", "  Verzonnen zegt")],
    )
    assert locate(pattern, [document]) == ("x.yaml", "regel 2")


def test_quotes_need_three_words() -> None:
    text = 'De term "hub" en „dit is een citaat” en “nog een lang citaat hier”.'
    assert quotes(text) == ["dit is een citaat", "nog een lang citaat hier"]


def test_output_findings_name_the_output_and_the_input() -> None:
    sources = [Document("ronde/beoordeling/a.yaml", [("regel 4", "tekst: J. Verzonnen belt")])]
    found = output_findings({"rapport.html": "Hier belt J. Verzonnen."}, KEY, [], sources)
    assert [str(f) for f in found] == [
        "ronde/beoordeling/a.yaml, regel 4: een naam uit names-key.yaml (schrijf in plaats "
        "daarvan: projectleider) staat in rapport.html; personen komen alleen voor met hun rol "
        "of een pseudoniem"
    ]
    quote = ForbiddenQuote("wij draaien op vrijwilligers", "ronde/interviews/b.md", "regel 9")
    found = output_findings(
        {"rapport.pdf": "zij zeiden: wij draaien\nop vrijwilligers"}, None, [quote], []
    )
    assert [str(f) for f in found] == [
        "het citaat 'wij draaien op vrijwilligers' uit ronde/interviews/b.md (regel 9) staat in "
        "rapport.pdf (niet gevonden in de invoer of de gegenereerde bronnen); de notities van "
        "dit interview zijn niet citeerbaar"
    ]


def test_profiles_without_any_distinctive_text_raise_no_pandas_warning() -> None:
    """No assessment has 'onderscheidend': the column is all NaN (float). The quote check
    reads it without pandas' FutureWarning/Pandas4Warning about filling a float with text."""
    import warnings

    import pandas as pd

    from evaltools.privacy.scan import statement_quote_findings

    nan = float("nan")
    tables = {
        "evidence": pd.DataFrame(
            [{"id": "iv-a-1", "source": "interview", "file": "a.md", "text": "iets"}]
        ),
        "interviews": pd.DataFrame([{"file": "a.md", "quotable": False}]),
        "statements": pd.DataFrame(columns=["file", "text", "sources"]),
        "profiles": pd.DataFrame(
            {
                "file": ["a.yaml", "b.yaml"],
                "distinctive": [nan, nan],
                "distinctive_sources": [nan, nan],
            }
        ),  # fmt: skip
    }
    assert tables["profiles"]["distinctive"].dtype == "float64"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert statement_quote_findings(tables, []) == []
