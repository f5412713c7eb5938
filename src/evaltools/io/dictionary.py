"""The Dutch dictionary of the spell check (Debian's hunspell-nl, read with spylls)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

from evaltools.inputs.problems import InvalidRound, Problem

HUNSPELL_NL = Path("/usr/share/hunspell/nl")


@cache
def dutch_dictionary(base: Path = HUNSPELL_NL) -> Callable[[str], bool]:
    """``known(word)``: does the Dutch hunspell dictionary accept the word (cached per word)?"""
    from spylls.hunspell import Dictionary

    if not base.with_suffix(".dic").is_file():
        raise InvalidRound(
            [
                Problem(
                    str(base.with_suffix(".dic")),
                    "",
                    "woordenboek",
                    "geen Nederlands woordenboek",
                    "het pakket hunspell-nl (apt-get install hunspell-nl)",
                )
            ]
        )
    dictionary = Dictionary.from_files(str(base))
    return lru_cache(maxsize=None)(dictionary.lookup)


def read_round_word_list(raw_dir: Path, name: str) -> str:
    """The round's word list (names, jargon), or '' when the round has none."""
    path = Path(raw_dir) / name
    return path.read_text(encoding="utf-8") if path.is_file() else ""
