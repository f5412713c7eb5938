"""Dutch house style in generated text: a missing value is blank, counts up to twenty are words."""

from __future__ import annotations

from evaltools.round.dutch import count_word, counted, text_or_blank


def test_a_missing_value_is_blank_text() -> None:
    assert [text_or_blank(v) for v in (None, float("nan"), "tint smm", 3)] == [
        "",
        "",
        "tint smm",
        "3",
    ]


def test_counts_up_to_twenty_are_words_with_the_right_noun() -> None:
    assert counted(1, "systeemhub", "systeemhubs") == "één systeemhub"
    assert counted(2, "kennissessie", "kennissessies") == "twee kennissessies"
    assert counted(0, "systeemhub", "systeemhubs") == "geen systeemhubs"
    assert counted(19, "doel", "doelen") == "negentien doelen"
    assert counted(21, "doel", "doelen") == "21 doelen"
    assert count_word(20) == "twintig" and count_word(21) == "21"
