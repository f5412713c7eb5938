"""A QDA project as REFI-QDA XML (``project.qde``) and the entries of its ``.qdpx`` (pure).

The order of the elements is the schema's (``schema/Project-mrt2019.xsd``); the sources are
files of their own in the archive (``sources/<guid>.txt``, UTF-8), referred to as
``internal://<guid>.txt``. Positions are counted in characters (Unicode code points) from the
start of the source's text, the end exclusive, as the REFI-QDA standard says.
"""

from __future__ import annotations

import uuid

from lxml import etree

from evaltools.export.project import Code, Project, Source
from evaltools.round.errors import EvaltoolsError

NAMESPACE = "urn:QDA-XML:project:1.0"
SCHEMA_LOCATION = (
    "urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
)
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PROJECT_FILE = "project.qde"
SOURCES_DIR = "sources"
ORIGIN = "evaltools"


class InvalidProject(EvaltoolsError, ValueError):
    """The project does not conform to the REFI-QDA schema (an error in evaltools)."""


def _element(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)


def _text_element(parent: etree._Element, tag: str, text: str) -> None:
    _element(parent, tag).text = text


def source_path(source: Source) -> str:
    """The source's file inside the archive."""
    return f"{SOURCES_DIR}/{source.guid}.txt"


def project_xml(project: Project) -> bytes:
    """``project.qde``: the project as UTF-8 XML, the same bytes for the same project."""
    when = project.created.strftime("%Y-%m-%dT%H:%M:%SZ")
    user = project.user
    root = etree.Element(
        f"{{{NAMESPACE}}}Project",
        {
            f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION,
            "name": project.name,
            "origin": ORIGIN,
            "creatingUserGUID": user,
            "creationDateTime": when,
        },
        nsmap={None: NAMESPACE, "xsi": XSI},
    )
    _element(_element(root, "Users"), "User", guid=user, name=ORIGIN)
    codes = _element(_element(root, "CodeBook"), "Codes")
    for code in project.codes:
        _code(codes, code)
    variables = _element(root, "Variables")
    for variable in project.variables:
        item = _element(
            variables,
            "Variable",
            guid=variable.guid,
            name=variable.name,
            typeOfVariable=variable.type,
        )
        _text_element(item, "Description", variable.description)
    kinds = {variable.guid: variable.type for variable in project.variables}
    cases = _element(root, "Cases")
    for case in project.cases:
        item = _element(cases, "Case", guid=case.guid, name=case.name)
        if case.description:
            _text_element(item, "Description", case.description)
        for variable_guid, value in case.values:
            holder = _element(item, "VariableValue")
            _element(holder, "VariableRef", targetGUID=variable_guid)
            tag = "IntegerValue" if kinds[variable_guid] == "Integer" else "TextValue"
            _text_element(holder, tag, str(value))
        for source_guid in case.sources:
            _element(item, "SourceRef", targetGUID=source_guid)
    sources = _element(root, "Sources")
    for source in project.sources:
        item = _element(
            sources,
            "TextSource",
            guid=source.guid,
            name=source.name,
            plainTextPath=f"internal://{source.guid}.txt",
            creatingUser=user,
            creationDateTime=when,
        )
        _text_element(item, "Description", f"{source.file} (bestand in de ruwe invoer)")
        for selection in source.selections:
            part = _element(
                item,
                "PlainTextSelection",
                guid=selection.guid,
                name=selection.evidence,
                startPosition=str(selection.start),
                endPosition=str(selection.end),
                creatingUser=user,
                creationDateTime=when,
            )
            where = f", {selection.place}" if selection.place else ""
            _text_element(part, "Description", f"{selection.code}: {source.file}{where}")
            for code_guid in selection.codes:
                coding = _element(
                    part,
                    "Coding",
                    guid=_coding_guid(selection.guid, code_guid),
                    creatingUser=user,
                    creationDateTime=when,
                )
                _element(coding, "CodeRef", targetGUID=code_guid)
            for note_guid in selection.notes:
                _element(part, "NoteRef", targetGUID=note_guid)
    if project.notes:
        notes = _element(root, "Notes")
        for note in project.notes:
            item = _element(
                notes,
                "Note",
                guid=note.guid,
                name=note.name,
                creatingUser=user,
                creationDateTime=when,
            )
            _text_element(item, "PlainTextContent", note.text)
    for empty in (variables, cases, sources):
        if len(empty) == 0:  # the schema wants at least one item in each, or no element
            root.remove(empty)
    _text_element(root, "Description", project.description)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _coding_guid(selection: str, code: str) -> str:
    """A coding's GUID from its selection and code (both uuid5s already): deterministic."""
    return str(uuid.uuid5(uuid.UUID(selection), code))


def _code(parent: etree._Element, code: Code) -> None:
    attributes = {
        "guid": code.guid,
        "name": code.name,
        "isCodable": "true" if not code.children else "false",
    }
    if code.colour:
        attributes["color"] = code.colour
    item = _element(parent, "Code", **attributes)
    if code.description:
        _text_element(item, "Description", code.description)
    for child in code.children:
        _code(item, child)


def archive_entries(project: Project) -> dict[str, bytes]:
    """The files of the ``.qdpx`` by their name in the archive: the project, then the sources."""
    entries = {PROJECT_FILE: project_xml(project)}
    for source in project.sources:
        entries[source_path(source)] = source.text.encode("utf-8")
    return entries


def validate(document: bytes, schema: etree.XMLSchema) -> None:
    """Refuse a ``project.qde`` that the REFI-QDA schema does not accept."""
    tree = etree.fromstring(document)
    if schema.validate(tree):
        return
    errors = [f"regel {e.line}: {e.message}" for e in list(schema.error_log)[:5]]
    raise InvalidProject(
        "Het REFI-QDA-project is niet geschreven: het voldoet niet aan het schema "
        "(Project-mrt2019.xsd). Dit is een fout in evaltools; meld het met deze regels:\n"
        + "\n".join(f"  - {error}" for error in errors)
    )
