"""One run of a round at a time: the lock per round, its Dutch refusal naming the holder, a
killed holder's lock taken over, and a build's stages running under the build's lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from evaltools.round.lock_files import TOKEN, RoundBusy, build_lock, round_lock

# A process that takes the round's lock, says so, and waits to be killed.
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


def _holder(processed: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(processed)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "vast"
    return process


def test_a_second_run_of_the_same_round_is_refused_while_one_runs(tmp_path: Path) -> None:
    processed = tmp_path / "data" / "processed" / "ronde-a"
    with round_lock(processed):
        with (
            pytest.raises(RoundBusy, match="Een andere run van ronde ronde-a is al bezig"),
            round_lock(processed),
        ):
            pass
        with round_lock(tmp_path / "data" / "processed" / "ronde-b"):
            pass  # another round is not held up
    with round_lock(processed):
        pass  # released


def test_the_refusal_names_the_holder_and_a_killed_holder_is_taken_over(tmp_path: Path) -> None:
    processed = tmp_path / "data" / "processed" / "ronde-a"
    holder = _holder(processed)
    try:
        with pytest.raises(RoundBusy) as refused, round_lock(processed):
            pass
        message = str(refused.value)
        assert f"proces {holder.pid} op " in message
        assert "sinds 20" in message  # the date it began
        assert ".evaltools.lock" in message
        assert "Wacht tot die klaar is" in message
    finally:
        holder.send_signal(signal.SIGKILL)  # as a killed run: no clean-up of its own
        holder.wait()
    # its note is still there, but the lock went with the process
    assert (processed / ".evaltools.lock.json").is_file()
    with round_lock(processed):
        assert str(os.getpid()) in (processed / ".evaltools.lock.json").read_text("utf-8")
    assert not (processed / ".evaltools.lock.json").exists()


def test_a_build_refuses_a_second_build_and_its_stages_share_its_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    processed_root = tmp_path / "data" / "processed"
    with build_lock(processed_root, ["ronde-a"]) as token:
        with (
            pytest.raises(RoundBusy, match="Een andere bouw in dit project is al bezig"),
            build_lock(processed_root, ["ronde-b"]),
        ):
            pass
        # a stage outside the build is refused ...
        with pytest.raises(RoundBusy), round_lock(processed_root / "ronde-a"):
            pass
        # ... a stage the build runs (with its token) goes ahead under the build's lock
        monkeypatch.setenv(TOKEN, token)
        with round_lock(processed_root / "ronde-a"):
            pass
        monkeypatch.setenv(TOKEN, "een-ander-token")
        with pytest.raises(RoundBusy), round_lock(processed_root / "ronde-a"):
            pass
