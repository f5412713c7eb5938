"""Hostile cases at the command line, second round (issue 28): a publish that fails across two
file systems keeps the last report byte-identical, a link swapped in after a good ingest stops
the render, and a second run of a round (any stage, or a second build) meets a Dutch message
naming the holder."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.files import report_hashes
from tests.support.paths import MINI

pytestmark = pytest.mark.slow


def test_a_publish_failing_across_file_systems_keeps_the_last_report(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """report/ on another file system: every move out of the staging folder fails with EXDEV
    (the outputs are copied instead), and the swap fails midway, after the notebook pages'
    folder of the previous report has been moved aside."""
    before = report_hashes(project)
    output = project / "report" / "_output"
    processed = project / "data" / "processed" / MINI
    real_rename = os.rename
    placed = []

    def rename(source: os.PathLike, target: os.PathLike) -> None:
        source, target = Path(source), Path(target)
        if source.is_relative_to(processed) and not target.is_relative_to(processed):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        if source.parent.name.startswith(f".{MINI}-nieuw-"):
            placed.append(target.name)
            if target.name == f"{MINI}-notebooks":
                raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    code, output_text = run("render", MINI, "--project", str(project), "--opnieuw")
    assert code == 1, output_text
    assert len(placed) == 7  # six files were swapped in before the pages failed
    assert (
        "Het publiceren naar report/_output is mislukt (verplaatsen naar een ander "
        "bestandssysteem); de vorige uitvoer staat weer ongewijzigd op haar plaats."
    ) in output_text
    assert "ongewijzigd" in output_text and "Traceback" not in output_text
    assert report_hashes(project) == before  # the notebook pages included
    assert not [p.name for p in output.iterdir() if p.name.startswith(".")]
    # and with the move working again, the next render publishes
    monkeypatch.setattr(os, "rename", real_rename)
    code, output_text = run("render", MINI, "--project", str(project))
    assert code == 0, output_text


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_a_link_swapped_in_after_a_good_ingest_stops_the_render(
    project: Path, tmp_path: Path
) -> None:
    before = report_hashes(project)
    raw = project / "data" / "raw" / MINI
    secret = tmp_path / "geheim.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    (raw / "logo.png").symlink_to(secret)
    text = raw / "teksten" / "inleiding.md"
    outside_text = tmp_path / "inleiding.md"
    shutil.move(text, outside_text)
    text.symlink_to(outside_text)
    code, output = run("render", MINI, "--project", str(project))
    assert code == 1, output
    assert "Het rapport is niet gemaakt; het vorige rapport is ongewijzigd." in output
    assert f"{MINI}/logo.png: gevonden een snelkoppeling (symbolische link)" in output
    assert f"{MINI}/teksten/inleiding.md: gevonden een snelkoppeling (symbolische link)" in output
    assert report_hashes(project) == before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_a_round_folder_linked_out_of_the_project_is_not_built(
    project: Path, tmp_path: Path
) -> None:
    before = report_hashes(project)
    raw = project / "data" / "raw" / MINI
    outside = tmp_path / "elders" / MINI
    outside.parent.mkdir()
    shutil.move(raw, outside)
    raw.symlink_to(outside, target_is_directory=True)
    for command in ("ingest", "render"):
        code, output = run(command, MINI, "--project", str(project))
        assert code == 1, output
        assert (
            f"{MINI}: gevonden een rondemap die een snelkoppeling (symbolische link) is, naar "
            f"{outside.as_posix()}"
        ) in output
    assert report_hashes(project) == before


_HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from evaltools.round.lock_files import round_lock
    with round_lock(Path(sys.argv[1])):
        print("vast", flush=True)
        time.sleep(120)
    """
)


def test_every_stage_and_build_refuse_a_round_another_run_holds(project: Path) -> None:
    """Two runs of one round at once: whichever stage comes second says who holds the round,
    in Dutch (a build too, instead of DVC's English lock message); a killed holder's lock is
    free again."""
    before = report_hashes(project)
    (project / "params.yaml").write_text(f"rounds:\n  - {MINI}\n", encoding="utf-8")
    processed = project / "data" / "processed" / MINI
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(processed)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "vast"
        for command in (["ingest", MINI], ["analyse", MINI], ["render", MINI], ["build", MINI]):
            code, output = run(*command, "--project", str(project))
            assert code == 1, (command, output)
            assert f"Een andere run van ronde {MINI} is al bezig: proces {holder.pid} op " in (
                output
            ), (command, output)
            assert "Wacht tot die klaar is" in output
            assert "Unable to acquire lock" not in output
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert report_hashes(project) == before
    code, output = run("analyse", MINI, "--project", str(project))
    assert code == 0, output


_BUILDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from evaltools.round.lock_files import build_lock
    with build_lock(Path(sys.argv[1]), [sys.argv[2]]):
        print("vast", flush=True)
        time.sleep(120)
    """
)


def test_a_second_build_meets_a_dutch_message_not_dvcs(project: Path) -> None:
    (project / "params.yaml").write_text(f"rounds:\n  - {MINI}\n", encoding="utf-8")
    builder = subprocess.Popen(
        [sys.executable, "-c", _BUILDER, str(project / "data" / "processed"), MINI],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert builder.stdout is not None and builder.stdout.readline().strip() == "vast"
        code, output = run("build", MINI, "--project", str(project))
        assert code == 1, output
        assert f"Een andere bouw in dit project is al bezig: proces {builder.pid} op " in output
        assert "Unable to acquire lock" not in output and "Traceback" not in output
    finally:
        builder.send_signal(signal.SIGKILL)
        builder.wait()
