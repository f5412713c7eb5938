"""What the reuse of an edition's files compares besides the edition's tree (issue 27): every
file the format writers read from the staged project, and nothing they do not read."""

from __future__ import annotations

from pathlib import Path

from evaltools.report.render_edition import writer_inputs


def _project(tree: Path) -> None:
    for name, data in {
        "filters/media.lua": b"-- filter",
        "templates/rapport.typ": b"// template",
        "_generated/figures/scores.svg": b"<svg/>",
        "_generated/figures/scores.png": b"png",
        "_generated/logos/logo1.png": b"logo",
        "_generated/fonts/SourceSansPro-Regular.ttf": b"font",
        "_generated/referentie.docx": b"docx",
        "_generated/metadata.yml": b"title: x",
        "_generated/teksten/inleiding.md": b"Tekst.",
        "_generated/2026.typ": b"#set page()",
        "index.qmd": b"# Rapport",
    }.items():
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_a_changed_figure_logo_font_template_or_filter_changes_the_key(tmp_path: Path) -> None:
    _project(tmp_path)
    before = writer_inputs(tmp_path)
    assert writer_inputs(tmp_path) == before  # the same files: the same key
    for name in (
        "_generated/figures/scores.svg",
        "_generated/figures/scores.png",
        "_generated/logos/logo1.png",
        "_generated/fonts/SourceSansPro-Regular.ttf",
        "_generated/referentie.docx",
        "templates/rapport.typ",
        "filters/media.lua",
    ):
        path = tmp_path / name
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert writer_inputs(tmp_path) != before, name
        path.write_bytes(original)
    assert writer_inputs(tmp_path) == before
    # a new figure counts too, under its name
    (tmp_path / "_generated/figures/nieuw.svg").write_bytes(b"<svg/>")
    assert writer_inputs(tmp_path) != before


def test_text_the_tree_holds_and_the_writers_own_output_do_not(tmp_path: Path) -> None:
    """A part's text is in the edition's tree already (its own key); a Typst source is what
    a writer makes; index.qmd is read before the tree."""
    _project(tmp_path)
    before = writer_inputs(tmp_path)
    for name in ("_generated/teksten/inleiding.md", "_generated/2026.typ", "index.qmd"):
        (tmp_path / name).write_bytes(b"anders")
    assert writer_inputs(tmp_path) == before
