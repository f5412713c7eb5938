"""Interview notes in Markdown and in Word: the same fragments, the same evidence codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document

from evaltools.ingest.interview_docx import read_interview_docx
from evaltools.ingest.interview_md import read_interview
from evaltools.ingest.interviews import Fragment
from evaltools.ingest.validate import catalogue, check_round
from evaltools.new_round.forms import load_config
from tests.support.paths import DATA


def word_note(path: Path, front: list[str], sections: dict[str, list[tuple[str, str]]]) -> Path:
    """A Word note as a consultant types it: title, 'sleutel: waarde' lines, Kop 2 sections.

    Each section item is (style, text); style '' is a plain paragraph.
    """
    document = Document()
    document.add_heading("Interview", level=1)
    for line in front:
        document.add_paragraph(line)
    for heading, items in sections.items():
        document.add_heading(heading, level=2)
        for style, text in items:
            document.add_paragraph(text, style=style or None)
    document.save(str(path))
    return path


BETA_FRONT = [
    "hub: beta",
    "datum: 2026-03-02",
    "vorm: online",
    "interviewers: interviewer 1, interviewer 2",
    "respondenten: [coördinator]",
    "citeerbaar: nee",
]


def test_word_note_reads_front_matter_and_fragments(tmp_path: Path) -> None:
    path = word_note(
        tmp_path / "beta.docx",
        BETA_FRONT,
        {
            "Ontwikkelfase en robuustheid": [
                ("List Bullet", "sterkte: Een vaste coördinator."),
                ("", "Vrije aantekening zonder soort, wordt overgeslagen."),
                ("List Bullet", "aandachtspunt: Rollen zijn nog niet belegd."),
            ],
            "bedrijven": [
                ("", "context: Twee bedrijven denken mee."),
                ("List Bullet", "Sterkte: Een bedrijf levert een docent."),
            ],
        },
    )
    note, problems = read_interview_docx(path, "beta.docx", load_config(DATA / "mini-ronde"))
    assert problems == []
    assert note.meta.hub == "beta"
    assert note.meta.date == dt.date(2026, 3, 2)
    assert note.meta.form == "online"
    assert note.meta.interviewers == ["interviewer 1", "interviewer 2"]
    assert note.meta.respondents == ["coördinator"]
    assert note.meta.quotable is False
    assert note.hub_place == "alinea 2"
    # paragraphs: 1 title, 2-7 front matter, 8 heading, 9-11 items, 12 heading, 13-14 items
    assert note.fragments == [
        Fragment("beta", "robuustheid", 1, "sterkte", "Een vaste coördinator.", "alinea 9"),
        Fragment(
            "beta", "robuustheid", 2, "aandachtspunt", "Rollen zijn nog niet belegd.", "alinea 11"
        ),
        Fragment("beta", "bedrijven", 1, "context", "Twee bedrijven denken mee.", "alinea 13"),
        Fragment("beta", "bedrijven", 2, "sterkte", "Een bedrijf levert een docent.", "alinea 14"),
    ]


def test_markdown_note_places_are_lines(tmp_path: Path) -> None:
    note, problems = read_interview(
        DATA / "mini-ronde" / "interviews" / "alpha.md",
        "alpha.md",
        load_config(DATA / "mini-ronde"),
    )
    assert problems == []
    assert note.hub_place == "regel 2"
    assert [(f.evidence_id, f.kind, f.place) for f in note.fragments] == [
        ("iv-alpha-robuustheid-1", "sterkte", "regel 14"),
        ("iv-alpha-robuustheid-2", "aandachtspunt", "regel 15"),
        ("iv-alpha-bedrijven-1", "sterkte", "regel 19"),
        ("iv-alpha-bedrijven-2", "context", "regel 20"),
    ]


def test_round_accepts_a_word_note_with_the_same_evidence_as_markdown(mini_round: Path) -> None:
    raw_md, problems = check_round(mini_round)
    assert problems == []
    markdown = [(e.id, e.kind, e.text) for e in catalogue(raw_md) if e.source == "interview"]

    note = mini_round / "interviews" / "beta.md"
    lines = note.read_text(encoding="utf-8").splitlines()
    end = lines.index("---", 1)
    sections: dict[str, list[tuple[str, str]]] = {}
    for line in lines[end + 1 :]:
        if line.startswith("## "):
            sections[line[3:]] = []
        elif line.startswith("- "):
            sections[list(sections)[-1]].append(("List Bullet", line[2:]))
    word_note(mini_round / "interviews" / "beta.docx", lines[1:end], sections)
    note.unlink()

    raw_docx, problems = check_round(mini_round)
    assert problems == []
    assert [file for file, _ in raw_docx.interviews] == [
        "mini-ronde/interviews/alpha.md",
        "mini-ronde/interviews/beta.docx",
    ]
    evidence = [e for e in catalogue(raw_docx) if e.source == "interview"]
    assert [(e.id, e.kind, e.text) for e in evidence] == markdown
    beta = [e for e in evidence if e.hub == "beta"]
    assert beta and all(e.place.startswith("alinea ") for e in beta)
    assert all(e.file == "mini-ronde/interviews/beta.docx" for e in beta)


def _problems(path: Path) -> list[str]:
    _, problems = read_interview_docx(path, "beta.docx", load_config(DATA / "mini-ronde"))
    return [str(problem) for problem in problems]


def test_word_note_problems_name_the_paragraph(tmp_path: Path) -> None:
    path = word_note(
        tmp_path / "beta.docx",
        BETA_FRONT,
        {
            "Financiën": [("List Bullet", "sterkte: Goed begroot.")],
            "robuustheid": [
                ("List Bullet", "Rollen nog open."),
                ("List Bullet", "kans: Een tweede locatie."),
            ],
        },
    )
    assert _problems(path) == [
        "beta.docx, alinea 8: veld 'kop': gevonden 'Financiën'; verwacht: de naam of code van "
        "een criterium van de ronde: 'Ontwikkelfase en robuustheid'; 'Structurele "
        "betrokkenheid van bedrijven'.",
        "beta.docx, alinea 11: veld 'soort': gevonden een punt zonder soort ('Rollen nog "
        "open.'); verwacht: 'sterkte:', 'aandachtspunt:' of 'context:' aan het begin van het "
        "punt (bijvoorbeeld 'sterkte: vaste projectleider').",
        "beta.docx, alinea 12: veld 'soort': gevonden een punt met de onbekende soort 'kans'; "
        "verwacht: 'sterkte:', 'aandachtspunt:' of 'context:' aan het begin van het punt "
        "(bijvoorbeeld 'sterkte: vaste projectleider').",
    ]


def test_word_note_front_matter_problems(tmp_path: Path) -> None:
    front = ["hub: beta", "datum: 2 maart 2026", "interviewers: interviewer 1"]
    path = word_note(tmp_path / "beta.docx", front, {"robuustheid": []})
    assert _problems(path) == [
        "beta.docx, alinea 3: veld 'datum': gevonden '2 maart 2026'; verwacht: een datum als "
        "JJJJ-MM-DD.",
        "beta.docx, alinea 2: veld 'respondenten': gevonden niets (het veld ontbreekt); "
        "verwacht: een waarde (dit veld is verplicht).",
    ]


def test_word_note_without_front_matter(tmp_path: Path) -> None:
    path = word_note(tmp_path / "beta.docx", [], {"robuustheid": [("", "sterkte: iets")]})
    assert _problems(path) == [
        "beta.docx, alinea 1: gevonden geen kopgegevens vóór de eerste kop; verwacht: vóór de "
        "eerste kop (Kop 2) alinea's als 'hub: alpha', 'datum: 2026-03-31', 'interviewers: "
        "interviewer 1' en 'respondenten: projectleider'."
    ]


def test_word_note_with_an_impossible_date_or_aliases_is_a_problem_not_a_traceback(
    tmp_path: Path,
) -> None:
    from docx import Document

    from evaltools.ingest.interview_docx import read_interview_docx
    from evaltools.new_round.forms import load_config

    document = Document()
    lines = (
        "hub: alpha",
        "datum: 2026-02-30",
        "interviewers: [&a [x, x, x], *a, *a, *a]",
        "respondenten: projectleider",
    )
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "alpha.docx"
    document.save(str(path))
    config = load_config(DATA / "mini-ronde")
    note, problems = read_interview_docx(path, "alpha.docx", config)
    assert note is None
    assert [str(p) for p in problems] == [
        "alpha.docx, alinea 2: veld 'datum': gevonden '2026-02-30'; verwacht: een datum als "
        "JJJJ-MM-DD.",
        "alpha.docx, alinea 3: veld 'interviewers[1]': gevonden '['x', 'x', 'x']'; verwacht: "
        "tekst.",
        "alpha.docx, alinea 3: veld 'interviewers[2]': gevonden '['x', 'x', 'x']'; verwacht: "
        "tekst.",
        "alpha.docx, alinea 3: veld 'interviewers[3]': gevonden '['x', 'x', 'x']'; verwacht: "
        "tekst.",
        "alpha.docx, alinea 3: veld 'interviewers[4]': gevonden '['x', 'x', 'x']'; verwacht: "
        "tekst.",
    ]
