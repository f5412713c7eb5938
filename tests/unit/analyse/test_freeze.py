"""The keys of the analyse stage's runs (issue 13): a run is reused only with its key and intact
files, and its key covers the notebook, its parameters, the code, the kernel and the tables the
notebook declares (the real rebuilds: tests/builds/test_incremental.py)."""

from __future__ import annotations

from pathlib import Path

from evaltools.analyse import freeze
from evaltools.round.code_state import code_state


def test_a_run_is_reused_only_with_its_key_and_intact_files(tmp_path: Path) -> None:
    previous, staging = tmp_path / "analyse", tmp_path / "staging"
    (previous / "notebooks").mkdir(parents=True)
    (previous / "notebooks" / "x.ipynb").write_text("{}\n", encoding="utf-8")
    (previous / "figures").mkdir()
    (previous / "figures" / "x.svg").write_text("<svg/>\n", encoding="utf-8")
    freeze.write_manifest(previous, "x.ipynb", "key-1", ["notebooks/x.ipynb", "figures/x.svg"])

    assert not freeze.reuse(previous, staging, "x.ipynb", "key-2")
    assert not freeze.reuse(previous, staging, "y.ipynb", "key-1")
    assert not staging.exists()
    assert freeze.reuse(previous, staging, "x.ipynb", "key-1")
    for name in ("notebooks/x.ipynb", "figures/x.svg", ".cache/x.ipynb.json"):
        assert (staging / name).read_bytes() == (previous / name).read_bytes()
        assert (staging / name).stat().st_mtime_ns == (previous / name).stat().st_mtime_ns
    # an output changed after it was written: the run executes again
    (previous / "figures" / "x.svg").write_text("<svg></svg>\n", encoding="utf-8")
    assert not freeze.reuse(previous, tmp_path / "other", "x.ipynb", "key-1")


def test_the_key_covers_notebook_parameters_code_kernel_and_inputs(tmp_path: Path) -> None:
    notebook, inputs = tmp_path / "n.ipynb", tmp_path / "inputs"
    notebook.write_text("{}", encoding="utf-8")
    inputs.mkdir()
    (inputs / "t.csv").write_text("hub\na\n", encoding="utf-8")

    def key(**changes: object) -> str:
        arguments = {"parameters": {"hub": "a"}, "code": "c1", "kernel": "k", **changes}
        return freeze.run_key(notebook, inputs=[inputs], **arguments)  # type: ignore[arg-type]

    base = key()
    assert key() == base
    assert key(parameters={"hub": "b"}) != base
    assert key(code="c2") != base
    assert key(kernel="other") != base
    (inputs / "t.csv").write_text("hub\nb\n", encoding="utf-8")
    assert key() != base
    (inputs / "t.csv").write_text("hub\na\n", encoding="utf-8")
    notebook.write_text("{ }", encoding="utf-8")
    assert key() != base
    assert code_state() == code_state()


def test_the_key_covers_only_the_declared_tables_and_the_configuration(tmp_path: Path) -> None:
    notebook, inputs = tmp_path / "n.ipynb", tmp_path / "tables"
    notebook.write_text("{}", encoding="utf-8")
    inputs.mkdir()
    for name in ("round.json", "hubs.csv", "evidence.csv"):
        (inputs / name).write_text("a\n", encoding="utf-8")

    def key() -> str:
        return freeze.run_key(notebook, {}, "code", "kernel", [inputs], ("hubs",))

    base = key()
    (inputs / "evidence.csv").write_text("b\n", encoding="utf-8")
    assert key() == base
    (inputs / "hubs.csv").write_text("b\n", encoding="utf-8")
    changed = key()
    assert changed != base
    (inputs / "round.json").write_text("b\n", encoding="utf-8")
    assert key() != changed


def test_a_hub_slice_keeps_a_text_longer_than_csvs_field_limit(tmp_path: Path) -> None:
    """A fragment of a megabyte (an interview note of one paragraph) is sliced, not refused
    with csv's 'field larger than field limit (131072)' (issue 28)."""
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "round.json").write_text("{}", encoding="utf-8")
    long_text = "woord " * 200_000
    (tables / "evidence.csv").write_text(
        f'id,hub,tekst\nze-a-1,a,"{long_text}"\nze-b-1,b,kort\n', encoding="utf-8"
    )
    freeze.write_hub_slices({"r": tables}, ["a", "b"], tmp_path / "slices")
    sliced = (tmp_path / "slices" / "a" / "r" / "tables" / "evidence.csv").read_text("utf-8")
    assert long_text in sliced
    assert sliced.endswith("ze-b-1,,\n")  # the other hub's row keeps only its id
