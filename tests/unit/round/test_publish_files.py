"""Publishing a stage's outputs (evaltools.round.publish_files): all or none, on one file
system or across two; a failure midway leaves the previous outputs byte-identical and no
scratch or backup folder behind, and the message says what is true (issue 28)."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from evaltools.round.publish_files import PublishError, publish, recover


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) with its SHA-256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _previous(output: Path) -> None:
    """A previous report: three files and the notebook pages."""
    pages = output / "r-notebooks"
    pages.mkdir(parents=True)
    for name in ("r.html", "r.pdf", "r.docx"):
        (output / name).write_bytes(f"vorig {name}".encode())
    for page in ("scores", "hub-a", "hub-b"):
        (pages / f"{page}.html").write_text(f"vorige pagina {page}", encoding="utf-8")


def _new(staging: Path) -> list[tuple[Path, str]]:
    pages = staging / "r-notebooks"
    pages.mkdir(parents=True)
    for page in ("scores", "hub-a"):
        (pages / f"{page}.html").write_text(f"nieuwe pagina {page}", encoding="utf-8")
    files = []
    for name in ("r.html", "r.pdf", "r.docx"):
        (staging / name).write_bytes(f"nieuw {name}".encode())
        files.append(staging / name)
    return [*((f, f.name) for f in files), (pages, "r-notebooks")]


def test_publish_swaps_everything_in_and_leaves_nothing_behind(tmp_path: Path) -> None:
    output = tmp_path / "report" / "_output"
    _previous(output)
    moves = [(new, output / name) for new, name in _new(tmp_path / "staging")]
    assert publish(moves, "r") == [target for _, target in moves]
    assert (output / "r.pdf").read_bytes() == b"nieuw r.pdf"
    assert sorted(p.name for p in (output / "r-notebooks").iterdir()) == [
        "hub-a.html",
        "scores.html",
    ]  # a page of a hub no longer in the round is gone with the old folder
    assert sorted(p.name for p in output.iterdir()) == [
        "r-notebooks",
        "r.docx",
        "r.html",
        "r.pdf",
    ]


def test_a_failure_midway_across_two_file_systems_keeps_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staging folder is on another file system (every rename out of it fails with EXDEV,
    as a move from data/ to report/ on another disk does), and the swap fails at its fourth
    rename: the outputs swapped before it are put back."""
    output = tmp_path / "report" / "_output"
    staging = tmp_path / "data" / "staging"
    _previous(output)
    before = _tree(output)
    moves = [(new, output / name) for new, name in _new(staging)]
    real_rename = os.rename
    swaps = []

    def rename(source: os.PathLike, target: os.PathLike) -> None:
        if Path(source).is_relative_to(staging):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        if Path(source).parent.name.startswith(".r-nieuw-"):
            swaps.append(target)
            if len(swaps) == 3:
                raise OSError(errno.EIO, "Input/output error")
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PublishError) as failed:
        publish(moves, "r")
    assert len(swaps) == 3  # it did fail midway, after two swaps
    assert _tree(output) == before  # byte-identical, the notebook pages included
    assert sorted(p.name for p in output.iterdir()) == sorted(
        ["r-notebooks", "r.docx", "r.html", "r.pdf"]
    )  # no scratch or backup folder left
    assert str(failed.value).endswith(
        "is mislukt (systeemfout EIO); de vorige uitvoer staat weer ongewijzigd op haar plaats."
    )


def test_when_undoing_fails_too_the_message_says_where_the_previous_files_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "_output"
    _previous(output)
    moves = [(new, output / name) for new, name in _new(tmp_path / "staging")]
    real_rename = os.rename
    calls = []

    def rename(source: os.PathLike, target: os.PathLike) -> None:
        calls.append((Path(source), Path(target)))
        if Path(target) == output / "r.pdf":
            if Path(source).parent.name.startswith(".r-nieuw-"):
                raise OSError(errno.ENOSPC, "No space left on device")
            raise OSError(errno.EACCES, "Permission denied")  # putting the old one back
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(PublishError) as failed:
        publish(moves, "r")
    message = str(failed.value)
    assert message.startswith("Het publiceren is mislukt (de schijf is vol) en de vorige uitvoer")
    assert "r.pdf staat in " in message and ".r-vorige-" in message
    kept = next(output.glob(".r-vorige-*")) / "r.pdf"
    assert kept.read_bytes() == b"vorig r.pdf"  # not deleted: the message points to it
    monkeypatch.setattr(os, "rename", real_rename)
    recover(output, "r")  # the next publish of the round puts it back first
    assert (output / "r.pdf").read_bytes() == b"vorig r.pdf"
    assert not list(output.glob(".r-*"))


def test_a_real_second_file_system_when_there_is_one(tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second file system (/dev/shm) beside the temporary folder here")
    output = tmp_path / "_output"
    _previous(output)
    staging = shm / f"evaltools-test-{os.getpid()}"
    try:
        moves = [(new, output / name) for new, name in _new(staging)]
        publish(moves, "r")
        assert (output / "r-notebooks" / "scores.html").read_text("utf-8") == "nieuwe pagina scores"
        assert not list(output.glob(".r-*"))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def test_leftovers_of_a_killed_publish_are_recovered_only_for_their_round(tmp_path: Path) -> None:
    output = tmp_path / "_output"
    _previous(output)
    # killed between moving r.pdf aside and putting the new one in its place
    backup = output / ".r-vorige-abcd1234"
    backup.mkdir()
    (output / "r.pdf").rename(backup / "r.pdf")
    (output / ".r-nieuw-abcd1234").mkdir()
    other = output / ".r-b-vorige-abcd1234"  # another round's publish, maybe running now
    other.mkdir()
    recover(output, "r")
    assert (output / "r.pdf").read_bytes() == b"vorig r.pdf"
    assert sorted(p.name for p in output.glob(".*")) == [".r-b-vorige-abcd1234"]
