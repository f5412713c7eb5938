"""The REFI-QDA export of the sample round: valid, complete, exact, reproducible and private.

The tables are built from the raw round as the ingest notebook builds them (``build_tables``,
``write_tables``) in a scratch project, and ``evaltools export`` runs on them as a consultant
runs it. The file is read back with lxml and zipfile, as a QDA program would read it.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from evaltools.export.files import SCHEMA, project_schema
from evaltools.export.project import KINDS, build_project
from evaltools.export.qde import project_xml, validate
from evaltools.ingest.processed import read_config, read_tables, write_tables
from evaltools.ingest.tables import build_tables
from evaltools.ingest.validate import load_valid_round
from evaltools.privacy.scan import closed_evidence, withhold_quotes
from tests.support.cli import run
from tests.support.paths import REPO, SAMPLE

NS = {"q": "urn:QDA-XML:project:1.0"}
PLANTED = "Joris Verzonnen"
KEY = f"namen:\n  - naam: {PLANTED}\n    rol: projectleider\n"


def make_project(root: Path, change=None) -> Path:
    """A project with the sample round's raw files (changed by ``change``) and its tables."""
    raw = root / "data" / "raw" / SAMPLE
    shutil.copytree(REPO / "data" / "raw" / SAMPLE, raw)
    if change is not None:
        change(raw)
    round_ = load_valid_round(raw)
    write_tables(
        build_tables(round_), round_.config, root / "data" / "processed" / SAMPLE / "tables"
    )
    return root


def export(root: Path) -> tuple[int, str]:
    return run("export", SAMPLE, "--project", str(root))


def qdpx(root: Path) -> Path:
    return root / "report" / "_output" / f"{SAMPLE}.qdpx"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("export"))
    code, output = export(root)
    assert code == 0, output
    assert f"Geschreven: report/_output/{SAMPLE}.qdpx (14 bronnen, 7 cases" in output
    return root


@pytest.fixture(scope="module")
def project(exported: Path) -> etree._Element:
    with zipfile.ZipFile(qdpx(exported)) as archive:
        return etree.fromstring(archive.read("project.qde"))


@pytest.fixture(scope="module")
def evidence(exported: Path) -> pd.DataFrame:
    return read_tables(exported / "data" / "processed" / SAMPLE / "tables")["evidence"]


def test_the_export_validates_against_the_refi_qda_schema(exported: Path) -> None:
    schema_text = SCHEMA.read_text(encoding="utf-8")
    assert "This specification is licensed under the MIT license." in schema_text
    assert (SCHEMA.parent / "LICENSE").is_file()
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    with zipfile.ZipFile(qdpx(exported)) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    schema.assertValid(document)
    # the schema is not vacuous: a selection without its positions is refused
    selection = document.find(".//q:PlainTextSelection", NS)
    del selection.attrib["startPosition"]
    assert not schema.validate(document)


def test_every_evidence_item_is_a_selection_at_its_exact_text(
    exported: Path, project: etree._Element, evidence: pd.DataFrame
) -> None:
    tables = read_tables(exported / "data" / "processed" / SAMPLE / "tables")
    closed = closed_evidence(tables)
    codes = {c.get("guid"): c.get("name") for c in project.iterfind(".//q:Code", NS)}
    criteria = dict(zip(tables["criteria"]["criterion"], tables["criteria"]["name"], strict=True))
    found = {}
    with zipfile.ZipFile(qdpx(exported)) as archive:
        for source in project.iterfind(".//q:Sources/q:TextSource", NS):
            path = source.get("plainTextPath")
            assert path == f"internal://{source.get('guid')}.txt"
            text = archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
            for selection in source.iterfind("q:PlainTextSelection", NS):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                applied = [
                    codes[c.get("targetGUID")] for c in selection.iterfind("q:Coding/q:CodeRef", NS)
                ]
                found[selection.get("name")] = (text[start:end], applied)
    assert sorted(found) == sorted(evidence["id"])
    for item in evidence.itertuples():
        expected = withhold_quotes(item.text) if item.id in closed else item.text
        text, applied = found[item.id]
        assert text == expected, item.id
        criterion = [criteria[item.criterion]] if isinstance(item.criterion, str) else []
        assert applied == [*criterion, KINDS[item.kind]], item.id


