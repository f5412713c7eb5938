"""The wrappers of pandoc, Typst and papermill: versions, errors, byte-stable notebooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest

from evaltools.tools import pandoc, papermill, typst


def test_pandoc_is_the_wheel_version_and_reports_errors_in_dutch(tmp_path: Path) -> None:
    assert pandoc.version().startswith("3.")
    with pytest.raises(pandoc.PandocError, match="pandoc \\(html5\\) mislukte"):
        pandoc.convert(
            "x",
            "html5",
            None,
            from_format="markdown",
            cwd=tmp_path,
            epoch=0,
            options=["--lua-filter", str(tmp_path / "bestaat-niet.lua")],
        )


def test_typst_compiles_with_a_fixed_date_and_fails_clearly(tmp_path: Path) -> None:
    source = tmp_path / "a.typ"
    source.write_text("#set document(title: [T])\n= Kop\nTekst\n", encoding="utf-8")
    moment = dt.datetime(2026, 4, 29, 12, tzinfo=dt.UTC)
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    typst.compile_pdf(source, first, root=tmp_path, font_paths=[], timestamp=moment)
    typst.compile_pdf(source, second, root=tmp_path, font_paths=[], timestamp=moment)
    assert first.read_bytes() == second.read_bytes()
    assert b"D:20260429120000" in first.read_bytes()
    source.write_text("#onbekend()\n", encoding="utf-8")
    with pytest.raises(typst.TypstError, match="Typst kon de PDF niet maken"):
        typst.compile_pdf(source, first, root=tmp_path, font_paths=[], timestamp=moment)


def test_normalise_strips_timings_and_random_ids_but_keeps_parameters(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    injected = nbformat.v4.new_code_cell("x = 1")
    injected.metadata = {
        "tags": ["injected-parameters"],
        "papermill": {"duration": 0.1},
        "execution": {"iopub.status.busy": "2026-01-01"},
    }
    notebook.cells = [injected]
    notebook.metadata["papermill"] = {
        "parameters": {"x": 1},
        "start_time": "2026",
        "duration": 3.2,
        "input_path": "/abs/path/n.ipynb",
    }
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook, path)
    papermill.normalise(path, Path("notebooks/n.ipynb"))
    result = nbformat.read(path, as_version=4)
    assert result.metadata.papermill == {
        "parameters": {"x": 1},
        "input_path": "notebooks/n.ipynb",
        "kernel_name": "evaltools",
    }
    assert result.cells[0].id == "injected-parameters"
    assert (
        "papermill" not in result.cells[0].metadata and "execution" not in result.cells[0].metadata
    )


def test_typst_in_a_child_process_makes_the_same_pdf_and_the_same_error(tmp_path: Path) -> None:
    source = tmp_path / "a.typ"
    source.write_text("#set document(title: [T])\n= Kop\nTekst\n", encoding="utf-8")
    moment = dt.datetime(2026, 4, 29, 12, tzinfo=dt.UTC)
    here, child = tmp_path / "1.pdf", tmp_path / "2.pdf"
    typst.compile_pdf(source, here, root=tmp_path, font_paths=[], timestamp=moment)
    typst.compile_pdf(
        source, child, root=tmp_path, font_paths=[], timestamp=moment, separate_process=True
    )
    assert child.read_bytes() == here.read_bytes()
    source.write_text("#onbekend()\n", encoding="utf-8")
    with pytest.raises(typst.TypstError, match="Typst kon de PDF niet maken: .*onbekend"):
        typst.compile_pdf(
            source, child, root=tmp_path, font_paths=[], timestamp=moment, separate_process=True
        )


def test_the_package_bytecode_is_compiled_for_the_build_processes() -> None:
    """Every module of evaltools has current bytecode after compile_package (used by a build)."""
    import importlib.util

    import evaltools
    from evaltools.tools.bytecode import compile_package

    compile_package()
    package = Path(evaltools.__file__).parent
    modules = sorted(package.rglob("*.py"))
    assert len(modules) > 50
    for module in modules:
        cached = Path(importlib.util.cache_from_source(str(module)))
        assert cached.is_file(), module
        assert cached.stat().st_mtime >= module.stat().st_mtime, module


def test_recorded_parameters_replace_the_executed_ones(tmp_path: Path) -> None:
    """A run in a staging folder records where its files are after the move (issue 24)."""
    notebook = nbformat.v4.new_notebook()
    injected = nbformat.v4.new_code_cell('# Parameters\nout_dir = "data/.staging/runs/x"\n')
    injected.metadata = {"tags": ["injected-parameters"]}
    notebook.cells = [injected, nbformat.v4.new_code_cell("print(out_dir)")]
    notebook.metadata["papermill"] = {"parameters": {"out_dir": "data/.staging/runs/x"}}
    recorded = {"out_dir": "data/processed/r/analyse", "budget": 460000}
    text = papermill._normalised(notebook, Path("notebooks/n.ipynb"), recorded)
    result = nbformat.reads(text, as_version=4)
    assert result.metadata.papermill.parameters == recorded
    source = result.cells[0].source
    assert source.startswith(f"# {papermill.RECORDED_COMMENT}\n")
    assert 'out_dir = "data/processed/r/analyse"\nbudget = 460000\n' in source
    assert ".staging" not in text.replace("print(out_dir)", "")
    # without them, the executed parameters stay
    plain = nbformat.v4.new_notebook(cells=[injected.copy()])
    plain.metadata["papermill"] = {"parameters": {"out_dir": "data/.staging/runs/x"}}
    kept = nbformat.reads(papermill._normalised(plain, Path("notebooks/n.ipynb")), as_version=4)
    assert kept.metadata.papermill.parameters == {"out_dir": "data/.staging/runs/x"}
    assert kept.cells[0].source == injected.source
