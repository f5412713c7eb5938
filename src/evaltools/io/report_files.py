"""Files of the report build: generated sources in report/_generated, outputs in report/_output."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from evaltools.report.quarto import fill_text_slots, include_sites, place_parts, shift_headings

GENERATED = "_generated"
OUTPUT = "_output"


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def read_text(path: Path) -> str:
    return Path(path).read_text(encoding="utf-8")


def prepare_sources(report_dir: Path, texts_dir: Path, analysis_dir: Path) -> list[str]:
    """Fill report/_generated with the round texts, fragments and figures.

    Returns the texts that the report includes but the round does not have; those get a
    visible notice so that the gap shows in the report and in the review.
    """
    generated = report_dir / GENERATED
    shutil.rmtree(generated, ignore_errors=True)
    shutil.copytree(analysis_dir / "fragments", generated / "parts")
    shutil.copytree(analysis_dir / "figures", generated / "figures")
    optional = (
        {
            p.relative_to(texts_dir).with_suffix("").as_posix(): read_text(p)
            for p in sorted(texts_dir.rglob("*.md"))
        }
        if texts_dir.is_dir()
        else {}
    )
    for part in sorted((generated / "parts").glob("*.md")):
        write_text(part, fill_text_slots(read_text(part), optional))
    missing = []
    for path, level in include_sites(read_text(report_dir / "index.qmd")):
        prefix = f"{GENERATED}/teksten/"
        if not path.startswith(prefix):
            continue
        name = path.removeprefix(prefix)
        source = texts_dir / name
        if source.is_file():
            available = {p.stem for p in (generated / "parts").glob("*.md")}
            text, absent = place_parts(read_text(source), f"{GENERATED}/parts", available)
            missing += [f"{name} (onderdeel)" for name in absent]
            text = shift_headings(text, level)
        else:
            missing.append(name)
            text = (
                f"::: {{.callout-warning}}\n## Tekst ontbreekt\n\nDe ronde heeft nog geen "
                f"tekst voor dit onderdeel (teksten/{name}).\n:::\n"
            )
        write_text(report_dir / path, text)
    return missing


def collect_fonts(target: Path) -> Path:
    """Copy the report's open fonts (Source Sans Pro, OFL, from its PyPI package) to ``target``.

    Only the TrueType files, in a fixed order, so that Typst picks the same faces everywhere.
    """
    import font_source_sans_pro

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    source = Path(font_source_sans_pro.font_directory)
    for font in sorted(source.glob("*.ttf")):
        shutil.copy2(font, target / font.name)
    shutil.copy2(source / "LICENSE.txt", target / "LICENSE-SourceSansPro.txt")
    return target


def copy_logos(raw_dir: Path, target: Path, names: dict[str, str]) -> None:
    """Copy the round's cover logos (round file -> fixed name) into ``target``, fresh each time."""
    shutil.rmtree(target, ignore_errors=True)
    if not names:
        return
    target.mkdir(parents=True)
    for file, name in names.items():
        shutil.copyfile(Path(raw_dir) / file, target / name)


@contextmanager
def staging_dir(report_dir: Path) -> Iterator[Path]:
    """A scratch folder next to the outputs, removed afterwards whatever happened."""
    report_dir.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".render-", dir=report_dir))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def publish(files: list[Path], output_dir: Path) -> list[Path]:
    """Move finished files into ``output_dir``; called only after every format succeeded."""
    output_dir.mkdir(parents=True, exist_ok=True)
    published = []
    for file in files:
        target = output_dir / file.name
        file.replace(target)
        published.append(target)
    return published
