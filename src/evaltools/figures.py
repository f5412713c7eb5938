"""Figures in one house style: Dutch labels, readable in grayscale, byte-stable SVG and PDF."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

HOUSE_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "evaltools",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
}


def score_heatmap(
    scores: pd.DataFrame,
    self_scores: pd.DataFrame,
    hubs: pd.DataFrame,
    criteria: pd.DataFrame,
    max_score: int,
) -> Figure:
    """Hubs x criteria: consultants' score as shade and number, the self-score in brackets."""
    taking_part = hubs[hubs["status"] == "deelnemend"]
    grid = scores.pivot(index="hub", columns="criterion", values="score").reindex(
        index=taking_part["hub"], columns=criteria["criterion"]
    )
    own = (
        self_scores.pivot(index="hub", columns="criterion", values="self_score").reindex(
            index=grid.index, columns=grid.columns
        )
        if not self_scores.empty
        else None
    )
    with plt.style.context(HOUSE_STYLE):
        figure, axes = plt.subplots(figsize=(7.0, 0.45 * len(grid) + 1.6))
        axes.imshow(
            grid.to_numpy(dtype=float), cmap="Greys", vmin=0, vmax=max_score + 1.5, aspect="auto"
        )
        for row in range(grid.shape[0]):
            for column in range(grid.shape[1]):
                value = grid.iat[row, column]
                text = "–" if pd.isna(value) else f"{int(value)}"
                if own is not None and not pd.isna(own.iat[row, column]):
                    text += f" ({int(own.iat[row, column])})"
                axes.text(column, row, text, ha="center", va="center", color="black")
        axes.set_xticks(range(grid.shape[1]), labels=_wrap_labels(criteria["name"]), fontsize=8)
        axes.set_yticks(range(grid.shape[0]), labels=taking_part["label"])
        axes.tick_params(length=0)
        axes.set_title("Score per criterium (tussen haakjes: zelfscore van de Technohub)")
        figure.tight_layout()
    return figure


def _wrap_labels(names: pd.Series) -> list[str]:
    return ["\n".join(_halves(name)) for name in names]


def _halves(name: str) -> list[str]:
    words = name.split()
    if len(words) < 3:
        return [name]
    middle = (len(words) + 1) // 2
    return [" ".join(words[:middle]), " ".join(words[middle:])]
