"""The shape of the code: who opens files, how long a module may be, one error base class.

The import direction is checked by import-linter (``make lint``, ``[tool.importlinter]`` in
pyproject.toml); these tests keep the rest of the shape that ``docs/architecture.md`` describes.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import evaltools
from evaltools.round.errors import EvaltoolsError

PACKAGE = Path(evaltools.__file__).parent

# Every way our code touches the file system (reading, writing, creating, removing, moving).
FILE_ACCESS = re.compile(
    r"\bopen\(|\.open\(|\.read_text\(|\.write_text\(|\.read_bytes\(|\.write_bytes\(|"
    r"\.to_csv\(|read_csv\(|\.savefig\(|load_workbook\(|\.save\(|\.mkdir\(|\.unlink\(|"
    r"\.rmdir\(|\bshutil\.|\bos\.replace\(|\bos\.remove\(|\.rename\(|\btempfile\.|\.touch\("
)

# The readers and writers of each package: only these modules touch files; every other module
# is pure (it takes values and returns values), so that it can be tested without a disk.
# A stage's entry point (``stage``, ``render``) stages and publishes its outputs.
FILE_MODULES = {
    "round": {
        "input_files",
        "sealed",
        "new_files",
        "build_log",
        "error_log",
        "code_state",
        "paths",
        "lock_files",
        "publish_files",
        "programme",  # reads the packaged default programme (defaults/programma.yaml)
    },
    "privacy": {"files"},
    "ingest": {
        "stage",
        "processed",
        "cache",
        "zelfevaluatie_xlsx",
        "zelfevaluatie_writer",
        "wederhoor_form",
        "xlsx_limits",
    },
    "analyse": {"stage", "freeze", "figure_files", "outputs"},
    "report": {"render", "files", "provenance_files", "reference_docx", "render_cache"},
    "review": {"command", "dictionary"},
    "wederhoor": {"drafts"},
    "export": {"files"},
    "new_round": set(),
    "build": {"params", "stamp"},
    "preview": {"serve_files", "watch_files"},
}
# tools wrap external programs (and the files they read and write): every module may.
TOOLS = "tools"
MAX_LINES = 500


def _modules() -> list[tuple[str, str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        package = parts[0] if len(parts) > 1 else ""
        found.append((package, parts[-1], path))
    return found


def _touches_files(path: Path) -> bool:
    return any(
        FILE_ACCESS.search(line) and not line.lstrip().startswith("#")
        for line in path.read_text(encoding="utf-8").splitlines()
    )


def test_only_the_readers_and_writers_touch_files() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}"
        for package, module, path in _modules()
        if package != TOOLS
        and _touches_files(path)
        and module not in FILE_MODULES.get(package, set())
    ]
    assert offenders == [], (
        "these modules open, write or move files but are not a reader or writer of their "
        "package: move the file access into one (see FILE_MODULES)"
    )


def test_every_declared_reader_or_writer_exists_and_touches_files() -> None:
    declared = {
        (package, module) for package, modules in FILE_MODULES.items() for module in modules
    }
    actual = {(package, module) for package, module, path in _modules() if _touches_files(path)}
    assert declared - actual == set()


def test_the_check_finds_file_access() -> None:
    """The rule is not vacuous: the patterns see the ways modules write."""
    for line in ('Path("x").write_text("a")', "shutil.rmtree(folder)", "frame.to_csv(path)"):
        assert FILE_ACCESS.search(line)
    assert not FILE_ACCESS.search('"a".replace("b", "c")')


def test_every_package_is_listed_and_documented() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == {*FILE_MODULES, TOOLS}
    for name in packages:
        assert ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text())), name


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_is_over_the_limit(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_every_error_of_ours_derives_from_the_one_base() -> None:
    errors = []
    for info in pkgutil.walk_packages(evaltools.__path__, "evaltools."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                value.__module__ == module.__name__
                and issubclass(value, BaseException)
                and not issubclass(value, EvaltoolsError)
            ):
                errors.append(f"{module.__name__}.{value.__name__}")
    # _LimitExceeded is PyYAML's own signal inside the loader, turned into a problem there
    assert errors == ["evaltools.round.yaml_source._LimitExceeded"]


ENTRY_POINTS = {
    "validate": "evaltools.ingest.validate:check_round",
    "ingest": "evaltools.ingest.stage:ingest",
    "analyse": "evaltools.analyse.stage:analyse",
    "render": "evaltools.review.gate:gated_render",
    "check": "evaltools.review.command:round_verdict",
    "build": "evaltools.build.run:build_rounds",
    "nieuwe-ronde": "evaltools.new_round.create:create_new_round",
    "wederhoor": "evaltools.wederhoor.send:write_drafts",
    "export": "evaltools.export.command:export_round",
    "template zelfevaluatie": "evaltools.new_round.forms:write_forms",
    "template beoordeling": "evaltools.new_round.forms:write_assessment_skeletons",
}


@pytest.mark.parametrize("command", sorted(ENTRY_POINTS))
def test_each_command_has_one_entry_point_that_lists_its_steps(command: str) -> None:
    module_name, function_name = ENTRY_POINTS[command].split(":")
    module = importlib.import_module(module_name)
    function = getattr(module, function_name)
    steps = (inspect.getdoc(module) or "") + "\n" + (inspect.getdoc(function) or "")
    assert re.search(r"^1\. .*\n(?:.*\n)*?2\. ", steps, flags=re.M), (
        f"{ENTRY_POINTS[command]}: its module or function docstring lists the steps in order"
    )
    # the command line: cli.py, and the modules of commands with their own options
    cli = "\n".join(path.read_text(encoding="utf-8") for path in sorted(PACKAGE.glob("cli*.py")))
    assert f"import {function_name}" in cli or f".{function_name}(" in cli, command
    architecture = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert function_name in architecture, command
