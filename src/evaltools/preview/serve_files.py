"""The preview's web server: 127.0.0.1 only, the standard library's ``http.server``.

It serves the last good render of the edition from the round's preview folder with the
reload script (and the problems, if any) put in on the way out: the file on disk stays the
render's, byte for byte. ``/_voorbeeld/versie`` tells the page whether it is still current;
``/rapport.pdf`` is the edition's PDF; the notebook pages the report links to come from
``report/_output/<ronde>-notebooks/`` (made by ``evaltools render``). A stdlib server in a
thread: one consultant's browser is its only client, so nothing more is needed.
"""

from __future__ import annotations

import errno
import json
import mimetypes
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from evaltools.preview.plan import VERSION_PATH, served_page, waiting_page
from evaltools.round.errors import EvaltoolsError

HOST = "127.0.0.1"
PDF_PATH = "/rapport.pdf"


class PreviewError(EvaltoolsError):
    """The preview cannot start (a port in use); the message says what to do (Dutch)."""


@dataclass
class State:
    """What the server shows; the preview's worker updates it (under ``lock``)."""

    stem: str
    edition: str
    folders: list[Path]
    version: int = 0
    problems: str | None = None
    busy: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)

    def update(self, *, problems: str | None, busy: bool = False) -> None:
        with self.lock:
            self.version += 1
            self.problems, self.busy = problems, busy

    def snapshot(self) -> tuple[int, str | None, bool]:
        with self.lock:
            return self.version, self.problems, self.busy


def _file(folders: list[Path], url_path: str) -> Path | None:
    """The file ``url_path`` names in the first of ``folders`` that has it (never outside)."""
    relative = urllib.parse.unquote(url_path).lstrip("/")
    for folder in folders:
        inside = folder.resolve()
        target = (folder / relative).resolve()
        if target.is_relative_to(inside) and target.is_file():
            return target
    return None


def _handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
            return  # the terminal shows the preview's steps, not every request

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = urllib.parse.urlsplit(self.path).path
            version, problems, busy = state.snapshot()
            page = f"/{state.stem}.html"
            if path == "/":
                self.send_response(302)
                self.send_header("Location", page)
                self.end_headers()
            elif path == VERSION_PATH:
                status = {"versie": version, "problemen": problems or "", "bezig": busy}
                self._send(200, json.dumps(status).encode(), "application/json")
            elif path == page:
                found = _file(state.folders[:1], page)
                text = (
                    served_page(found.read_text(encoding="utf-8"), version, problems)
                    if found
                    else waiting_page(version, problems, state.edition)
                )
                self._send(200, text.encode("utf-8"), "text/html; charset=utf-8")
            else:
                wanted = f"/{state.stem}.pdf" if path == PDF_PATH else path
                found = _file(state.folders, wanted)
                if found is None:
                    message = "Niet gevonden (of nog niet gemaakt)."
                    self._send(404, message.encode("utf-8"), "text/plain; charset=utf-8")
                    return
                kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                self._send(200, found.read_bytes(), kind)

    return Handler


def start_server(port: int, state: State) -> ThreadingHTTPServer:
    """Serve ``state`` on 127.0.0.1:``port`` in a thread of its own; a port in use says so."""
    try:
        server = ThreadingHTTPServer((HOST, port), _handler(state))
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PreviewError(
                f"Poort {port} is al in gebruik (door een ander voorbeeld of een ander "
                "programma), of niet toegestaan. Kies een andere poort, bijvoorbeeld "
                f"'--poort {port + 1}', of stop het programma dat haar gebruikt."
            ) from None
        raise
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="voorbeeld-server", daemon=True).start()
    return server
