"""Privacy of interview data (pure): people appear only by role or pseudonym.

- A key of real names (``names-key.yaml`` at the project root, never in git) lists the names
  that must never appear in the round's inputs or in an output of the report.
- E-mail addresses and phone numbers never appear in an output, nor in interview notes or in
  what the consultants write (beoordelingen, teksten, round.yaml).
- Quotes (text in quotation marks) from an interview appear only when its note says
  ``citeerbaar: true``.

The io layer reads the files; these functions get their text as :class:`Document` objects.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from evaltools.round.dutch import text_or_blank
from evaltools.round.errors import EvaltoolsError
from evaltools.round.findings import ERROR, Finding, sort_findings

KEY_FILE = "names-key.yaml"
# Inputs where e-mail addresses and phone numbers may not stand: interview notes, what the
# consultants write, and the hubs' forms (their answers reach the report). `check` and the
# render scan exactly these, so that what the render refuses the check has reported.
CONTACT_FILES = ("/interviews/", "/beoordeling/", "/teksten/", "/round.yaml", "/zelfevaluaties/")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class KeyName(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)

    name: Text = Field(alias="naam")
    role: Text = Field(alias="rol")
    """What the texts say instead: a role ('projectleider') or a pseudonym ('respondent A')."""
    variants: list[Text] = Field([], alias="varianten")
    """Other spellings that also identify the person (a surname alone, initials)."""


class NameKey(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)

    names: list[KeyName] = Field([], alias="namen")


EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
# Dutch numbers (06-12345678, 030 123 45 67, (030) 1234567, the country code 31 written with a
# plus or 00 in front) and other international numbers written with a plus. Separators include
# the en and em dash that word processors put in (06–12345678).
_SEP = r"[\s.\-\u2010-\u2015]"
PHONE = re.compile(
    r"(?<![\w+])(?:"
    rf"(?:\+|00)31{_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}?\d){{8}}"
    rf"|\(?0[1-9](?:(?:{_SEP}|\)){{0,2}}\d){{8}}"
    rf"|\+(?!31)[1-9]\d{{0,2}}(?:{_SEP}?\d){{6,12}}"
    r")(?![\w])"
)
PHONE_REGION = "NL"
# Fewer digits than this are no phone number in any notation (the shortest Dutch service
# numbers, 0800 and 0900 with four digits, have eight).
PHONE_MIN_DIGITS = 5
_DIGIT = re.compile(r"\d")
# The phonenumbers matcher only looks at runs of digits joined by at most four of its
# punctuation characters (dashes, spaces, dots, slashes, brackets, tildes, 'x'), and no
# number it calls valid has fewer digits than these: a Dutch number written without country
# code has at least five, a number of another country needs a plus (our region's trunk
# prefix 00 is two digits more) and has at least four (a country code of two digits and a
# national number of two). A text without such a run is not handed to it: the same numbers
# are found, and most texts (a heading, a year, a row of scores) cost a regular expression
# instead of the library's parse of every candidate. tests/unit/privacy/test_prefilter.py checks
# these minimums against the library's metadata and the results on generated texts.
PHONE_MATCHER_MIN_DIGITS = 5
PHONE_MATCHER_MIN_DIGITS_PLUS = 4
_MATCHER_PLUS = re.compile("[+\uff0b]")
_MATCHER_PUNCTUATION = (
    r"\s\-x\u2010-\u2015\u2212\u30fc\uff0d-\uff0f\u00a0\u00ad\u200b\u2060\u3000"
    r"()\uff08\uff09\uff3b\uff3d.\[\]/~\u2053\u223c\uff5e"
)


def _digit_run(digits: int) -> re.Pattern:
    return re.compile(rf"\d(?:[{_MATCHER_PUNCTUATION}]{{0,4}}\d){{{digits - 1}}}")


_MATCHER_RUN = _digit_run(PHONE_MATCHER_MIN_DIGITS)
_MATCHER_RUN_PLUS = _digit_run(PHONE_MATCHER_MIN_DIGITS_PLUS)


def _matcher_may_find(text: str) -> bool:
    """Whether the phonenumbers matcher could find a valid number in ``text`` at all."""
    if _MATCHER_RUN.search(text):
        return True
    return bool(_MATCHER_PLUS.search(text) and _MATCHER_RUN_PLUS.search(text))


# Text in quotation marks: "..", “..”, „..” / „..“, «..», ‘..’ (not the ASCII apostrophe).
QUOTE = re.compile(
    r'"(?P<a>[^"]{3,400}?)"|“(?P<b>[^”“]{3,400}?)”|„(?P<c>[^”“„]{3,400}?)[”“]'
    r"|«(?P<d>[^»]{3,400}?)»|‘(?P<e>[^’‘]{3,400}?)’"
)
QUOTE_MIN_WORDS = 3
_ESCAPE = re.compile(r"\\([" + re.escape(string.punctuation) + r"])")


class PrivacyError(EvaltoolsError, RuntimeError):
    """The report would show a person's name, contact details or a quote it may not show."""

    def __init__(self, findings: list[Finding]):
        self.findings = sort_findings(findings)
        lines = [
            "Het rapport is niet gemaakt: het zou persoonsgegevens of een niet-toegestaan "
            "citaat bevatten. Er is niets gepubliceerd in report/_output."
        ]
        lines += [f"  - {finding}" for finding in self.findings]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Document:
    """The text of one file, in segments that each know their place (line, cell, paragraph)."""

    file: str
    segments: Sequence[tuple[str, str]]
    """(place, text): ('regel 3', '...'), ('Criteria!D4', '...'), ('alinea 7', '...')."""

    @cached_property
    def text(self) -> str:
        """All segments, one per line, so that a name broken over two lines is still found."""
        return "\n".join(text for _, text in self.segments)

    @cached_property
    def _starts(self) -> list[int]:
        starts, position = [], 0
        for _, text in self.segments:
            starts.append(position)
            position += len(text) + 1
        return starts

    def place_at(self, offset: int) -> str:
        if not self.segments:
            return ""
        return self.segments[max(bisect.bisect_right(self._starts, offset) - 1, 0)][0]


