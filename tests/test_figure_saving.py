"""Saving a figure draws it once per format (issue 13: CPU of the per-hub notebook runs)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt

from evaltools.analysis.figures import HOUSE_STYLE
from evaltools.io.figures import PNG_DPI, save_figure


def test_a_tight_layout_figure_is_drawn_once_per_format(tmp_path: Path) -> None:
    """``tight_layout`` leaves a layout engine that made each savefig draw the figure twice."""
    figure, axes = plt.subplots(figsize=(4.2, 3.1))
    axes.plot([1, 2, 3], [2, 4, 3], marker="o")
    axes.set_yticks([2, 3, 4], labels=["Twee", "Drie", "Vier"])
    figure.tight_layout()
    draws = []
    draw = figure.draw
    figure.draw = lambda renderer: draws.append(type(renderer).__name__) or draw(renderer)
    save_figure(figure, tmp_path / "profiel", "Alt")
    assert draws == ["MixedModeRenderer", "RendererAgg"]  # SVG, then PNG


def test_the_saved_files_do_not_depend_on_the_layout_engine_left_by_tight_layout(
    tmp_path: Path,
) -> None:
    """Same bytes as savefig with the engine in place (the extra draw changed nothing)."""

    def made() -> plt.Figure:
        figure, axes = plt.subplots(figsize=(4.2, 3.1))
        axes.plot([1, 2, 3], [2, 4, 3], marker="o")
        axes.set_title("Profiel")
        figure.tight_layout()
        return figure

    svg, png, _ = save_figure(made(), tmp_path / "nieuw", "Alt")
    figure = made()
    with plt.rc_context(HOUSE_STYLE):
        figure.savefig(tmp_path / "oud.svg", format="svg", metadata={"Date": None})
        figure.savefig(tmp_path / "oud.png", format="png", dpi=PNG_DPI, metadata={"Software": None})
    plt.close(figure)
    assert svg.read_bytes() == (tmp_path / "oud.svg").read_bytes()
    assert png.read_bytes() == (tmp_path / "oud.png").read_bytes()
