"""Saving a figure draws it once (issue 13: CPU of the per-hub notebook runs): matplotlib draws
the SVG, Typst draws the PNG from it."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from evaltools.analyse.figure_files import PNG_DPI, save_figure
from evaltools.analyse.figures import HOUSE_STYLE


def _figure() -> plt.Figure:
    figure, axes = plt.subplots(figsize=(4.2, 3.1))
    axes.plot([1, 2, 3], [2, 4, 3], marker="o")
    axes.set_yticks([2, 3, 4], labels=["Twee", "Drie", "Vier"])
    axes.set_title("Profiel")
    figure.tight_layout()
    return figure


def test_a_tight_layout_figure_is_drawn_once(tmp_path: Path) -> None:
    """``tight_layout`` leaves a layout engine that made each savefig draw the figure twice;
    the PNG is drawn from the SVG, not by matplotlib."""
    figure = _figure()
    draws = []
    draw = figure.draw
    figure.draw = lambda renderer: draws.append(type(renderer).__name__) or draw(renderer)
    save_figure(figure, tmp_path / "profiel", "Alt")
    assert draws == ["MixedModeRenderer"]  # the SVG's


def test_the_svg_is_matplotlibs_and_the_png_the_same_picture(tmp_path: Path) -> None:
    """The SVG has the bytes of a plain savefig; the PNG shows what matplotlib's own PNG
    shows (same size, nearly the same pixels), at ``PNG_DPI``."""
    svg, png, _ = save_figure(_figure(), tmp_path / "nieuw", "Alt")
    figure = _figure()
    own = io.BytesIO()
    with plt.rc_context(HOUSE_STYLE):
        figure.savefig(tmp_path / "oud.svg", format="svg", metadata={"Date": None})
        figure.savefig(own, format="png", dpi=PNG_DPI)
    plt.close(figure)
    assert svg.read_bytes() == (tmp_path / "oud.svg").read_bytes()
    with Image.open(png) as made, Image.open(own) as reference:
        assert made.info["dpi"] == reference.info["dpi"]
        assert made.size == reference.size
        ours = np.asarray(made.convert("L"), dtype=float)
        theirs = np.asarray(reference.convert("L"), dtype=float)
    assert ours.min() == 0 and ours.max() == 255  # black lines on white, not an empty page
    # anti-aliasing differs at the edges only: a shifted or scaled picture differs far more
    assert np.abs(ours - theirs).mean() < 3
    assert (np.abs(ours - theirs) > 128).mean() < 0.01
