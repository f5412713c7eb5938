"""Fuzz suite: generated broken and hostile inputs (forms, notes, assessments, YAML, round
texts) through `validate`, `check` and (a few) `render`.

Each case runs in one worker process (tests/support/fuzz_worker.py) under a 1 GiB memory limit
and a 30 s limit, and must end in success or a Dutch problem list: never a traceback, never an
"onverwachte fout", never a change to the last good report. Generation is derandomized, so a
failure shows again on the next run; the failing input is in the assertion message.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from evaltools.round.limits import (
    MAX_BUDGET,
    MAX_CELL_CHARS,
    MAX_ID_CHARS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
)
from tests.support.paths import MINI, REPO
from tests.support.project import make_project

pytestmark = pytest.mark.slow

SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
DUTCH = ("probleem gevonden", "problemen gevonden", "is in orde", "Controle van ronde")


class Worker:
    def __init__(self, root: Path, pristine: Path):
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.fuzz_worker", str(pristine)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
        )
        self.count = 0
        self.pristine = pristine

    def run(self, command: str, files: dict[str, bytes], root: Path | None = None) -> dict:
        self.count += 1
        case = {
            "id": self.count,
            "command": command,
            "round": MINI,
            "root": str(root or self.root),
            "files": {k: base64.b64encode(v).decode() for k, v in files.items()},
        }
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(case) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the worker died (memory limit or crash) on " + repr(files)[:2000]
        return json.loads(line)

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory):
    root = make_project(tmp_path_factory.mktemp("fuzz"))
    pristine = tmp_path_factory.mktemp("pristine") / MINI
    shutil.copytree(root / "data" / "raw" / MINI, pristine)
    output = root / "report" / "_output"
    output.mkdir(parents=True)
    for suffix in ("html", "pdf", "docx"):  # the last good report, as far as these runs know
        (output / f"{MINI}.{suffix}").write_bytes(f"laatste goede rapport ({suffix})".encode())
    process = Worker(root, pristine)
    yield process
    process.close()


def graceful(result: dict, files: dict[str, bytes]) -> None:
    shown = {k: v[:600] for k, v in files.items()}
    assert result["error"] == "", f"{result['error']}\ninput: {shown}"
    assert "Traceback" not in result["output"], (result["output"], shown)
    assert "onverwachte fout" not in result["output"], (result["output"], shown)
    assert result["exit"] in (0, 1), (result, shown)
    if result["exit"] == 1:
        assert (
            any(marker in result["output"] for marker in DUTCH)
            or "niet gemaakt" in (result["output"])
        ), (result["output"], shown)
    assert not result["report_changed"], shown
    assert result["seconds"] < 30


def pristine_bytes(relative: str) -> bytes:
    return (REPO / "tests" / "data" / MINI / relative).read_bytes()


# --- generators -------------------------------------------------------------------------------

KEYS = [
    "hub", "type", "dominant_kenmerk", "criteria", "score", "sterktes", "aandachtspunten",
    "tekst", "bronnen", "randvoorwaarden", "onderscheidend", "samenvatting", "ronde", "hubs",
    "id", "naam", "datum", "periode_begin", "evenementen", "rubriek", "wiskunde", "status",
    "budget",
]  # fmt: skip
HOSTILE = [  # issue 28: formulas, foreign evidence, escapes, bidi, zero width, emoji
    '=HYPERLINK("http://127.0.0.1:9/","klik")',
    "iv-beta-robuustheid-1",
    "Technohub \u202eateB",
    "\x1b]0;titel\x07\x1b[2J",
    "nul\u200bbreedte",
    "Technohub 🚀",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["2026-02-30", "alpha", "ze-alpha-doel-1", "!!python/object", "~", "0x1F"])
    | st.sampled_from(HOSTILE)
    | st.sampled_from([10**30, MAX_BUDGET + 1, -1, "a" * (MAX_ID_CHARS + 1)])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)


@st.composite
def mutated_text(draw, base: str) -> str:
    """A valid file's text with lines replaced, dropped, doubled or broken."""
    lines = base.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, max(len(lines) - 1, 0)))
        action = draw(
            st.sampled_from(["replace", "drop", "double", "indent", "anchor", "text", "again"])
        )
        line = lines[index] if lines else ""
        if action == "replace":
            key = line.split(":")[0] if ":" in line else "x"
            lines[index] = f"{key}: {yaml.safe_dump(draw(values), default_flow_style=True).strip()}"
        elif action == "drop" and lines:
            lines.pop(index)
        elif action == "double":
            lines.insert(index, line)
        elif action == "again" and ":" in line:  # the same key twice, another value
            lines.insert(index + 1, f"{line.split(':')[0]}: {draw(st.sampled_from(HOSTILE))!r}")
        elif action == "indent":
            lines[index] = draw(st.sampled_from(["\t", "   ", " "])) + line
        elif action == "anchor":
            lines[index] = line + draw(st.sampled_from([" &a", " *a", " !!binary", " !!set", " {"]))
        else:
            lines[index] = draw(st.text(max_size=60))
    return "\n".join(lines) + "\n"


