"""Figures in one house style: Dutch labels, readable in grayscale, byte-stable SVG and PNG."""

from __future__ import annotations

from typing import Any

import matplotlib

from evaltools.round.programme import Unit, unit_of

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from evaltools.analyse.changes import RETURNED  # noqa: E402
from evaltools.tools.fonts import register_chart_fonts  # noqa: E402

# Charts use the report's typeface, so that figure text matches the running text.
HOUSE_STYLE: dict[str, Any] = {
    "font.family": register_chart_fonts(),
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "evaltools",
    "svg.fonttype": "path",
}

# A figure with a row per hub is split into parts of at most this many rows, each one page:
# at 100 hubs the heatmap is four figures of 25 rows, each with its column labels.
ROWS_PER_PART = 25
# Tallest figure (inches, at its 6.8-inch drawing width) that fits an A4 text area (24,7 cm
# high, 16,4 cm wide) at text width with its caption; rows get lower rather than overflow.
MAX_FIGURE_HEIGHT = 9.3


def split_rows(count: int, limit: int = ROWS_PER_PART) -> list[range]:
    """``count`` rows in as few parts as needed, each at most ``limit`` rows, sizes within one
    of each other (30 rows: 15 + 15, not 25 + 5); one part when they fit."""
    parts = max(1, -(-count // limit))
    size, extra = divmod(count, parts)
    ranges, start = [], 0
    for index in range(parts):
        stop = start + size + (1 if index < extra else 0)
        ranges.append(range(start, stop))
        start = stop
    return ranges


def _height(rows: int, per_row: float, fixed: float) -> float:
    """Figure height for ``rows`` rows: ``per_row`` each, lower when that would not fit a page."""
    return min(per_row * rows + fixed, MAX_FIGURE_HEIGHT) if rows else fixed


def taking_part_parts(hubs: pd.DataFrame, limit: int = ROWS_PER_PART) -> list[pd.DataFrame]:
    """The taking-part hubs (configuration order) in the parts of a figure with a row per hub."""
    taking_part = hubs[hubs["status"] == "deelnemend"]
    return [taking_part.iloc[list(part)] for part in split_rows(len(taking_part), limit)]


def score_heatmaps(
    scores: pd.DataFrame,
    self_scores: pd.DataFrame,
    hubs: pd.DataFrame,
    criteria: pd.DataFrame,
    max_score: int,
    threshold: int = 2,
    limit: int = ROWS_PER_PART,
) -> list[Figure]:
    """:func:`score_heatmap` in parts of at most ``limit`` hubs (see :func:`taking_part_parts`),
    each a complete figure with its column labels and key; one figure when all hubs fit."""
    return [
        score_heatmap(scores, self_scores, part, criteria, max_score, threshold)
        for part in taking_part_parts(hubs, limit)
    ]


def score_heatmap(
    scores: pd.DataFrame,
    self_scores: pd.DataFrame,
    hubs: pd.DataFrame,
    criteria: pd.DataFrame,
    max_score: int,
    threshold: int = 2,
) -> Figure:
    """Hubs x criteria: consultants' score as shade and number, the self-score in brackets.

    A cell where the two differ by ``threshold`` or more gets a heavy black frame.
    """
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
        figure, axes = plt.subplots(figsize=(6.8, _height(len(grid), 0.42, 1.9)))
        axes.imshow(
            grid.to_numpy(dtype=float), cmap="Greys", vmin=0, vmax=max_score + 1, aspect="auto"
        )
        for row in range(grid.shape[0]):
            for column in range(grid.shape[1]):
                value = grid.iat[row, column]
                text = "–" if pd.isna(value) else f"{int(value)}"
                mine = None if own is None else own.iat[row, column]
                if mine is not None and not pd.isna(mine):
                    text += f" ({int(mine)})"
                    if not pd.isna(value) and abs(int(mine) - int(value)) >= threshold:
                        axes.add_patch(
                            Rectangle(
                                (column - 0.46, row - 0.44),
                                0.92,
                                0.88,
                                fill=False,
                                edgecolor="black",
                                linewidth=2.2,
                            )
                        )
                dark = not pd.isna(value) and value >= max_score
                axes.text(
                    column,
                    row,
                    text,
                    ha="center",
                    va="center",
                    color="white" if dark else "black",
                    fontweight="bold" if dark else "normal",
                )
        axes.set_xticks(range(grid.shape[1]), labels=_wrap_labels(criteria["name"]), fontsize=8)
        plt.setp(axes.get_xticklabels(), rotation=30, ha="right", rotation_mode="anchor")
        axes.set_yticks(range(grid.shape[0]), labels=taking_part["label"])
        axes.tick_params(length=0)
        for side in ("left", "bottom"):
            axes.spines[side].set_visible(False)
        # The caption names the figure; below it only the key to the frames (no title).
        figure.tight_layout(rect=(0, 0.05, 1, 1))
        figure.text(
            0.01,
            0.01,
            f"Kader: de zelfscore wijkt {threshold} of meer af van de score van de consultants.",
            fontsize=8,
        )
    return figure


def hub_profile(
    scores: pd.DataFrame,
    self_scores: pd.DataFrame,
    criteria: pd.DataFrame,
    hub: str,
    levels: list[str],
    unit: Unit | None = None,
) -> Figure:
    """One hub per criterion: the consultants' score (black dot) and its self-score (open square).

    ``levels`` are the rubric's level names from 1 up; they label the score axis.
    """
    u = unit_of(unit)
    mine = scores[scores["hub"] == hub].set_index("criterion")["score"]
    own = (
        self_scores[self_scores["hub"] == hub].set_index("criterion")["self_score"]
        if not self_scores.empty
        else pd.Series(dtype=float)
    )
    names = list(criteria["criterion"])
    positions = list(range(len(names)))[::-1]  # first criterion on top
    with plt.style.context(HOUSE_STYLE):
        figure, axes = plt.subplots(figsize=(4.6, 0.36 * len(names) + 1.25))
        for y, criterion in zip(positions, names, strict=True):
            score = mine.get(criterion)
            self_score = own.get(criterion)
            if _present(score) and _present(self_score):
                axes.plot([score, self_score], [y, y], color="0.6", linewidth=1.5, zorder=1)
        axes.scatter(
            [own.get(c) for c in names if _present(own.get(c))],
            [y for y, c in zip(positions, names, strict=True) if _present(own.get(c))],
            marker="s",
            s=95,
            facecolor="white",
            edgecolor="black",
            linewidth=1.2,
            zorder=2,
            label=f"Zelfscore van {u.the}",
        )
        axes.scatter(
            [mine.get(c) for c in names if _present(mine.get(c))],
            [y for y, c in zip(positions, names, strict=True) if _present(mine.get(c))],
            marker="o",
            s=38,
            color="black",
            zorder=3,
            label="Score van de consultants",
        )
        axes.set_yticks(positions, labels=_wrap_labels(criteria["name"]), fontsize=8)
        axes.set_xticks(
            range(1, len(levels) + 1),
            labels=[f"{n}\n{name}" for n, name in enumerate(levels, start=1)],
            fontsize=7.5,
        )
        axes.set_xlim(0.6, len(levels) + 0.4)
        axes.set_ylim(-0.6, len(names) - 0.4)
        axes.grid(axis="x", color="0.85", linewidth=0.8)
        axes.set_axisbelow(True)
        axes.tick_params(length=0)
        axes.spines["left"].set_visible(False)
        axes.legend(
            loc="lower center",
            bbox_to_anchor=(0.4, 1.0),
            ncol=2,
            frameon=False,
            fontsize=8,
            handletextpad=0.3,
            columnspacing=1.2,
        )
        figure.tight_layout()
    return figure


TierRow = tuple[str, float, int]
"""(hub label, mean score, tier) of a row of the tier figure; a blank label separates tiers."""


def tier_rows(hub_table: pd.DataFrame) -> list[TierRow]:
    """Rows of the tier figure: hubs by tier (highest first), best mean first, a blank row
    between tiers."""
    rows: list[TierRow] = []
    for tier in sorted(hub_table["tier"].unique(), reverse=True):
        group = hub_table[hub_table["tier"] == tier].dropna(subset=["mean"])
        group = group.assign(_m=group["mean"].astype(float)).sort_values(
            "_m", ascending=False, kind="stable"
        )
        rows += [("", float("nan"), tier)] if rows else []
        rows += [(r.label, float(r.mean), tier) for r in group.itertuples()]
    return rows


def tier_row_parts(hub_table: pd.DataFrame, limit: int = ROWS_PER_PART) -> list[list[TierRow]]:
    """:func:`tier_rows` in parts of at most ``limit`` rows (one part while the hubs number at
    most ``limit``); a part neither starts nor ends with the blank row between tiers."""
    rows = tier_rows(hub_table)
    if sum(1 for row in rows if row[0]) <= limit:
        return [rows]  # the blank rows between tiers do not count
    parts = [rows[part.start : part.stop] for part in split_rows(len(rows), limit)]
    trimmed = []
    for part in parts:
        while part and not part[0][0]:
            part = part[1:]
        while part and not part[-1][0]:
            part = part[:-1]
        trimmed.append(part)
    return [part for part in trimmed if part] or [[]]


def tier_score_figures(
    hub_table: pd.DataFrame,
    comparison: pd.DataFrame,
    max_score: int,
    limit: int = ROWS_PER_PART,
    currency: str = "€",
) -> list[Figure]:
    """:func:`tier_scores` in parts of at most ``limit`` rows (one figure when all fit)."""
    tiers = sorted(hub_table["tier"].unique(), reverse=True)
    return [
        tier_scores(hub_table, comparison, max_score, rows=part, tiers=tiers, currency=currency)
        for part in tier_row_parts(hub_table, limit)
    ]


def tier_scores(
    hub_table: pd.DataFrame,
    comparison: pd.DataFrame,
    max_score: int,
    rows: list[TierRow] | None = None,
    tiers: list[int] | None = None,
    currency: str = "€",
) -> Figure:
    """Mean score per hub, grouped by subsidy tier (highest first), with each group's mean.

    Markers differ per tier (filled / open), so the figure also reads in grayscale. ``rows``
    (a part from :func:`tier_row_parts`) draws only those hubs; ``tiers`` are all the tiers
    of the round, so that a tier keeps its marker in every part.
    """
    from evaltools.round.dutch import euro, fixed

    markers = [("o", "black"), ("D", "white"), ("s", "0.5"), ("^", "white")]
    tiers = tiers if tiers is not None else sorted(hub_table["tier"].unique(), reverse=True)
    rows = tier_rows(hub_table) if rows is None else rows
    spans: dict[int, tuple[int, int]] = {}
    for index, row in enumerate(rows):
        if row[0]:
            first, _ = spans.get(row[2], (index, index))
            spans[row[2]] = (first, index)
    shown = [tier for tier in tiers if tier in spans]
    y = list(range(len(rows)))[::-1]
    with plt.style.context(HOUSE_STYLE):
        figure, axes = plt.subplots(figsize=(6.2, _height(len(rows), 0.32, 1.3)))
        for tier in shown:
            marker, face = markers[tiers.index(tier) % len(markers)]
            points = [
                (y[i], rows[i][1]) for i in range(len(rows)) if rows[i][2] == tier and rows[i][0]
            ]
            axes.scatter(
                [p[1] for p in points],
                [p[0] for p in points],
                marker=marker,
                s=46,
                facecolor=face,
                edgecolor="black",
                linewidth=1.1,
                zorder=3,
                label=f"Bijdrage {euro(tier, currency)}",
            )
            first, last = spans[tier]
            mean = float(comparison.set_index("tier").at[tier, "mean"])
            axes.plot(
                [mean, mean],
                [y[first] + 0.4, y[last] - 0.4],
                color="black",
                linestyle=(0, (4, 2)),
                linewidth=1.0,
                zorder=2,
            )
            axes.text(
                mean,
                y[first] + 0.45,
                f"gemiddeld {fixed(mean)}",
                ha="center",
                va="bottom",
                fontsize=7.5,
            )
            for i in range(first, last + 1):
                axes.text(rows[i][1] + 0.09, y[i], fixed(rows[i][1]), va="center", fontsize=7.5)
        axes.set_yticks(y, labels=[r[0] for r in rows])
        axes.set_xticks(range(1, max_score + 1))
        axes.set_xlim(1, max_score)
        axes.set_ylim(-0.7, len(rows) - 0.1)
        axes.set_xlabel(f"Gemiddelde score van de consultants over alle criteria (1–{max_score})")
        axes.grid(axis="x", color="0.88", linewidth=0.8)
        axes.set_axisbelow(True)
        axes.tick_params(axis="y", length=0)
        axes.spines["left"].set_visible(False)
        axes.legend(
            loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=len(shown), frameon=False, fontsize=8
        )
        figure.tight_layout()
    return figure


def _present(value) -> bool:
    return value is not None and not pd.isna(value)


def _wrap_labels(names: pd.Series) -> list[str]:
    return ["\n".join(_halves(name)) for name in names]


def _halves(name: str) -> list[str]:
    words = name.split()
    if len(words) < 3:
        return [name]
    middle = (len(words) + 1) // 2
    return [" ".join(words[:middle]), " ".join(words[middle:])]


def change_hub_parts(changes: pd.DataFrame, limit: int = ROWS_PER_PART) -> list[pd.DataFrame]:
    """The rows of ``changes`` (``analysis.changes.score_changes``) in the parts of the grid:
    the hubs in their order, in parts of at most ``limit`` (see :func:`split_rows`)."""
    hubs = list(dict.fromkeys(changes["hub"]))
    return [
        changes[changes["hub"].isin([hubs[i] for i in part])]
        for part in split_rows(len(hubs), limit)
    ]


def label_spans(parts: list[pd.DataFrame]) -> list[tuple[str, str]]:
    """The first and last row label (``label`` column) of each part; blank for an empty part."""
    return [(p["label"].iloc[0], p["label"].iloc[-1]) if len(p) else ("", "") for p in parts]


def score_change_grids(
    changes: pd.DataFrame, criteria: pd.DataFrame, limit: int = ROWS_PER_PART
) -> list[Figure]:
    """:func:`score_change_grid` in parts of at most ``limit`` hubs (:func:`change_hub_parts`),
    each a complete figure with its column labels and key; one figure when all hubs fit."""
    return [score_change_grid(part, criteria) for part in change_hub_parts(changes, limit)]


def score_change_grid(changes: pd.DataFrame, criteria: pd.DataFrame) -> Figure:
    """Hubs x criteria since the previous round: each cell reads 'before → now'.

    Readable in greyscale without colour: a rise is a dark cell with ▲, a fall a white
    hatched cell with ▼, an unchanged score a light grey cell; a cell without a previous
    score stays white with a dash. ``changes`` comes from ``analysis.changes.score_changes``.
    A cell with only this round's score reads 'nieuw: 3', or 'weer terug: 3' for a hub that
    returns after a round away (its ``since``).
    """
    hubs = list(dict.fromkeys(changes["hub"]))
    returning = (
        set(changes.loc[changes["since"] == RETURNED, "hub"]) if "since" in changes else set()
    )
    labels = list(dict.fromkeys(changes["label"]))
    ids = list(criteria["criterion"])
    cells = changes.set_index(["hub", "criterion"])
    with plt.style.context(HOUSE_STYLE):
        figure, axes = plt.subplots(figsize=(6.8, _height(len(hubs), 0.42, 2.1)))
        for row, hub in enumerate(hubs):
            for column, criterion in enumerate(ids):
                # the cell's scores and change (table values), None without a row
                before: Any = None
                now: Any = None
                change: Any = None
                if (hub, criterion) in cells.index:
                    cell = cells.loc[(hub, criterion)]
                    before, now, change = cell["previous"], cell["current"], cell["change"]
                face, hatch, color, mark = "white", None, "black", ""
                if _present(change) and change > 0:
                    face, color, mark = "0.25", "white", "▲ "
                elif _present(change) and change < 0:
                    hatch, mark = "////", "▼ "
                elif _present(change):
                    face = "0.88"
                axes.add_patch(
                    Rectangle(
                        (column - 0.5, row - 0.5),
                        1,
                        1,
                        facecolor=face,
                        hatch=hatch,
                        edgecolor="0.55" if hatch else "white",
                        linewidth=0.6 if hatch else 1.5,
                    )
                )
                text = (
                    f"{mark}{int(before)} → {int(now)}"
                    if _present(before) and _present(now)
                    else (
                        "–"
                        if not _present(now)
                        else f"{'weer terug' if hub in returning else 'nieuw'}: {int(now)}"
                    )
                )
                axes.text(
                    column,
                    row,
                    text,
                    ha="center",
                    va="center",
                    color=color,
                    fontsize=8,
                    fontweight="bold" if mark else "normal",
                    bbox=(
                        {"facecolor": "white", "edgecolor": "none", "pad": 1.2} if hatch else None
                    ),
                )
        axes.set_xlim(-0.5, len(ids) - 0.5)
        axes.set_ylim(len(hubs) - 0.5, -0.5)
        axes.set_xticks(range(len(ids)), labels=_wrap_labels(criteria["name"]), fontsize=8)
        plt.setp(axes.get_xticklabels(), rotation=30, ha="right", rotation_mode="anchor")
        axes.set_yticks(range(len(hubs)), labels=labels)
        axes.tick_params(length=0)
        for side in ("left", "bottom"):
            axes.spines[side].set_visible(False)
        axes.set_title(
            "Score van de consultants: vorige ronde → deze ronde.\n"
            "▲ donker: hoger · ▼ gearceerd: lager · lichtgrijs: gelijk",
            loc="left",
            fontsize=9,
        )
        figure.tight_layout()
    return figure
