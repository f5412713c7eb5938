"""The ingest stage (``evaltools ingest``): a raw round -> its validated tables.

Steps, in order:

1. validate the whole raw round (in a thread), while the ingest notebook's kernel starts;
   any problem stops the kernel and nothing is written;
2. execute ``notebooks/ingest.ipynb`` with papermill into a staging folder;
3. replace ``data/processed/<ronde>/tables`` and the executed notebook with the staged ones.
"""

from __future__ import annotations

import contextlib
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from evaltools.ingest.raw_round import round_link_problems
from evaltools.round.lock_files import round_lock
from evaltools.round.paths import Layout
from evaltools.round.problems import InvalidRound
from evaltools.round.publish_files import publish
from evaltools.tools import papermill


def ingest(layout: Layout) -> Path:
    """Validate the raw round, then execute the ingest notebook into processed/<round>/tables.

    Validation runs in this process, while the notebook's kernel starts: with any problem
    nothing is written and the kernel is stopped. The round's lock is held throughout (see
    evaltools.round.lock_files).
    """
    with round_lock(layout.processed):
        return _ingest(layout)


def _ingest(layout: Layout) -> Path:
    notebook = layout.notebooks / "ingest.ipynb"
    links = round_link_problems(layout.raw, layout.root)
    if links:
        raise InvalidRound(links)
    # parsed input files are kept for the notebook's read and the next ingest
    cache = layout.input_cache
    # the kernel starts (a process of its own, importing what the notebook imports) while this
    # process validates, in a thread; bad input is reported first, and the kernel is stopped
    with ThreadPoolExecutor(max_workers=1) as pool, contextlib.ExitStack() as kernel:
        valid = pool.submit(_validate, layout.raw, cache)
        try:
            kernel.enter_context(
                papermill.warm_kernel(layout.root, papermill.imported_modules([notebook]))
            )
        finally:
            valid.result()
        staging = layout.staging("ingest")
        parameters = {
            "round_id": layout.round_id,
            "raw_dir": layout.relative(layout.raw),
            "tables_dir": layout.relative(staging / "tables"),
            "cache_dir": layout.relative(cache),
        }
        papermill.execute(
            notebook,
            staging / "ingest.ipynb",
            parameters,
            cwd=layout.root,
            warm=True,
            # it records where its tables are after the move below
            recorded={**parameters, "tables_dir": layout.relative(layout.processed / "tables")},
        )
    # the tables and the executed notebook together, or neither
    publish(
        [
            (staging / "tables", layout.processed / "tables"),
            (staging / "ingest.ipynb", layout.processed / "notebooks" / "ingest.ipynb"),
        ],
        layout.round_id,
        layout.root,
    )
    shutil.rmtree(staging.parent)
    return layout.processed / "tables"


def _validate(raw: Path, cache: Path) -> None:
    # imported here (in ingest's thread): validation and the readers (pandas,
    # openpyxl, python-docx) take seconds to import and the other stages do not need them
    from evaltools.ingest.validate import load_valid_round

    load_valid_round(raw, cache)
