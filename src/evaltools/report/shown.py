"""Tables and lists as a notebook page shows them: written like the report's, not as pandas
prints a frame (English column names, an index, NaN, None, True/False).

A notebook writes its frames as CSV for the analysis (``write_table``) and shows them with
:func:`shown_table`: Dutch headers (only the columns named), numbers with a decimal comma,
"–" where there is no value, "ja"/"nee" for yes and no, input text escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from evaltools.report.markdown import escape
from evaltools.round import dutch
from evaltools.round.errors import EvaltoolsError

NO_VALUE = "–"


class ShownTableError(EvaltoolsError, KeyError):
    """A column to show that the frame does not have (a mistake in a notebook)."""


def cell_text(value: Any, decimals: int = 2) -> str:
    """One value as the report writes it: '–' for none, 'ja'/'nee', '1.200', '3,17', text."""
    if isinstance(value, (bool, np.bool_)):
        return "ja" if value else "nee"
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return NO_VALUE
    if isinstance(value, (int, np.integer)):
        return dutch.number(int(value), 0)
    if isinstance(value, (float, np.floating, Fraction, Decimal)):
        text = dutch.number(
            value if isinstance(value, (Fraction, Decimal)) else float(value), decimals
        )
        return text.rstrip("0").rstrip(",") if "," in text else text  # 2,5 not 2,50
    text = str(value)
    return escape(text) if text.strip() else NO_VALUE


def shown_table(
    frame: pd.DataFrame,
    headers: Mapping[str, str],
    *,
    index: str | None = None,
    formats: Mapping[str, Callable[[Any], str]] | None = None,
) -> str:
    """``frame`` as a Markdown table with the columns of ``headers`` (column -> Dutch header),
    in that order; with ``index`` (its header) the frame's index is the first column.

    ``formats`` gives a column its own wording (e.g. ``euro``); its text is escaped too.
    """
    if frame.empty:
        return "Geen rijen.\n"
    missing = [column for column in headers if column not in frame.columns]
    if missing:
        raise ShownTableError(
            f"De tabel heeft geen kolom {', '.join(missing)}; kies uit "
            f"{', '.join(map(str, frame.columns))}."
        )
    formats = formats or {}
    names = ([index] if index is not None else []) + list(headers.values())
    lines = [
        "| " + " | ".join(escape(name) for name in names) + " |",
        "|" + "---|" * len(names),
    ]
    for label, row in frame.iterrows():
        cells = [cell_text(label)] if index is not None else []
        for column in headers:
            value = row[column]
            shown = formats.get(column)
            cells.append(escape(shown(value)) if shown is not None else cell_text(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def shown_list(items: Iterable[Any], empty: str) -> str:
    """``items`` as a Markdown list (each escaped), or the sentence ``empty`` if there are none."""
    lines = [f"- {escape(str(item))}" for item in items]
    return "\n".join(lines) + "\n" if lines else escape(empty) + "\n"


def show_figure(path: Any, alt: str) -> None:
    """Show an SVG figure in the notebook with its alt text (the page's image description)."""
    from IPython.display import SVG, display

    display(SVG(filename=str(path)), metadata={"image/svg+xml": {"alt": alt}})
