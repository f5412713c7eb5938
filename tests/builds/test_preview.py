"""``evaltools voorbeeld`` (issue 27), as a consultant runs it: a real process on a free port.

A copy of the built mini project is previewed; the tests edit its files as an editor saves
them and read what the server serves. In file order: a text edit reaches the page, an
invalid note shows its Dutch problem above the last good preview with the server up, and
the stop (SIGINT, as Ctrl-C sends) leaves no child process behind.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from evaltools.preview.plan import PROBLEMS_ID, VERSION_PATH
from tests.support.paths import MINI
from tests.support.project import copy_of

pytestmark = pytest.mark.slow

NEW_TEXT = "Deze zin kwam er in het voorbeeld bij."
# the mini round's first hub, and a code round.yaml does not know
GOOD_HUB, BAD_HUB = "hub: alpha", "hub: onbekend"


@dataclass
class Running:
    root: Path
    process: subprocess.Popen
    port: int
    log: Path

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
            return r.read().decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.get(VERSION_PATH))

    def wait_for(self, done: Callable[[], bool], what: str, timeout: float = 180) -> None:
        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            assert self.process.poll() is None, self.log.read_text("utf-8")
            if done():
                return
            time.sleep(0.2)
        pytest.fail(f"{what}: niet binnen {timeout} s\n{self.log.read_text('utf-8')}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(root: Path, port: int, log: Path) -> subprocess.Popen:
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "evaltools", "voorbeeld", MINI, "--poort", str(port)],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


@pytest.fixture(scope="module")
def preview(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    folder = tmp_path_factory.mktemp("voorbeeld")
    root = copy_of(built_project, folder)
    port = _free_port()
    running = Running(root, _start(root, port, folder / "voorbeeld.log"), port, folder / "log")
    running.log = folder / "voorbeeld.log"
    running.wait_for(lambda: _answers(running), "de server antwoordt", timeout=60)
    running.wait_for(
        lambda: running.status()["versie"] >= 1 and not running.status()["bezig"],
        "het eerste voorbeeld",
    )
    yield running
    if running.process.poll() is None:
        running.process.send_signal(signal.SIGINT)
        running.process.wait(timeout=60)


def _answers(running: Running) -> bool:
    try:
        running.status()
    except OSError:
        return False
    return True


def _page(running: Running) -> str:
    return running.get(f"/{MINI}.html")


def test_first_preview_is_the_render_and_the_pdf_is_served(preview: Running) -> None:
    status = preview.status()
    assert status["problemen"] == "", status
    on_disk = preview.root / "data" / "processed" / MINI / "voorbeeld" / f"{MINI}.html"
    published = preview.root / "report" / "_output" / f"{MINI}.html"
    # the preview's file is the render's, byte for byte; only the served page has the script
    assert on_disk.read_bytes() == published.read_bytes()
    assert VERSION_PATH not in on_disk.read_text("utf-8")
    assert VERSION_PATH in _page(preview)
    preview.wait_for(
        lambda: (
            preview.root / "data" / "processed" / MINI / "voorbeeld" / f"{MINI}.pdf"
        ).is_file(),
        "de pdf",
    )
    with urllib.request.urlopen(f"http://127.0.0.1:{preview.port}/rapport.pdf") as response:
        assert response.read(5) == b"%PDF-"


def test_a_saved_text_reaches_the_page(preview: Running) -> None:
    text = preview.root / "data" / "raw" / MINI / "teksten" / "inleiding.md"
    assert NEW_TEXT not in _page(preview)
    text.write_text(text.read_text("utf-8") + f"\n{NEW_TEXT}\n", encoding="utf-8")
    preview.wait_for(lambda: NEW_TEXT in _page(preview), "de nieuwe zin in de pagina", 120)
    assert PROBLEMS_ID not in _page(preview)


def test_an_invalid_note_shows_its_problem_above_the_last_good_preview(
    preview: Running,
) -> None:
    note = preview.root / "data" / "raw" / MINI / "interviews" / "alpha.md"
    text = note.read_text("utf-8")
    assert GOOD_HUB in text
    note.write_text(text.replace(GOOD_HUB, BAD_HUB, 1), encoding="utf-8")
    preview.wait_for(lambda: PROBLEMS_ID in _page(preview), "de problemen in de pagina", 120)
    page = _page(preview)
    assert "interviews/alpha.md" in page
    assert "een hub die niet in round.yaml staat" in page
    assert NEW_TEXT in page  # the last good preview stays below the problems
    assert preview.process.poll() is None  # the server is still up
    # and the fix makes the problems go
    note.write_text(text, encoding="utf-8")
    preview.wait_for(lambda: PROBLEMS_ID not in _page(preview), "het herstelde voorbeeld", 180)


def test_the_stop_leaves_no_child_process(preview: Running) -> None:
    """SIGINT while the note's stages run (kernels, pandoc): every process it started ends."""
    note = preview.root / "data" / "raw" / MINI / "interviews" / "alpha.md"
    note.write_text(note.read_text("utf-8") + "\n<!-- opnieuw -->\n", encoding="utf-8")
    parent = psutil.Process(preview.process.pid)
    seen: dict[int, psutil.Process] = {}

    def children_running() -> bool:
        for child in parent.children(recursive=True):
            seen.setdefault(child.pid, child)
        return len(seen) >= 1  # a kernel (ingest, analyse) or pandoc

    preview.wait_for(children_running, "kindprocessen van het voorbeeld", 60)
    preview.process.send_signal(signal.SIGINT)
    assert preview.process.wait(timeout=60) == 0, preview.log.read_text("utf-8")
    alive = [p for p in seen.values() if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert alive == [], [p.cmdline() for p in alive]
    assert "Voorbeeld stopt" in preview.log.read_text("utf-8")


def test_a_port_in_use_gets_a_dutch_message(preview: Running) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        log = preview.log.with_name("bezet.log")
        process = _start(preview.root, port, log)
        assert process.wait(timeout=60) == 1
    assert f"Poort {port} is al in gebruik" in log.read_text("utf-8")