def test_counts_equal_those_of_the_evidence_table(
    project: etree._Element, evidence: pd.DataFrame
) -> None:
    sources = project.findall(".//q:Sources/q:TextSource", NS)
    assert len(sources) == evidence["file"].nunique() == 14
    assert len(project.findall(".//q:Cases/q:Case", NS)) == evidence["hub"].nunique() == 7
    leaves = [c for c in project.iterfind(".//q:Code", NS) if c.get("isCodable") == "true"]
    kinds = {KINDS[kind] for kind in evidence["kind"]}
    assert len(leaves) == evidence["criterion"].dropna().nunique() + len(kinds)
    assert len(project.findall(".//q:PlainTextSelection", NS)) == len(evidence) == 358


def test_cases_carry_type_amount_and_scores(exported: Path, project: etree._Element) -> None:
    tables = read_tables(exported / "data" / "processed" / SAMPLE / "tables")
    names = {v.get("guid"): v.get("name") for v in project.iterfind(".//q:Variable", NS)}
    cases = {
        case.get("name"): {
            names[value.find("q:VariableRef", NS).get("targetGUID")]: value[1].text
            for value in case.iterfind("q:VariableValue", NS)
        }
        for case in project.iterfind(".//q:Case", NS)
    }
    mira = cases["Technohub MIRA"]
    assert mira["type"] == "systeemhub" and mira["bedrag"] == "80000"
    scores = tables["scores"].query("hub == 'mira'")
    criteria = dict(zip(tables["criteria"]["criterion"], tables["criteria"]["name"], strict=True))
    for row in scores.itertuples():
        assert mira[f"score {criteria[row.criterion]}"] == str(row.score)


def test_statements_are_notes_linked_to_the_selections_they_cite(
    exported: Path, project: etree._Element
) -> None:
    tables = read_tables(exported / "data" / "processed" / SAMPLE / "tables")
    notes = {n.get("guid"): n for n in project.iterfind(".//q:Notes/q:Note", NS)}
    linked: dict[str, set[str]] = {}
    for selection in project.iterfind(".//q:PlainTextSelection", NS):
        for ref in selection.iterfind("q:NoteRef", NS):
            linked.setdefault(notes[ref.get("targetGUID")].get("name"), set()).add(
                selection.get("name")
            )
    expected = len(tables["statements"]) + len(tables["conditions"]) + len(tables["profiles"])
    assert len(notes) == expected
    first = tables["statements"].iloc[0]
    name = "TINT · Ontwikkelfase en robuustheid · sterkte 1"
    assert linked[name] == set(first["sources"].split())
    note = next(n for n in notes.values() if n.get("name") == name)
    assert note.findtext("q:PlainTextContent", namespaces=NS).startswith(first["text"])


def test_every_reference_resolves_and_every_guid_is_unique(project: etree._Element) -> None:
    guids = [e.get("guid") for e in project.iter() if e.get("guid")]
    assert len(guids) == len(set(guids))
    targets = {e.get("targetGUID") for e in project.iter() if e.get("targetGUID")}
    assert targets and targets <= set(guids)


def test_two_exports_are_byte_identical(exported: Path, tmp_path: Path) -> None:
    again = make_project(tmp_path)
    assert export(again)[0] == 0
    assert qdpx(again).read_bytes() == qdpx(exported).read_bytes()
    with zipfile.ZipFile(qdpx(again)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 4, 29, 0, 0, 0)}


