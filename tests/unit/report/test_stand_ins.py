"""The HTML report's fonts go into the page after pandoc (issue 13): same bytes as inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaltools.report.files import fill_stand_ins, inline_stylesheet, stand_in_stylesheet


def _project(tmp_path: Path) -> Path:
    css = tmp_path / "project" / "templates" / "rapport.css"
    (tmp_path / "project" / "fonts").mkdir(parents=True)
    (tmp_path / "project" / "fonts" / "a.ttf").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "project" / "fonts" / "b.ttf").write_bytes(b"\x00\x01font b" * 90)
    css.parent.mkdir()
    css.write_text(
        '@font-face { src: url("../fonts/a.ttf"); }\n@font-face { src: url(../fonts/b.ttf); }\n',
        encoding="utf-8",
    )
    return css


def test_a_page_with_stand_ins_filled_equals_the_inline_stylesheet(tmp_path: Path) -> None:
    css = _project(tmp_path)
    inline = inline_stylesheet(css, tmp_path / "inline.html").read_text(encoding="utf-8")
    stand_ins = stand_in_stylesheet(css, tmp_path / "short.html")
    short = (tmp_path / "short.html").read_text(encoding="utf-8")
    assert len(stand_ins) == 2 and len(short) < 300 < len(inline)
    # the body may hold a stand-in's text too: only the header's is replaced
    page = tmp_path / "page.html"
    body = f"<body><p>{next(iter(stand_ins))}</p></body>"
    page.write_text(f"<head>{short}</head>{body}", encoding="utf-8")
    fill_stand_ins(page, stand_ins)
    assert page.read_text(encoding="utf-8") == f"<head>{inline}</head>{body}"


def test_a_page_without_its_stand_in_is_an_error(tmp_path: Path) -> None:
    stand_ins = stand_in_stylesheet(_project(tmp_path), tmp_path / "short.html")
    page = tmp_path / "page.html"
    page.write_text("<head></head>", encoding="utf-8")
    with pytest.raises(ValueError, match="ontbreekt"):
        fill_stand_ins(page, stand_ins)
