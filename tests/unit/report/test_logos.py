"""Cover logos in the HTML report: embedded as data URIs by filters/logos.lua, with alt text."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from evaltools.tools import pandoc
from tests.support.paths import REPO

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'


def _html(tree: Path, logos: list[dict[str, str]]) -> str:
    """The report template with ``logos`` as the render writes it (cwd: the staged project)."""
    document = {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": []}
    metadata = tree / "logos.json"
    metadata.write_text(json.dumps({"title": "Rapport", "logos": logos}), encoding="utf-8")
    return pandoc.convert(
        json.dumps(document),
        "html5",
        None,
        from_format="json",
        options=[
            "--standalone",
            f"--metadata-file={metadata}",
            "--lua-filter",
            str(REPO / "report" / "filters" / "logos.lua"),
            "--template",
            str(REPO / "report" / "templates" / "rapport.html"),
        ],
        cwd=tree,
        epoch=0,
    )


def test_cover_logos_are_data_uris_with_their_alt_text(tmp_path: Path) -> None:
    folder = tmp_path / "_generated" / "logos"
    folder.mkdir(parents=True)
    (folder / "logo1.png").write_bytes(PNG)
    (folder / "logo2.svg").write_bytes(SVG)
    html = _html(
        tmp_path,
        [
            {"bestand": "logo1.png", "omschrijving": "Logo van de opdrachtgever"},
            {"bestand": "logo2.svg", "omschrijving": "Logo van het adviesbureau"},
        ],
    )
    png, svg = BeautifulSoup(html, "html.parser").select("p.logos img")

    def said(image, attribute: str) -> str:  # pandoc may wrap a long attribute over lines
        return " ".join(image[attribute].split())

    assert png["src"] == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert said(png, "alt") == "Logo van de opdrachtgever" and not png.has_attr("role")
    assert svg["src"].startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(svg["src"].split(",", 1)[1]) == SVG
    assert svg["role"] == "img"
    assert said(svg, "aria-label") == said(svg, "alt") == "Logo van het adviesbureau"


@pytest.mark.parametrize("name", ["../geheim.png", "logo1.exe", "/etc/logo1.png"])
def test_a_logo_outside_the_fixed_names_stops_the_render(tmp_path: Path, name: str) -> None:
    (tmp_path / "_generated" / "logos").mkdir(parents=True)
    shutil.copyfile(REPO / "report" / "templates" / "rapport.css", tmp_path / "geheim.png")
    with pytest.raises(pandoc.PandocError, match="geen afbeelding uit _generated/logos/"):
        _html(tmp_path, [{"bestand": name, "omschrijving": "Logo"}])