def test_a_quote_from_a_note_that_is_not_quotable_stays_out(tmp_path: Path) -> None:
    quote = "dit is voor ons echt een doorbraak geweest"

    def plant(raw: Path) -> None:
        note = raw / "interviews" / "mira.md"
        text = note.read_text(encoding="utf-8")
        old = "- sterkte: Door de vaste plek op Perron038"
        assert old in text and "citeerbaar: false" in text
        note.write_text(text.replace(old, f"- sterkte: “{quote.capitalize()}.” {old[11:]}"))

    root = make_project(tmp_path, plant)
    code, output = export(root)
    assert code == 0, output
    data = qdpx(root).read_bytes()
    with zipfile.ZipFile(qdpx(root)) as archive:
        texts = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert quote not in texts.lower() and "“…” Door de vaste plek op Perron038" in texts
    assert data  # the export was written


def test_a_planted_name_from_the_names_key_never_reaches_the_file(tmp_path: Path) -> None:
    """A name in a text the export carries stops it (as the render stops); a name only in a
    text it does not carry (a report text) cannot reach it, and the export is written."""

    def in_a_text(raw: Path) -> None:
        text = raw / "teksten" / "inleiding.md"
        text.write_text(text.read_text(encoding="utf-8") + f"\nMet dank aan {PLANTED}.\n")

    root = make_project(tmp_path / "tekst", in_a_text)
    (root / "names-key.yaml").write_text(KEY, encoding="utf-8")
    code, output = export(root)
    assert code == 0, output
    with zipfile.ZipFile(qdpx(root)) as archive:
        for name in archive.namelist():
            assert PLANTED.encode() not in archive.read(name), name
    assert PLANTED.encode() not in qdpx(root).read_bytes()

    def in_a_note(raw: Path) -> None:
        note = raw / "interviews" / "mira.md"
        old = "- sterkte: Scania stelt de eigen productieomgeving open"
        text = note.read_text(encoding="utf-8")
        assert old in text
        note.write_text(text.replace(old, f"- sterkte: {PLANTED} zegt: Scania stelt open"))

    root = make_project(tmp_path / "notitie", in_a_note)
    (root / "names-key.yaml").write_text(KEY, encoding="utf-8")
    previous = b"het vorige bestand"
    qdpx(root).parent.mkdir(parents=True)
    qdpx(root).write_bytes(previous)
    code, output = export(root)
    assert code == 1
    assert "Het REFI-QDA-project is niet gemaakt; het vorige bestand is ongewijzigd." in output
    assert "schrijf in plaats daarvan: projectleider" in output
    assert f"{SAMPLE}/interviews/mira.md" in output and PLANTED not in output
    assert qdpx(root).read_bytes() == previous


def test_without_tables_the_export_says_what_to_run_first(tmp_path: Path) -> None:
    code, output = export(tmp_path)
    assert code == 1
    assert f"Draai eerst 'evaltools ingest {SAMPLE}'" in output


def test_a_round_without_evidence_is_still_a_valid_project(exported: Path) -> None:
    tables_dir = exported / "data" / "processed" / SAMPLE / "tables"
    tables = read_tables(tables_dir)
    tables["evidence"] = tables["evidence"].iloc[0:0]
    document = project_xml(build_project(read_config(tables_dir), tables))
    validate(document, project_schema())
    assert b"<Sources" not in document and b"<Cases" not in document


def test_a_programme_without_typology_has_no_type_variable(tmp_path: Path) -> None:
    """The second programme (tests/data/tweede-programma) has no typology: its QDA project
    defines no 'type' variable and no case carries one; amount and scores stay."""
    from tests.support.forms import make_filled_forms
    from tests.support.paths import DATA

    raw = tmp_path / "tweede-programma"
    shutil.copytree(DATA / "tweede-programma", raw)
    make_filled_forms(raw, DATA / "tweede-programma-antwoorden")
    round_ = load_valid_round(raw)
    assert round_.config.programme.typology is None
    project = build_project(round_.config, build_tables(round_))
    names = [variable.name for variable in project.variables]
    assert "type" not in names
    assert "bedrag" in names and len(names) == 1 + len(round_.config.criteria)
    known = {variable.guid for variable in project.variables}
    assert project.cases and all(ref in known for c in project.cases for ref, _ in c.values)
