"""tfjudge.shipped.load_json: the marshal copy gives what the JSON decodes to, is made
again when the file changes, and is only skipped where it cannot be written."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tfjudge import shipped


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    (folder / "aws").mkdir(parents=True)
    monkeypatch.setattr(shipped, "DATA", folder)
    monkeypatch.setattr(shipped, "_COPIES", tmp_path / "__pycache__" / "data")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return folder


def test_the_copy_holds_what_json_decodes(data: Path) -> None:
    document = {"b": [1, 2.5, None, True], "a": {"x": "ü"}, "": []}
    (data / "aws" / "table.json").write_text(json.dumps(document), encoding="utf-8")
    first = shipped.data_json("aws/table.json")
    copy = shipped._COPIES / "aws.table.json.marshal"
    assert copy.is_file()
    second = shipped.data_json("aws/table.json")
    assert first == second == document
    assert list(second) == list(document)  # key order kept


def test_a_changed_file_is_decoded_again(data: Path) -> None:
    path = data / "aws" / "table.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    assert shipped.data_json("aws/table.json") == {"a": 1}
    path.write_text('{"a": 22}', encoding="utf-8")
    assert shipped.data_json("aws/table.json") == {"a": 22}


def test_unwritable_copies_only_cost_decoding(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = data.parent / "a file"
    blocker.write_text("")
    monkeypatch.setattr(shipped, "_COPIES", blocker / "data")
    (data / "aws" / "table.json").write_text('{"a": 1}', encoding="utf-8")
    assert shipped.data_json("aws/table.json") == {"a": 1}


def test_a_file_outside_the_data_folder_is_decoded(tmp_path: Path, data: Path) -> None:
    path = tmp_path / "elsewhere.json"
    path.write_text("[1]", encoding="utf-8")
    assert shipped.load_json(path) == [1]
    assert not shipped._COPIES.exists()


def test_pythondontwritebytecode_keeps_no_copy(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    (data / "aws" / "table.json").write_text('{"a": 1}', encoding="utf-8")
    assert shipped.data_json("aws/table.json") == {"a": 1}
    assert not (tmp_path / "__pycache__").exists()
