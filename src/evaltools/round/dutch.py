"""Dutch notation of numbers for the report: decimal comma, thousands point, rounding half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeAlias

import pandas as pd

# What the functions below format: Python's numbers and numpy's (a numpy float is a float;
# pandas values are Any to the type checker). Not numbers.Real, which type checkers do not
# understand as a type (PEP 484, "The numeric tower") and which Decimal is not.
Numeric: TypeAlias = int | float | Decimal | Fraction

NUMBER_WORDS = (
    "nul",
    "één",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
    "twintig",
)

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
"""The months, for dates written out (1 maart 2026)."""

MINUS = "−"  # U+2212, the typographic minus


def rounded(value: Numeric, decimals: int = 0) -> Decimal:
    """``value`` rounded half up (2,5 -> 3, not banker's rounding to 2)."""
    quantum = Decimal(1).scaleb(-decimals)
    return _decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def _decimal(value: Numeric) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value))


def number(value: Numeric, decimals: int = 1) -> str:
    """12 -> '12', 1200 -> '1.200', 2.5 -> '2,5', 3.1666 -> '3,2' (at most ``decimals``)."""
    exact = rounded(value, decimals)
    places = 0 if exact == exact.to_integral_value() else decimals
    text = f"{abs(exact):,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return (MINUS if exact < 0 else "") + text


def fixed(value: Numeric, decimals: int = 1) -> str:
    """Always ``decimals`` places: 3 -> '3,0', 2.96 -> '3,0', 2.666 -> '2,7'."""
    exact = rounded(value, decimals)
    text = f"{abs(exact):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return (MINUS if exact < 0 else "") + text


def signed(value: Numeric, decimals: int = 1) -> str:
    """A change with its sign: 24 -> '+24', -2 -> '−2', 0 -> '0'."""
    text = number(value, decimals)
    return text if text.startswith(MINUS) or rounded(value, decimals) == 0 else "+" + text


def percent(fraction: Numeric, sign: bool = False) -> str:
    """A fraction as a whole percentage: 0.2727 -> '27%' (with ``sign``: '+27%')."""
    value = _decimal(fraction) * 100
    return (signed(value, 0) if sign else number(value, 0)) + "%"


CURRENCIES = ("€", "EUR")
"""The ways a round may write its amounts (round.yaml ``programma: valuta``)."""


def euro(amount: Numeric, currency: str = "€") -> str:
    """Whole euros, half up, the sign and a space before: 85312.5 -> '€ 85.313' (with
    ``currency`` 'EUR': 'EUR 85.313'); zero is '€ 0'."""
    if currency not in CURRENCIES:
        raise ValueError(f"currency {currency!r} is not one of {CURRENCIES}")
    return f"{currency} " + number(amount, 0)


def count_word(n: int) -> str:
    """Counts up to twenty as a word (nul to twintig, Dutch house style), larger ones as digits."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def counted(n: int, singular: str, plural: str) -> str:
    """A count with its noun in the right number: 'één systeemhub', 'twee kennissessies';
    none is 'geen systeemhubs' (never 'nul systeemhubs', nor 'Nul …' at a sentence start)."""
    if n == 0:
        return f"geen {plural}"
    return f"{count_word(n)} {singular if n == 1 else plural}"


def text_or_blank(value: object) -> str:
    """A table value as text; a missing value (None, NaN, NaT, pd.NA) is '' and never 'nan'."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    return str(value)


PRONOUNS = {
    "hij": ("hij", "hem", "zijn"),
    "zij": ("zij", "haar", "haar"),
    "het": ("het", "het", "zijn"),
}
"""Subject, object and possessive of the pronoun a round uses for one hub (round.yaml
``voornaamwoord``)."""


def pronoun_forms(pronoun: str) -> tuple[str, str, str]:
    """('hij', 'hem', 'zijn'), ('zij', 'haar', 'haar') or ('het', 'het', 'zijn')."""
    return PRONOUNS[pronoun]
