"""Analysis outputs for the report: Markdown fragments and figures under analyse/."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from evaltools.io.figures import save_figure


def write_fragment(out_dir: Path, name: str, markdown: str) -> Path:
    """Write one Markdown fragment that the report includes as _generated/parts/<name>.md."""
    path = Path(out_dir) / "fragments" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    return path


def write_figure(out_dir: Path, name: str, figure: Figure, alt_text: str) -> list[Path]:
    """Write a figure under analyse/figures (SVG, PDF and its alt text)."""
    return save_figure(figure, Path(out_dir) / "figures" / name, alt_text)