@st.composite
def encoded(draw, text: str) -> bytes:
    """UTF-8 (perhaps with BOM and CRLF), Latin-1, or broken bytes."""
    how = draw(st.sampled_from(["utf-8", "bom", "crlf", "latin-1", "truncate", "flip"]))
    data = text.encode("utf-8", "surrogatepass") if how != "latin-1" else b""
    if how == "bom":
        data = b"\xef\xbb\xbf" + data
    elif how == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif how == "latin-1":
        data = text.encode("latin-1", "replace")
    elif how == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "flip" and data:
        index = draw(st.integers(0, len(data) - 1))
        data = data[:index] + bytes([draw(st.integers(0, 255))]) + data[index + 1 :]
    return data


TEXT_PIECES = [
    "{{< include /etc/os-release >}}",
    "{{< include ../pyproject.toml >}}",
    "{{< include _generated/parts/scores.md >}}",
    "{{< var hubs.deelnemend >}}",
    "{{< var bestaat.niet >}}",
    "{{< embed x.ipynb#a >}}",
    "![](http://127.0.0.1:9/t.png)",
    "![x](_generated/figures/x.svg)",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x](https://example.org)",
    "$x^2$ en $5",
    "@tbl-bestaat-niet",
    "@sec-inleiding",
    "<script>alert(1)</script>",
    "```{=html}\n<b>x</b>\n```",
    "::: {.callout-note}\n## Let op\n:::",
    "# Kop {#sec-x}",
    "<!-- tabel: scores -->",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Bel 06–12345678",
    "zeven deelnemende Technohubs",
    "\u202e\u0000\x1b[31m",
    "Technohub 🚀 en \u200b",
]
round_texts = st.lists(
    st.sampled_from(TEXT_PIECES) | st.text(max_size=80), min_size=0, max_size=8
).map("\n\n".join)


@st.composite
def notes(draw) -> bytes:
    base = pristine_bytes("interviews/alpha.md").decode()
    text = draw(mutated_text(base)) if draw(st.booleans()) else base
    text += "\n" + draw(round_texts)
    return draw(encoded(text))


def with_doctype(package: bytes, part: str) -> bytes:
    """An Office file whose ``part`` declares an entity in a DOCTYPE (issue 28)."""
    source, out = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                data = b'<!DOCTYPE x [<!ENTITY e "geheim">]>' + data.split(b"?>", 1)[-1]
            target.writestr(info, data)
    return out.getvalue()


EDGE_ROWS = [MAX_SHEET_ROWS, MAX_SHEET_ROWS + 1, 10_000, 1_048_576]
EDGE_COLUMNS = [MAX_SHEET_COLUMNS, MAX_SHEET_COLUMNS + 1, 16_384]