@dataclass(frozen=True)
class Hit:
    """Personal data found in a text; ``shown`` never repeats a real name or full number."""

    what: str
    """'naam', 'e-mailadres', 'telefoonnummer' or 'citaat'."""
    shown: str
    pattern: re.Pattern
    start: int


def name_pattern(name: str) -> re.Pattern:
    """A name as whole words, any whitespace between its parts, any case."""
    words = [re.escape(word) for word in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def unescape_markdown(text: str) -> str:
    """Markdown built by evaltools escapes punctuation (``Jan\\-Willem``): read it as written."""
    return _ESCAPE.sub(r"\1", text)


def personal_data(text: str, key: NameKey | None, *, contacts: bool = True) -> list[Hit]:
    """Names from the key, and (with ``contacts``) e-mail addresses and phone numbers."""
    hits = []
    # the quick tests first: most texts (a table cell, a heading) hold no '@' and few digits
    emails = contacts and "@" in text
    phones = contacts and len(_DIGIT.findall(text)) >= PHONE_MIN_DIGITS
    for person in key.names if key else []:
        for spelling in [person.name, *person.variants]:
            pattern = name_pattern(spelling)
            for match in pattern.finditer(text):
                hits.append(
                    Hit(
                        "naam",
                        f"een naam uit {KEY_FILE} (schrijf in plaats daarvan: {person.role})",
                        pattern,
                        match.start(),
                    )
                )
    if emails:
        for match in EMAIL.finditer(text):
            hits.append(
                Hit(
                    "e-mailadres",
                    f"het e-mailadres {_masked(match.group())}",
                    re.compile(re.escape(match.group())),
                    match.start(),
                )
            )
    if phones:
        for start, found in phone_numbers(text):
            hits.append(
                Hit(
                    "telefoonnummer",
                    f"het telefoonnummer {_masked(found)}",
                    digits_pattern(found),
                    start,
                )
            )
    return sorted(hits, key=lambda hit: hit.start)


def phone_numbers(text: str) -> list[tuple[int, str]]:
    """(offset, as written) of every phone number: our patterns and the phonenumbers library
    (region NL), without runs of single digits (a row of scores is not a number)."""
    import phonenumbers

    found: dict[int, str] = {}
    for match in PHONE.finditer(text):
        # the pattern is greedy: a hit that swallowed a trailing single digit ("+32 2 123 45 67
        # 3 keer") is the number without it; a hit that is no number as written must not hide
        # the library's hit at the same place
        number = match.group()
        if not _written_as_phone(number):
            number = re.sub(rf"{_SEP}+\d$", "", number)
        if _written_as_phone(number) and len(_DIGIT.findall(number)) >= PHONE_MIN_DIGITS:
            found[match.start()] = number
    phone_matches: Iterable[phonenumbers.PhoneNumberMatch] = (
        phonenumbers.PhoneNumberMatcher(text, PHONE_REGION, leniency=phonenumbers.Leniency.VALID)
        if _matcher_may_find(text)
        else ()
    )
    for phone in phone_matches:
        if not any(start <= phone.start < start + len(s) for start, s in found.items()):
            found[phone.start] = phone.raw_string
    return sorted((start, number) for start, number in found.items() if _written_as_phone(number))


_AMOUNT = re.compile(r"\(?\d{1,3}(?:\.\d{3})+")
"""A number with thousands points (14.046 bytes, 1.395 euro): the phonenumbers library takes
some for short Dutch numbers (14 plus an area code), which nobody writes that way."""


def _written_as_phone(candidate: str) -> bool:
    """Phone numbers are written in groups (06 12 34 56 78, 030 123 45 67); more than one
    group of a single digit is a list of numbers, such as scores in a table row."""
    if _AMOUNT.fullmatch(candidate.strip()):  # "(14.046": a count or amount, not a number
        return False
    national = re.sub(r"^\s*\(?(?:\+|00)\d{1,3}\)?|\(0\)", " ", candidate)
    groups = re.findall(r"\d+", national)
    return sum(len(group) == 1 for group in groups) <= 1


def digits_pattern(found: str) -> re.Pattern:
    """The digits of ``found`` with any separators or a line break between them, so that a
    number broken over two lines in one text is found in another."""
    digits = re.findall(r"\d", found)
    lead = r"\+" if found.lstrip("( ").startswith("+") else ""
    return re.compile(r"(?<!\d)" + lead + r"[\s.()\-\u2010-\u2015]{0,3}".join(digits) + r"(?!\d)")


def _masked(found: str) -> str:
    """Enough to find it again, not enough to use it: 'a…@example.nl', '06-1…'."""
    if "@" in found:
        local, _, domain = found.partition("@")
        return f"'{local[:1]}…@{domain}'"
    return f"'{found[:4]}…'"


def quotes(text: str) -> list[str]:
    """The passages in quotation marks of ``text`` with at least three words, as written."""
    found = []
    for match in QUOTE.finditer(text):
        inner = " ".join(next(g for g in match.groups() if g is not None).split())
        inner = inner.strip(" ,.;:!?")
        if len(inner.split()) >= QUOTE_MIN_WORDS:
            found.append(inner)
    return found


def locate(pattern: re.Pattern, documents: Iterable[Document]) -> tuple[str, str] | None:
    """(file, place) of the first occurrence of ``pattern`` in ``documents``."""
    for document in documents:
        match = pattern.search(document.text)
        if match:
            return document.file, document.place_at(match.start())
    return None


def input_findings(
    documents: Iterable[Document], key: NameKey | None, contact_files: tuple[str, ...]
) -> list[Finding]:
    """Names from the key in any input; e-mail addresses and phone numbers in the inputs
    whose file label contains one of ``contact_files`` (interview notes, consultants' texts)."""
    findings = []
    for document in documents:
        contacts = any(part in document.file for part in contact_files)
        for hit in personal_data(document.text, key, contacts=contacts):
            findings.append(
                Finding(
                    ERROR,
                    f"{hit.what} in de invoer",
                    document.file,
                    document.place_at(hit.start),
                    f"{hit.shown} staat in de invoer; personen komen alleen voor met hun rol "
                    "of een pseudoniem, zonder e-mailadres of telefoonnummer",
                )
            )
    return findings


@dataclass(frozen=True)
class ForbiddenQuote:
    """A quote from an interview whose note is not quotable, with where it was said."""

    text: str
    file: str
    place: str

    @property
    def pattern(self) -> re.Pattern:
        return name_pattern(self.text)


def forbidden_quotes(tables: dict[str, pd.DataFrame]) -> list[ForbiddenQuote]:
    """Quotes in fragments of interview notes without ``citeerbaar: true``."""
    found = []
    for item in _interview_evidence(tables, quotable=False).itertuples():
        found += [ForbiddenQuote(text, item.file, str(item.place)) for text in quotes(item.text)]
    return found


def closed_evidence(tables: dict[str, pd.DataFrame]) -> set[str]:
    """Ids of the fragments of interview notes without ``citeerbaar: true``."""
    return set(_interview_evidence(tables, quotable=False)["id"])


def withhold_quotes(text: str) -> str:
    """``text`` with every quote (:func:`quotes`) left out: its quotation marks hold '…'."""

    def held(match: re.Match[str]) -> str:
        inner = next(g for g in match.groups() if g is not None)
        if len(inner.strip(" ,.;:!?").split()) < QUOTE_MIN_WORDS:
            return match.group(0)
        return match.group(0).replace(inner, "…")

    return QUOTE.sub(held, text)


def _interview_evidence(tables: dict[str, pd.DataFrame], quotable: bool) -> pd.DataFrame:
    evidence = tables["evidence"]
    interviews = tables.get("interviews", pd.DataFrame())
    if evidence.empty:
        return evidence
    allowed = (
        {f for f, q in zip(interviews["file"], interviews["quotable"], strict=True) if _true(q)}
        if not interviews.empty
        else set()
    )
    mine = evidence[evidence["source"] == "interview"]
    return mine[mine["file"].isin(allowed) == quotable]


def _true(value: object) -> bool:
    return value is True or str(value).strip().lower() in ("true", "1", "ja")


def statement_quote_findings(
    tables: dict[str, pd.DataFrame], documents: Sequence[Document]
) -> list[Finding]:
    """Quotes in the consultants' statements that can only come from a non-quotable interview.

    A quote is allowed when it stands word for word in a cited zelfevaluatie answer or in a
    cited fragment of a quotable note, or when the statement cites no non-quotable interview.
    """
    evidence = tables["evidence"]
    if evidence.empty:
        return []
    texts = dict(zip(evidence["id"], evidence["text"], strict=True))
    closed = set(_interview_evidence(tables, quotable=False)["id"])
    findings = []
    for file, text, sources in _statements(tables):
        cited = str(sources or "").split()
        if not any(source in closed for source in cited):
            continue
        open_texts = " ".join(
            " ".join(str(texts.get(s, "")).split()).lower() for s in cited if s not in closed
        )
        for quote in quotes(str(text)):
            if quote.lower() in open_texts:
                continue
            where = locate(name_pattern(quote), [d for d in documents if d.file == file])
            findings.append(
                Finding(
                    ERROR,
                    "citaat uit niet-citeerbaar interview",
                    file,
                    where[1] if where else "",
                    f"de uitspraak citeert '{clip(quote)}' en rust op een interview waarvan "
                    "de notities niet citeerbaar zijn (citeerbaar: false); schrijf het als "
                    "parafrase zonder aanhalingstekens of vraag toestemming om te citeren",
                )
            )
    return findings


def _statements(tables: dict[str, pd.DataFrame]):
    """(file, text, sources) of every statement with sources the consultants wrote."""
    for name in ("statements", "conditions"):
        table = tables.get(name, pd.DataFrame())
        if not table.empty:
            yield from zip(table["file"], table["text"], table["sources"], strict=True)
    profiles = tables.get("profiles", pd.DataFrame())
    if not profiles.empty:
        yield from zip(
            profiles["file"],
            # an all-empty column (no assessment has 'onderscheidend') is float NaN: blank
            # text per value, not fillna("") (which pandas refuses for a float column)
            profiles["distinctive"].map(text_or_blank),
            profiles["distinctive_sources"].map(text_or_blank),
            strict=True,
        )


def clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# --- the text the render generated, element by element --------------------------------------
