"""The tests' PDF reader (tests/support/pdf_text.py) keeps a page's text operations, in order,
and leaves out its drawings."""

from __future__ import annotations

from tests.support.pdf_text import text_operations


def test_only_text_operations_are_kept_in_their_order() -> None:
    stream = (
        b"q 1 0 0 -1 42.5 800 cm /c0 cs 0.3 0.4 0.5 scn /Span<</MCID 0>>BDC\n"
        b"BT /f0 7.6 Tf 1 0 0 -1 0 0 Tm [(a\\)b)34(c (10 20 m) d)]TJ ET EMC\n"
        b"10 20 m 30 40 l 1 2 3 4 5 6 c h f [3 2] 0 d 0 0 10 10 re W n\n"
        b"BT 2 Tc (x re f) Tj 0 -12 TD (y) ' 1 2 (z) \" T* ET /Fm1 Do Q"
    )
    assert (
        text_operations(stream).split()
        == (
            b"q 1 0 0 -1 42.5 800 cm BT /f0 7.6 Tf 1 0 0 -1 0 0 Tm [(a\\)b)34(c (10 20 m) d)]TJ"
            b" ET BT 2 Tc (x re f) Tj 0 -12 TD (y) ' 1 2 (z) \" T* ET /Fm1 Do Q"
        ).split()
    )


def test_an_inline_image_and_what_follows_are_kept_as_they_are() -> None:
    stream = b"1 2 m BT (a) Tj ET BI /W 1 /H 1 ID \x00(\xff] EI 3 4 l"
    assert text_operations(stream) == b" BT\n (a) Tj\n ET\n BI /W 1 /H 1 ID \x00(\xff] EI 3 4 l"