@st.composite
def forms(draw, base: bytes) -> bytes:
    """A filled form with cells overwritten (text, numbers, formulas, dates) or broken bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(encoded(base.decode("latin-1"))) if draw(st.booleans()) else base[:1000]
    if draw(st.integers(0, 6)) == 0:
        return with_doctype(base, draw(st.sampled_from(["xl/workbook.xml", "xl/styles.xml"])))
    workbook = load_workbook(io.BytesIO(base))
    for _ in range(draw(st.integers(1, 6))):
        sheet = workbook.worksheets[draw(st.integers(0, len(workbook.worksheets) - 1))]
        # mostly where the form is, sometimes at or past the limits (issue 28)
        row = draw(st.integers(1, 12) | st.sampled_from(EDGE_ROWS))
        column = draw(st.integers(1, 8) | st.sampled_from(EDGE_COLUMNS))
        sheet.cell(row, column).value = draw(
            st.none()
            | st.integers(-(10**9), 10**9)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(  # what a spreadsheet can hold: no control characters
                st.characters(blacklist_categories=("Cc", "Cs")), max_size=40
            ).filter(lambda t: not t.startswith("="))
            | st.sampled_from(["=1+1", "=A1", "=1/0", "2026-02-30", "Geborgd", "alpha"])
            | st.sampled_from([h for h in HOSTILE if "\x1b" not in h])
            | st.integers(MAX_CELL_CHARS - 1, 3 * MAX_CELL_CHARS).map(lambda n: "lang " * (n // 5))
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- the cases ----------------------------------------------------------------------------------
# "read": the reader `validate` uses for that file, in the worker; "validate", "check": the
# whole command on the round with the broken file.


@settings(max_examples=60, **SETTINGS)
@given(data=st.data())
def test_fuzz_assessments(worker: Worker, data) -> None:
    base = pristine_bytes("beoordeling/alpha.yaml").decode()
    text = data.draw(
        mutated_text(base) | values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))
    )
    files = {"beoordeling/alpha.yaml": data.draw(encoded(text))}
    graceful(worker.run("read", files), files)


@settings(max_examples=40, **SETTINGS)
@given(data=st.data())
def test_fuzz_round_yaml(worker: Worker, data) -> None:
    text = data.draw(mutated_text(pristine_bytes("round.yaml").decode()))
    files = {"round.yaml": data.draw(encoded(text))}
    graceful(worker.run("read", files), files)


@settings(max_examples=50, **SETTINGS)
@given(note=notes())
def test_fuzz_notes(worker: Worker, note: bytes) -> None:
    files = {"interviews/alpha.md": note}
    graceful(worker.run("read", files), files)


@settings(max_examples=50, **SETTINGS)
@given(data=st.data())
def test_fuzz_round_texts(worker: Worker, data) -> None:
    files = {"teksten/aanpak.md": data.draw(encoded(data.draw(round_texts)))}
    graceful(worker.run("read", files), files)


@settings(max_examples=30, **SETTINGS)
@given(data=st.data())
def test_fuzz_forms(worker: Worker, data) -> None:
    base = (worker.pristine / "zelfevaluaties" / "alpha.xlsx").read_bytes()
    files = {"zelfevaluaties/alpha.xlsx": data.draw(forms(base))}
    graceful(worker.run("read", files), files)


KINDS = ["assessment", "round", "note", "text", "form", "docx"]


@st.composite
def broken_round(draw, pristine: Path, first: str) -> dict[str, bytes]:
    """One or two broken files in an otherwise valid round: one of kind ``first``, perhaps
    another of any kind."""
    files: dict[str, bytes] = {}
    kinds = [first] + ([draw(st.sampled_from(KINDS))] if draw(st.booleans()) else [])
    for kind in kinds:
        if kind == "assessment":
            text = draw(mutated_text(pristine_bytes("beoordeling/beta.yaml").decode()))
            files["beoordeling/beta.yaml"] = draw(encoded(text))
        elif kind == "round":
            text = draw(mutated_text(pristine_bytes("round.yaml").decode()))
            files["round.yaml"] = draw(encoded(text))
        elif kind == "note":
            files["interviews/alpha.md"] = draw(notes())
        elif kind == "text":
            files["teksten/inleiding.md"] = draw(encoded(draw(round_texts)))
        elif kind == "form":
            base = (pristine / "zelfevaluaties" / "beta.xlsx").read_bytes()
            files["zelfevaluaties/beta.xlsx"] = draw(forms(base))
        else:
            files["interviews/gamma.docx"] = draw(
                st.sampled_from([pristine_bytes("interviews/beta.md"), b"PK\x03\x04" + b"x" * 40])
            )
    return files


# The whole commands read the whole round (both forms, every note) for each case, and check
# runs every content check as well: fewer cases than the readers above get one by one, but
# every kind of broken file in each command.
@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=5, **SETTINGS)
@given(data=st.data())
def test_fuzz_validate(worker: Worker, kind: str, data) -> None:
    files = data.draw(broken_round(worker.pristine, kind))
    graceful(worker.run("validate", files), files)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=3, **SETTINGS)
@given(data=st.data())
def test_fuzz_check(worker: Worker, kind: str, data) -> None:
    files = data.draw(broken_round(worker.pristine, kind))
    graceful(worker.run("check", files), files)


REFUSED_PIECES = [
    p for p in TEXT_PIECES[:8] if not any(s in p for s in ("scores.md", "hubs.deel", "embed"))
]
REFUSED_PIECES += ["[x](javascript:alert(1))", "@tbl-bestaat-niet", "![](/etc/hosts.png)"]
# A full render of the mini round takes longer than the fuzz suite can spend per case on a
# busy machine; the render subset therefore draws texts that the render must refuse.
refused_texts = st.tuples(
    st.lists(st.text(max_size=60), max_size=3), st.sampled_from(REFUSED_PIECES)
).map(lambda parts: "\n\n".join([*parts[0], parts[1]]))


@settings(max_examples=5, **SETTINGS)
@given(text=refused_texts)
def test_fuzz_render(worker: Worker, rendered_project: Path, text: str) -> None:
    """Hostile round texts through the render of a built project: a Dutch refusal, and the
    last good report unchanged."""
    files = {"teksten/aanpak.md": text.encode("utf-8", "surrogatepass")}
    result = worker.run("render", files, root=rendered_project)
    if result["exit"] == 0:  # a new good report took the place of the last one
        assert result["error"] == "" and "Geschreven:" in result["output"]
        return
    graceful(result, files)


@pytest.fixture(scope="module")
def rendered_project(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built mini project (the session's own stays untouched)."""
    copy = tmp_path_factory.mktemp("fuzz-render") / "project"
    shutil.copytree(built_project, copy)
    return copy
