"""The prefilter before the phonenumbers matcher skips only texts it could find nothing in."""

from __future__ import annotations

import re

import phonenumbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from phonenumbers import phonenumbermatcher, phonenumberutil

from evaltools.privacy.scan import (
    _MATCHER_PUNCTUATION,
    PHONE_MATCHER_MIN_DIGITS,
    PHONE_MATCHER_MIN_DIGITS_PLUS,
    PHONE_REGION,
    _matcher_may_find,
    _written_as_phone,
    phone_numbers,
)


def _matcher(text: str) -> list[tuple[int, str]]:
    """What the library finds, asked without any prefilter."""
    found = phonenumbers.PhoneNumberMatcher(
        text, PHONE_REGION, leniency=phonenumbers.Leniency.VALID
    )
    return [(match.start, match.raw_string) for match in found]


def _metadata():
    regions = [
        phonenumbers.PhoneMetadata.metadata_for_region(r) for r in phonenumberutil.SUPPORTED_REGIONS
    ]
    other = [
        phonenumbers.PhoneMetadata.metadata_for_nongeo_region(c)
        for c in phonenumberutil.COUNTRY_CODES_FOR_NON_GEO_REGIONS
    ]
    return [m for m in regions + other if m is not None]


def _shortest(metadata) -> int:
    desc = metadata.general_desc
    return min([*desc.possible_length, *desc.possible_length_local_only])


def test_the_minimums_hold_for_the_library_metadata() -> None:
    """No valid number of our region has fewer digits, nor one with a country code."""
    home = phonenumbers.PhoneMetadata.metadata_for_region(PHONE_REGION)
    assert _shortest(home) >= PHONE_MATCHER_MIN_DIGITS
    shortest_international = min(len(str(m.country_code)) + _shortest(m) for m in _metadata())
    assert shortest_international >= PHONE_MATCHER_MIN_DIGITS_PLUS
    # without a plus, a foreign number needs our region's prefix for abroad (two digits more)
    assert len(home.international_prefix) + shortest_international >= PHONE_MATCHER_MIN_DIGITS


def test_the_prefilter_knows_the_matchers_punctuation() -> None:
    """Every character the matcher allows between digits the prefilter allows too, and the
    matcher allows at most four of them in a row."""
    theirs = re.compile(f"[{phonenumberutil._VALID_PUNCTUATION}]")
    ours = re.compile(f"[{_MATCHER_PUNCTUATION}]")
    allowed = [chr(n) for n in range(0x10000) if theirs.fullmatch(chr(n))]
    assert len(allowed) > 20
    assert all(ours.fullmatch(char) for char in allowed)
    assert phonenumbermatcher._PUNCTUATION_LIMIT == "{0,4}"


_PIECES = [
    *"0123456789",
    *"0612345678",
    " ",
    "  ",
    "-",
    "\u2013",
    ".",
    "/",
    "(",
    ")",
    "(0)",
    "+",
    "\uff0b",
    "+31",
    "+49",
    "+1",
    "00",
    "0031",
    "x",
    "\n",
    "\u00a0",
    "\uff12",
    "a",
    "Tel. ",
    " ext. ",
    "score ",
]


def _formatted(number: phonenumbers.PhoneNumber, style: int, separator: str) -> str:
    text = phonenumbers.format_number(number, style)
    return text.replace(" ", separator).replace("-", separator)


_REGIONS = sorted(phonenumberutil.SUPPORTED_REGIONS)


@st.composite
def _real_numbers(draw) -> str:
    """An example number of a region, written in one of the usual ways."""
    region = draw(st.sampled_from(["NL", "NL", "DE", "BE", "GB", *_REGIONS]))
    kind = draw(st.sampled_from([0, 1, 2, 3, 4, 5, 8, 9]))
    number = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(
        region
    )
    if number is None:
        return ""
    style = draw(
        st.sampled_from(
            [
                phonenumbers.PhoneNumberFormat.NATIONAL,
                phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                phonenumbers.PhoneNumberFormat.E164,
            ]
        )
    )
    return _formatted(number, style, draw(st.sampled_from([" ", "-", ".", "", "\u2013", "  "])))


_TEXTS = st.lists(
    st.one_of(st.sampled_from(_PIECES), _real_numbers(), st.text(max_size=3)), max_size=30
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_the_prefilter_never_skips_a_text_the_matcher_finds_a_number_in(text: str) -> None:
    if _matcher(text):
        assert _matcher_may_find(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_phone_numbers_find_what_they_found_without_the_prefilter(text: str) -> None:
    """The result equals our pattern's hits plus every number the unfiltered matcher finds."""
    found = dict(phone_numbers(text))
    for start, raw in _matcher(text):
        covered = any(s <= start < s + len(f) for s, f in found.items())
        assert covered or not _written_as_phone(raw), (text, raw)


@given(_real_numbers())
@settings(max_examples=200, deadline=None)
def test_real_numbers_pass_the_prefilter(number: str) -> None:
    if _matcher(f"Bel {number} gerust."):
        assert _matcher_may_find(f"Bel {number} gerust.")


def test_texts_without_a_run_of_digits_are_skipped() -> None:
    for text in ("3.3.9", "Ronde 2026", "4 4 3 2", "hoofdstuk 12", "12 (34)"):
        assert not _matcher_may_find(text), text
    for text in ("06-12345678", "+49 30 1234", "030 123 45 67", "(030) 1234567"):
        assert _matcher_may_find(text), text
