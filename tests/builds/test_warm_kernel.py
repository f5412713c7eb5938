"""A worker's warm kernel runs notebooks one after another as fresh kernels would (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from evaltools.tools import papermill
from tests.support.builds import Reanalysis
from tests.support.paths import MINI

pytestmark = pytest.mark.slow


def _notebook(path: Path, *cells: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("x = 0")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, *(nbformat.v4.new_code_cell(c) for c in cells)]
    notebook.metadata["kernelspec"] = {
        "name": papermill.KERNEL_NAME,
        "display_name": "Python (evaltools)",
        "language": "python",
    }
    nbformat.write(notebook, path)
    return path


def _outputs(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(o.get("text", "")) for c in cells for o in c.get("outputs", [])]


@pytest.mark.parametrize("warm", [True, False])
def test_a_notebook_sees_nothing_of_the_one_before(tmp_path: Path, warm: bool) -> None:
    first = _notebook(
        tmp_path / "a.ipynb", "import os\nprint(os.getpid())", "leak = 41 + x\nimport json"
    )
    second = _notebook(
        tmp_path / "b.ipynb",
        "import os\nprint(os.getpid())",
        "print(sorted(n for n in ('leak', 'json', 'os', 'x') if n in globals()))",
    )
    out = tmp_path / "out"
    jobs = [(nb, out / nb.name, {"x": 1}, tmp_path) for nb in (first, second)]
    papermill.execute_many(jobs, workers=1, warm=warm)
    a, b = _outputs(out / "a.ipynb"), _outputs(out / "b.ipynb")
    # warm: the same kernel process ran both notebooks; fresh: one kernel each
    assert (a[0] == b[0]) is warm
    assert b[1] == "['os', 'x']\n"
    counts = [c["execution_count"] for c in json.loads((out / "b.ipynb").read_text())["cells"]]
    assert counts == [1, 2, 3, 4]


def test_a_failed_notebook_does_not_leave_its_kernel_to_the_next(tmp_path: Path) -> None:
    broken = _notebook(tmp_path / "a.ipynb", "import os\nprint(os.getpid())", "1 / 0")
    after = _notebook(tmp_path / "b.ipynb", "import os\nprint(os.getpid())")
    out = tmp_path / "out"
    with pytest.raises(papermill.NotebookError, match="ZeroDivisionError"):
        papermill.execute_many(
            [(nb, out / nb.name, {}, tmp_path) for nb in (broken, after)], workers=1
        )
    assert not (out / "a.ipynb").exists()
    assert (out / "b.ipynb").is_file()


def test_warm_analysis_equals_fresh_kernels_byte_for_byte(
    built_project: Path, reanalysed_project: Reanalysis
) -> None:
    """Every notebook of a round: the session's first analysis in warm kernels (the default,
    two workers) against a second one with a fresh kernel each (session fixtures,
    tests/builds/conftest.py)."""
    warm = built_project / "data" / "processed" / MINI / "analyse"
    fresh = reanalysed_project.root / "data" / "processed" / MINI / "analyse"
    files = sorted(p.relative_to(warm) for p in warm.rglob("*") if p.is_file())
    assert len([f for f in files if f.suffix == ".ipynb"]) >= 8
    assert files == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    different = [f for f in files if (warm / f).read_bytes() != (fresh / f).read_bytes()]
    assert different == []


def test_kept_kernels_run_the_next_call_and_stop_with_the_block(tmp_path: Path) -> None:
    """``kept_warm`` (the preview): a second ``execute_many`` runs in the same worker process
    and kernel, emptied as between two notebooks of one call, its notebook byte for byte as
    in a fresh kernel; the ingest's ``warm_kernel`` is kept too; leaving the block stops every
    process it started."""
    import psutil

    probe = "import os\nprint(os.getpid())"
    first = _notebook(tmp_path / "a.ipynb", probe, "leak = 41 + x")
    second = _notebook(tmp_path / "b.ipynb", probe, "print('leak' in globals(), x)")
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with papermill.kept_warm():
        papermill.execute_many([(first, kept / "a.ipynb", {"x": 1}, tmp_path)], workers=1)
        papermill.execute_many([(second, kept / "b.ipynb", {"x": 2}, tmp_path)], workers=1)
        for name in ("c.ipynb", "d.ipynb"):  # the ingest's way: a kernel in this process
            with papermill.warm_kernel(tmp_path):
                papermill.execute(second, kept / name, {"x": 3}, tmp_path, warm=True)
        running = {p.pid for p in psutil.Process().children(recursive=True)} - before
    assert _outputs(kept / "a.ipynb")[0] == _outputs(kept / "b.ipynb")[0]
    assert _outputs(kept / "b.ipynb")[1] == "False 2\n"
    assert _outputs(kept / "c.ipynb")[0] == _outputs(kept / "d.ipynb")[0]
    assert _outputs(kept / "c.ipynb")[0] != _outputs(kept / "a.ipynb")[0]
    # multiprocessing's resource tracker lives as long as this process, kept or not
    left = [
        p
        for p in psutil.Process().children(recursive=True)
        if p.pid in running and "resource_tracker" not in " ".join(p.cmdline())
    ]
    _, alive = psutil.wait_procs(left, timeout=10)
    assert alive == []
    # the same notebook in a fresh kernel: the same bytes but for the pid it prints
    papermill.execute_many([(second, fresh / "b.ipynb", {"x": 2}, tmp_path)], workers=1, warm=False)
    pid = _outputs(kept / "b.ipynb")[0].strip()
    assert (kept / "b.ipynb").read_text(encoding="utf-8").replace(pid, "") == (
        fresh / "b.ipynb"
    ).read_text(encoding="utf-8").replace(_outputs(fresh / "b.ipynb")[0].strip(), "")


def test_prewarm_starts_the_kernel_the_next_call_runs_in(tmp_path: Path) -> None:
    """``prewarm`` (the preview, after its first render): the worker and its kernel start at
    once; the next ``execute_many`` runs its notebook in that kernel."""
    import time

    import psutil

    from evaltools.tools.kernels import prewarm

    notebook = _notebook(tmp_path / "a.ipynb", "import os\nprint(os.getpid())")

    def kernels() -> list[int]:
        return [
            p.pid
            for p in psutil.Process().children(recursive=True)
            if "ipykernel_launcher" in " ".join(p.cmdline())
        ]

    with papermill.kept_warm():
        prewarm(1, tmp_path)
        ends = time.monotonic() + 60
        while not kernels() and time.monotonic() < ends:
            time.sleep(0.1)
        started = kernels()
        assert len(started) == 1
        papermill.execute_many([(notebook, tmp_path / "out" / "a.ipynb", {}, tmp_path)], workers=1)
    assert _outputs(tmp_path / "out" / "a.ipynb")[0] == f"{started[0]}\n"
