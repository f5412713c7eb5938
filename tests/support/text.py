"""Text as the tests compare it."""

from __future__ import annotations


def flat(text: str) -> str:
    """``text`` on one line, every run of white space one space."""
    return " ".join(text.split())
