"""The limits of a round, declared once: what ``validate`` refuses, so that a build stays bounded.

A real round never comes near them (the sample round: 7 hubs, forms of about 6.000 characters
with at most 13 filled rows per sheet and 370 characters in the longest cell, ids of at most
18 characters); what a round at every limit at once needs is measured by
``scripts/benchmark_limits.py`` (the figures are in docs/benchmarks.md). Each limit says why it
is where it is; ``validate`` names the file, sheet and cell (or line) of each one exceeded.
"""

from __future__ import annotations

MAX_HUBS = 25
"""Hubs in round.yaml. A regional scheme has ten or twenty; each hub is a notebook run, a
section of the hub appendix and a factsheet, so the build grows with this number. Bounded by
memory: the largest process of a build is Typst setting the review edition, which grows with
the hubs' text and with the source codes that link to the Bronnen appendix. With
:data:`MAX_SHEET_ROWS` and full forms, 25 hubs build within 1,7 GB for the whole build (Typst
1,2 GB of it); 30 hubs with 60 rows needed 2,6 GB, Typst alone 2,1 GB (docs/benchmarks.md)."""

MAX_SHEET_ROWS = 25
"""Filled rows of one sheet of a spreadsheet form (the header included). The zelfevaluatie
form has 10 to 13; every row becomes a row of a table in the report and in the notebooks,
with a source code that links to its entry in the Bronnen appendix, and those links cost
Typst more memory than the text: 60 rows with 30 hubs did not fit in 2 GB, 25 rows with 25 hubs
do (1,7 GB)."""

MAX_RESPONSE_ROWS = 500
"""Filled rows of a returned wederhoor response form: one per statement of the concept (a hub
of the sample round has 20 to 35), far more than a report says about one hub."""

MAX_RESPONSE_CHARS = 200_000
"""Characters in all cells of a returned response form: the statements it quotes and the
hub's answers, ten times what a hub of the sample round gets."""

MAX_SHEET_COLUMNS = 20
"""Filled columns of one sheet of a spreadsheet form; the forms use at most 7."""

MAX_CELL_CHARS = 2000
"""Characters in one cell of a spreadsheet form: more than five times the longest answer of
the sample round, half a page of the report. A longer text belongs in an appendix."""

MAX_FORM_CHARS = 20000
"""Characters in all cells of one form together: three times a filled zelfevaluatie form, about
seven pages of the report. With :data:`MAX_HUBS` it bounds the text the report holds."""

MAX_ID_CHARS = 40
"""Characters of a round, hub, criterion or event id. Ids name files and folders (with a
suffix such as ``-review-editie.docx`` and a scratch prefix), which a file system limits to
255 bytes; 40 leaves room and is readable."""

MAX_BUDGET = 10**10
"""The budget in round.yaml (euros): ten billion, which a programme budget never reaches;
amounts stay exact in every calculation below it."""


def budget_refusal(budget: float | None) -> str | None:
    """The Dutch refusal of an ``analyse --budget`` out of bounds (None: it is in bounds)."""
    if budget is None or 0 < budget <= MAX_BUDGET:
        return None
    return (
        f"--budget: gevonden {budget:g}; verwacht: een bedrag in euro's groter dan 0 en "
        f"hoogstens {MAX_BUDGET:,} (bijv. --budget 500000).".replace(",", ".")
    )
