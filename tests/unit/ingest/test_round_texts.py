"""Round texts are trusted Markdown within the round: `validate` refuses what reads or fetches
from elsewhere, with file and line (issue: hostile and broken input)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaltools.cli import app
from evaltools.ingest.round_texts import decode_text
from evaltools.ingest.texts import inside_generated, text_problems
from evaltools.ingest.validate import check_round

LABEL = "ronde/teksten/inleiding.md"


def problems_of(text: str, *, math: bool = False) -> list[str]:
    return [str(p) for p in text_problems({LABEL: text}, math=math)]


@pytest.mark.parametrize(
    "include",
    [
        "/etc/os-release",
        "../pyproject.toml",
        "_generated/../../pyproject.toml",
        "_generated/parts/../../../../etc/passwd",
        "~/geheim.md",
        "C:\\Windows\\win.ini",
        "file:///etc/passwd",
        "teksten/inleiding.md",
    ],
)
def test_an_include_outside_the_generated_tree_is_refused(include: str) -> None:
    problems = problems_of(f"Eerste regel.\n\n{{{{< include {include} >}}}}\n")
    assert len(problems) == 1
    assert problems[0].startswith(f"{LABEL}, regel 3: veld 'include': gevonden '{include}'")
    assert "zonder '..' en niet absoluut" in problems[0]


def test_an_include_of_a_generated_part_is_allowed() -> None:
    assert problems_of("{{< include _generated/parts/scores.md >}}\n") == []
    assert inside_generated("_generated/figures/a.png")
    assert not inside_generated("_generated")


def test_an_include_hidden_inside_a_line_is_refused() -> None:
    problems = problems_of("Zie {{< include /etc/passwd >}} hier.\n")
    assert len(problems) == 1 and "alleen op een eigen regel" in problems[0]


@pytest.mark.parametrize(
    ("markdown", "found"),
    [
        ("![](http://127.0.0.1:8765/t.png)", "een afbeelding van internet"),
        ("![logo](https://example.org/logo.png)", "een afbeelding van internet"),
        ("![x](/etc/hosts.png)", "een afbeelding buiten de ronde"),
        ("![x](../../geheim.png)", "een afbeelding buiten de ronde"),
        ("![x][ref]\n\n[ref]: http://example.org/x.png", "een afbeelding van internet"),
    ],
)
def test_an_image_from_elsewhere_is_refused(markdown: str, found: str) -> None:
    problems = problems_of(f"Tekst.\n\n{markdown}\n")
    assert len(problems) == 1, problems
    line = 5 if "[ref]:" in markdown else 3  # a reference image: where its URL stands
    assert problems[0].startswith(f"{LABEL}, regel {line}: veld 'afbeelding': gevonden {found}")


@pytest.mark.parametrize(
    "markdown",
    [
        "[klik](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x](file:///etc/passwd)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x][r]\n\n[r]: vbscript:msgbox",
    ],
)
def test_a_link_with_another_scheme_is_refused(markdown: str) -> None:
    problems = problems_of(f"Tekst.\n\n{markdown}\n")
    assert len(problems) == 1, problems
    line = 5 if "[r]:" in markdown else 3
    assert problems[0].startswith(f"{LABEL}, regel {line}: veld 'link': gevonden een link van")


def test_web_mail_and_internal_links_and_generated_figures_are_no_problem() -> None:
    text = (
        "Zie [de regeling](https://example.org/regeling), [mail](mailto:info@example.org),\n"
        "[hoofdstuk](#sec-inleiding), <https://example.org> en @sec-aanpak.\n\n"
        "![Figuur](_generated/figures/scores.svg)\n\nHet kost $5 en $10.\n"
    )
    assert problems_of(text) == []


def test_a_bom_is_not_text_and_latin_1_is_a_dutch_problem() -> None:
    text, problem = decode_text("\ufeff# Kop\r\nRegel\r\n".encode(), LABEL)
    assert problem is None and text == "# Kop\nRegel\n"
    _, problem = decode_text("Eerste regel\nCoöperatie\n".encode("latin-1"), LABEL)
    assert problem is not None
    assert str(problem) == (
        f"{LABEL}, regel 2: gevonden tekst die geen UTF-8 is (waarschijnlijk Windows-1252 of "
        "Latin-1); verwacht: een bestand in UTF-8; sla het in uw editor op als 'UTF-8'."
    )


def test_validate_lists_every_text_problem_and_refuses(mini_round: Path) -> None:
    texts = mini_round / "teksten"
    (texts / "aanpak.md").write_text(
        "Intro\n\n{{< include ../../../../pyproject.toml >}}\n\n[x](javascript:alert(1))\n",
        encoding="utf-8",
    )
    (texts / "conclusies.md").write_bytes("Coöperatie\n".encode("latin-1"))
    (texts / "voorwoord.md").write_bytes("\ufeff# Voorwoord\n\nGoed.\n".encode())
    _, problems = check_round(mini_round)
    shown = [str(p) for p in problems]
    assert [s.split(":")[0] for s in shown] == [
        "mini-ronde/teksten/aanpak.md, regel 3",
        "mini-ronde/teksten/aanpak.md, regel 5",
        "mini-ronde/teksten/conclusies.md, regel 1",
    ]
    result = CliRunner().invoke(app, ["validate", str(mini_round)])
    assert result.exit_code == 1
    assert "3 problemen gevonden in de invoer" in result.output
    assert "Traceback" not in result.output


def test_a_symlinked_text_is_refused(mini_round: Path, tmp_path: Path) -> None:
    outside = tmp_path / "buiten.md"
    outside.write_text("geheim\n", encoding="utf-8")
    (mini_round / "teksten" / "aanpak.md").symlink_to(outside)
    _, problems = check_round(mini_round)
    assert [str(p) for p in problems] == [
        "mini-ronde/teksten/aanpak.md: gevonden een snelkoppeling (symbolische link) in plaats "
        "van een bestand; verwacht: een gewoon bestand in de rondemap; evaltools volgt geen "
        "links, omdat die naar bestanden buiten de ronde kunnen wijzen; kopieer het bestand "
        "zelf naar deze plek."
    ]
