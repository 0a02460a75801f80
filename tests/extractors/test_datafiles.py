"""The shared TOML loader of the extractors' data files."""

from __future__ import annotations

import pytest

from pipeline.extractors.datafiles import DATA_DIR, load_toml


class SomeDataError(ValueError):
    pass


def test_reads_a_table(tmp_path):
    path = tmp_path / "words.toml"
    path.write_text('[words]\nunits = ["ha", "tấn"]\n', encoding="utf-8")
    assert load_toml(path, SomeDataError) == {"words": {"units": ["ha", "tấn"]}}


def test_a_missing_file(tmp_path):
    assert load_toml(tmp_path / "none.toml", SomeDataError, required=False) == {}
    with pytest.raises(SomeDataError, match="none.toml is missing"):
        load_toml(tmp_path / "none.toml", SomeDataError)


def test_a_malformed_file_names_itself(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[words\n", encoding="utf-8")
    with pytest.raises(SomeDataError, match="cannot read .*bad.toml"):
        load_toml(path, SomeDataError, required=False)


def test_the_data_folder_holds_every_language():
    assert all((DATA_DIR / name).is_dir() for name in ("common", "vi", "pl"))
