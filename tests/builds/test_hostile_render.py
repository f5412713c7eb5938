"""Hostile and broken input at the command line: a Dutch message, never a traceback, and the
last good report unchanged (sha256 of every file in report/_output)."""

from __future__ import annotations

import http.server
import os
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.files import report_hashes
from tests.support.notebooks import add_to_cell_output
from tests.support.paths import MINI

pytestmark = pytest.mark.slow
REPORT_EXTENSIONS = (".html", ".pdf", ".docx")


def text_file(project: Path, name: str) -> Path:
    return project / "data" / "raw" / MINI / "teksten" / name


# --- round texts at render time -----------------------------------------------------------


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(b"\x89PNG\r\n\x1a\n")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def counting_server():
    _CountingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.requests
    server.shutdown()


def test_a_build_fetches_nothing_from_the_network(project: Path, counting_server) -> None:
    url, requests = counting_server
    before = report_hashes(project)
    # in a round text: refused by the render's own check of the texts, before pandoc runs
    text_file(project, "aanpak.md").write_text(f"Tekst.\n\n![]({url}/t.png)\n", encoding="utf-8")
    code, output = run("render", MINI, "--project", str(project))
    assert code == 1
    assert "mini-ronde/teksten/aanpak.md, regel 3: veld 'afbeelding': gevonden een afbeelding " in (
        output
    )
    text_file(project, "aanpak.md").unlink()
    # in a generated part (as a faulty notebook could write): pandoc's sandbox and media filter
    scores = project / "data" / "processed" / MINI / "analyse" / "notebooks" / "scores.ipynb"
    add_to_cell_output(scores, "scores", f"\n![x]({url}/u.png)\n")
    code, output = run("render", MINI, "--project", str(project))
    assert code == 1
    assert f"Afbeelding '{url}/u.png' ligt buiten het rapport" in output
    assert "stack traceback" not in output and ".lua:" not in output
    assert requests == []
    assert report_hashes(project) == before


def test_an_include_of_a_file_elsewhere_never_reaches_the_report(project: Path) -> None:
    before = report_hashes(project)
    text_file(project, "aanpak.md").write_text(
        "{{< include /etc/os-release >}}\n\n{{< include ../pyproject.toml >}}\n", "utf-8"
    )
    code, output = run("render", MINI, "--project", str(project))
    assert code == 1
    assert "mini-ronde/teksten/aanpak.md, regel 1: veld 'include'" in output
    assert "mini-ronde/teksten/aanpak.md, regel 3: veld 'include'" in output
    assert report_hashes(project) == before
    code, output = run("validate", str(project / "data" / "raw" / MINI))
    assert code == 1 and "2 problemen gevonden" in output


def test_an_unknown_cross_reference_names_the_text_and_line(project: Path) -> None:
    before = report_hashes(project)
    text_file(project, "aanpak.md").write_text("Eerst.\n\nZie @tbl-bestaat-niet.\n", "utf-8")
    code, output = run("render", MINI, "--project", str(project))
    assert code == 1
    assert (
        "mini-ronde/teksten/aanpak.md, regel 3: de kruisverwijzing @tbl-bestaat-niet verwijst "
        "naar niets" in output
    )
    assert "stack traceback" not in output
    assert report_hashes(project) == before


def test_dollars_stay_dollars_and_a_bom_is_no_text(project: Path) -> None:
    text_file(project, "aanpak.md").write_bytes(
        "\ufeff# Werkwijze\r\n\r\nDe kosten: $x$ en $5 tot $10 per uur.\r\n".encode()
    )
    code, output = run("render", MINI, "--project", str(project))
    assert code == 0, output
    html = (project / "report" / "_output" / f"{MINI}.html").read_text(encoding="utf-8")
    assert "De kosten: $x$ en $5 tot $10 per uur." in html
    assert "\ufeff" not in html and 'class="math' not in html
    tree = project / "data" / "processed" / MINI / "quarto"
    typ = (tree / "_generated" / f"{MINI}.typ").read_text(encoding="utf-8")
    assert "Werkwijze" in typ and "\\$x\\$" in typ


# --- no traceback reaches a consultant --------------------------------------------------------


def test_a_malformed_names_key_is_a_dutch_error(project: Path) -> None:
    before = report_hashes(project)
    (project / "names-key.yaml").write_text("namen:\n  - naam: [Jan\n    rol: x\n", "utf-8")
    code, output = run("render", MINI, "--project", str(project))
    assert code == 1
    assert "Het rapport is niet gemaakt" in output and "names-key.yaml, regel " in output
    assert report_hashes(project) == before
    code, output = run("check", MINI, "--project", str(project))
    assert code == 1 and "names-key.yaml, regel " in output
    (project / "names-key.yaml").write_text("namen:\n  - naam: Jan\n    leeftijd: 3\n", "utf-8")
    code, output = run("render", MINI, "--project", str(project))
    assert code == 1 and "names-key.yaml" in output and "rol" in output
    assert report_hashes(project) == before


def _make_read_only(folder: Path, read_only: bool) -> None:
    """Read-only for real: file modes, or for root (who ignores them) the immutable flag."""
    paths = [folder, *folder.rglob("*")]
    if os.geteuid() == 0:
        flag = "+i" if read_only else "-i"
        subprocess.run(["chattr", flag, *map(str, paths)], check=True)
    else:
        for path in paths:
            path.chmod((0o555 if path.is_dir() else 0o444) if read_only else 0o755)


def test_a_read_only_output_folder_is_a_dutch_error(project: Path) -> None:
    before = report_hashes(project)
    output_dir = project / "report" / "_output"
    _make_read_only(output_dir, True)
    try:
        code, output = run("render", MINI, "--project", str(project))
        assert code == 1, output
        assert "Het maken van het rapport is mislukt: geen toestemming om " in output
        assert "report/_output" in output and "Details: " in output
        log = project / "data" / "processed" / "fout.log"
        assert "PermissionError" in log.read_text(encoding="utf-8")
        assert report_hashes(project) == before
    finally:
        _make_read_only(output_dir, False)


def test_check_reports_a_markdown_note_renamed_to_docx(project: Path) -> None:
    before = report_hashes(project)
    notes = project / "data" / "raw" / MINI / "interviews"
    (notes / "beta.md").rename(notes / "beta.docx")
    code, output = run("check", MINI, "--project", str(project))
    assert code == 1
    assert "mini-ronde/interviews/beta.docx" in output
    assert report_hashes(project) == before


def test_check_reports_a_docx_with_a_huge_entry(project: Path) -> None:
    before = report_hashes(project)
    note = project / "data" / "raw" / MINI / "interviews" / "gamma.docx"
    with zipfile.ZipFile(note, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            block = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB unpacked, about 300 KB packed
                entry.write(block)
    code, output = run("check", MINI, "--project", str(project))
    assert code == 1
    assert "mini-ronde/interviews/gamma.docx" in output
    assert report_hashes(project) == before
