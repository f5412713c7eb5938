"""The parts of Quarto the renderer implements: includes, var shortcodes, heading shifts."""

from __future__ import annotations

import pytest

from evaltools.report.quarto import (
    ShortcodeError,
    cell_label,
    expand,
    include_sites,
    place_parts,
    resolve_includes,
    resolve_vars,
    shift_headings,
)


def test_include_sites_report_the_heading_level_in_force() -> None:
    source = "# A\n{{< include a.md >}}\n## B\n\n{{< include b.md >}}\n"
    assert include_sites(source) == [("a.md", 1), ("b.md", 2)]


def test_shift_headings_moves_text_headings_below_the_section_and_unnumbers_them() -> None:
    text = "# Kop\n\ntekst\n\n```\n# geen kop\n```\n## Sub {#sec-x}\n"
    assert shift_headings(text, 2) == (
        "### Kop {.unnumbered}\n\ntekst\n\n```\n# geen kop\n```\n#### Sub {#sec-x}\n"
    )


def test_headings_of_a_text_under_a_numbered_section_are_numbered() -> None:
    """4.2 Aanbevelingen has 4.2.1, 4.2.2 as the reference report has; a text under a
    chapter (level 1) keeps unnumbered sections."""
    text = "# Clustering naar type\n\ntekst\n"
    assert shift_headings(text, 2, numbered=True) == "### Clustering naar type\n\ntekst\n"
    assert shift_headings(text, 1) == "## Clustering naar type {.unnumbered}\n\ntekst\n"


def test_includes_resolve_recursively() -> None:
    files = {"a.md": "A {{< var x >}}\n{{< include b.md >}}", "b.md": "B"}
    assert resolve_includes("{{< include a.md >}}", files.__getitem__) == "A {{< var x >}}\nB"


def test_vars_resolve_nested_names_and_unknown_names_fail_in_dutch() -> None:
    assert resolve_vars("{{< var hubs.deelnemend >}} hubs", {"hubs": {"deelnemend": 7}}) == "7 hubs"
    with pytest.raises(ShortcodeError, match="Onbekende variabele.*hubs.fout"):
        resolve_vars("{{< var hubs.fout >}}", {"hubs": {"deelnemend": 7}})


def test_placement_comments_become_embeds_or_a_visible_gap() -> None:
    text = "Voor\n<!-- tabel: typologie -->\n<!-- notitie -->\nNa\n<!-- tabel: nieuw -->\n"
    placed, missing = place_parts(text, {"typologie": "/notebooks/typologie.ipynb"})
    assert "{{< embed /notebooks/typologie.ipynb#typologie >}}" in placed
    assert "notitie" not in placed
    assert "Onderdeel ontbreekt" in placed and missing == ["nieuw"]


def test_text_slots_take_an_optional_round_text() -> None:
    from evaltools.report.quarto import fill_text_slots

    part = "### Kop\n<!-- tekst: bevindingen/a -->\n<!-- tekst: bevindingen/b -->\ntabel\n"
    filled = fill_text_slots(part, {"bevindingen/a": "Inleiding A.\n"})
    assert filled == "### Kop\nInleiding A.\n\ntabel\n"


def test_cell_labels_are_read_from_quarto_cell_options() -> None:
    assert cell_label("#| label: tbl-typologie\n#| echo: false\nMarkdown(x)") == "tbl-typologie"
    assert cell_label("#| echo: false\n#| label: 'a-b'\nx") == "a-b"
    assert cell_label("x = 1\n#| label: te-laat\n") is None


def test_includes_and_embeds_resolve_from_the_file_that_holds_them() -> None:
    files = {
        "index.qmd": "# A\n\n{{< include _generated/teksten/a.md >}}\n",
        "_generated/teksten/a.md": (
            "Tekst\n{{< include b.md >}}\n{{< embed /notebooks/x.ipynb#deel >}}\n"
        ),
        "_generated/teksten/b.md": "B\n{{< embed ../../notebooks/x.ipynb#deel >}}\n",
    }
    outputs = {("notebooks/x.ipynb", "deel"): "| tabel |\n"}
    text = expand("index.qmd", files.__getitem__, lambda nb, label: outputs.get((nb, label)))
    assert text == "# A\n\nTekst\nB\n| tabel |\n| tabel |\n"


def test_an_unknown_embed_label_is_a_dutch_error_naming_file_and_line() -> None:
    files = {
        "index.qmd": "# A\n\n{{< include t.md >}}\n",
        "t.md": "x\n\n{{< embed nb.ipynb#fout >}}\n",
    }
    with pytest.raises(ShortcodeError, match=r"^t\.md, regel 3: .*cel 'fout' in nb\.ipynb"):
        expand("index.qmd", files.__getitem__, lambda nb, label: None)
