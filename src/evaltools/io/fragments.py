"""Figures of the analysis under analyse/figures (the report embeds the notebooks' text)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from evaltools.io.figures import save_figure


def write_figure(out_dir: Path, name: str, figure: Figure, alt_text: str) -> list[Path]:
    """Write a figure under analyse/figures (SVG, PDF and its alt text)."""
    return save_figure(figure, Path(out_dir) / "figures" / name, alt_text)
