"""Figures of the analysis under analyse/figures (the report embeds the notebooks' text)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from evaltools.analyse.figure_files import save_figure


def write_figure(out_dir: Path, name: str, figure: Figure, alt_text: str) -> list[Path]:
    """Write a figure under analyse/figures (SVG, PNG and its alt text)."""
    return save_figure(figure, Path(out_dir) / "figures" / name, alt_text)


def write_figure_parts(
    out_dir: Path, name: str, figures: list[Figure], alt_texts: list[str]
) -> list[Path]:
    """Write the parts of a figure (``analysis.figures.split_rows``): ``name`` when there is one,
    ``name-1``, ``name-2`` … when there are more; return the SVG paths."""
    names = [name] if len(figures) == 1 else [f"{name}-{i}" for i in range(1, len(figures) + 1)]
    return [
        write_figure(out_dir, part, figure, alt)[0]
        for part, figure, alt in zip(names, figures, alt_texts, strict=True)
    ]
