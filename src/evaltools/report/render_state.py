"""What one render shares between its steps.

The round's build, the privacy gate, the embedded notebook outputs, the parts' names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evaltools.privacy.scan import NameKey
from evaltools.report.files import (
    NOTEBOOKS,
    notebook_cell_ids,
    notebook_outputs,
)
from evaltools.report.quarto import (
    fill_text_slots,
)
from evaltools.report.render_cache import RenderCache
from evaltools.report.render_jobs import Steps

SOURCES_PART = "bronnen.md"
# The Div that holds the Bronnen appendix's place while the report is read (see read_report)
SOURCES_STAND_IN = "evaltools-bronnenbijlage"
# Where a leak is looked for first: the files a consultant edits to solve it.
LOCATE_ORDER = ("/beoordeling/", "/teksten/", "/round.yaml", "/interviews/", "/zelfevaluaties/")
# Once per edition, into pandoc's JSON tree (after edition.lua): what no format changes.
EDITION_FILTERS = ("leeswijzer.lua", "sources.lua", "crossref.lua")
# The review edition's cross-reference labels (id -> "tabel 12"), written by crossref.lua
# into the render's staging folder: the notebook pages link to the report with them.
LABELS = "verwijzingen.json"
# Once per format, on that tree: images into the media bag, callouts, notebook links, quotes
# and dates.
FORMAT_FILTERS = ("media.lua", "formats.lua", "notebooks.lua", "typography.lua")


@dataclass(frozen=True)
class Build:
    """What the formats of one render share."""

    root: Path
    round_id: str
    tree: Path
    metadata: dict
    epoch: int
    notebooks: list
    views: str
    steps: Steps
    cache: RenderCache
    # the words of the round's names that the PDF never hyphenates (unbreakable_words)
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrivacyGate:
    """What the last privacy check needs: the names key, the tables and the inputs' text."""

    key: NameKey | None
    tables: dict
    inputs: list


class Embeds:
    """Resolves ``{{< embed notebooks/<nb>.ipynb#<label> >}}`` from the round's notebooks.

    The output is framed by two empty marker divs that carry the link to the cell in the
    notebook's HTML page; ``filters/notebooks.lua`` turns them into a link under each table
    and figure (HTML) and removes them (every format).
    """

    def __init__(
        self,
        tree: Path,
        texts: dict[str, str],
        views: str,
        notes: dict[str, list[str]] | None = None,
    ) -> None:
        self.tree, self.texts, self.views = tree, texts, views
        self.used: dict[str, set[str]] = {}
        self.notes = notes or {}
        """Per cell label: paragraphs under its output (the reasons of accepted findings)."""

    def __call__(self, notebook: str, label: str) -> str | None:
        path = self.tree / notebook
        if not notebook.startswith(f"{NOTEBOOKS}/") or not path.is_file():
            return None
        output = notebook_outputs(path).get(label)
        if output is None:
            return None
        self.used.setdefault(notebook, set()).add(label)
        href = f"{self.views}/{path.stem}.html#{notebook_cell_ids(path)[label]}"
        return (
            f'::: {{.notebook-cell href="{href}" notebook="{path.name}"}}\n:::\n\n'
            + fill_text_slots(output, self.texts).rstrip("\n")
            + "\n\n::: {.notebook-cell-end}\n:::\n"
            + "".join(f"\n{note}" for note in self.notes.get(label, []))
        )
