"""Save figures as byte-stable SVG (HTML) and PDF (Typst, print)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from evaltools.analysis.figures import HOUSE_STYLE


def save_figure(figure: Figure, stem: Path, alt_text: str) -> list[Path]:
    """Write ``stem``.svg and ``stem``.pdf without dates, and ``stem``.alt.txt with the alt text."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".svg"), stem.with_suffix(".pdf")]
    with plt.rc_context(HOUSE_STYLE):
        figure.savefig(paths[0], format="svg", metadata={"Date": None})
        figure.savefig(paths[1], format="pdf", metadata={"CreationDate": None, "ModDate": None})
    alt = stem.with_suffix(".alt.txt")
    alt.write_text(alt_text.strip() + "\n", encoding="utf-8")
    plt.close(figure)
    return [*paths, alt]
