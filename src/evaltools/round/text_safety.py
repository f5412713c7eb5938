"""Text from the inputs that a terminal or a report would show as something else.

Control characters and terminal escapes (ESC sequences that clear a screen or set a window
title), bidirectional overrides (text shown reversed) and characters of zero width (a name
that looks like another) never belong in a round's ids, names or statements: the schema
refuses them (``round.models``), and every message that shows input text shows them escaped
(``printable``), so that printing a message never acts on the terminal.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b-\u200d\u2060-\u2064\ufeff"
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
UNSAFE = re.compile(f"[{_CONTROLS}{_BIDI}{_ZERO_WIDTH}]")
"""Characters refused in names and statements: controls (tab and line end excepted), bidi
marks and overrides, zero-width characters, line and paragraph separators."""
_SHOWN_ESCAPED = re.compile(f"[\r{_CONTROLS}{_BIDI}{_ZERO_WIDTH}]")


def code(character: str) -> str:
    """A character as a consultant can look it up: ``U+202E``."""
    return f"U+{ord(character):04X}"


def _kind(character: str) -> str:
    if re.fullmatch(f"[{_BIDI}]", character):
        return "richtingsteken"
    if re.fullmatch(f"[{_ZERO_WIDTH}]", character):
        return "teken zonder breedte"
    return "stuurteken"


def unsafe_characters(text: str) -> str:
    """The unsafe characters of ``text`` as a message names them, or '' when there are none:
    ``een richtingsteken (U+202E)``."""
    found = list(dict.fromkeys(UNSAFE.findall(text)))
    return ", ".join(f"een {_kind(c)} ({code(c)})" for c in found)


def printable(text: str) -> str:
    """``text`` for a terminal or a message: every unsafe character (and a carriage return)
    written as ``<U+001B>``; line ends and tabs stay."""
    return _SHOWN_ESCAPED.sub(lambda match: f"<{code(match.group())}>", text)
