"""The processed tables of a round as the notebooks read them: a table read again is its file
as it is now, and a copy of its own."""

from __future__ import annotations

from pathlib import Path

from evaltools.ingest.processed import read_tables


def test_a_table_read_again_is_its_file_as_it_is_now_and_a_copy_of_its_own(
    tmp_path: Path,
) -> None:
    # a table read again is not parsed again (evaltools.ingest.processed), yet a file changed in
    # between, even to the same size, gives its new content, and no caller sees another's edit
    (tmp_path / "hubs.csv").write_text("hub,tier\nh1,2\n", encoding="utf-8")
    first = read_tables(tmp_path, ["hubs"])["hubs"]
    first.loc[0, "tier"] = 9
    again = read_tables(tmp_path)["hubs"]
    assert again.to_dict("records") == [{"hub": "h1", "tier": 2}]
    (tmp_path / "hubs.csv").write_text("hub,tier\nh1,3\n", encoding="utf-8")
    assert read_tables(tmp_path)["hubs"].to_dict("records") == [{"hub": "h1", "tier": 3}]
    (tmp_path / "leeg.csv").write_text("", encoding="utf-8")
    assert read_tables(tmp_path)["leeg"].empty
