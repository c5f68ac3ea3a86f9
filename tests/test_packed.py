"""Keyed tables stored as an index and separately compressed entries (tfjudge.packed)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tfjudge.packed import PackedTable, write_packed

TABLE = {"s3": {"GetObject": "R"}, "sqs": {"SendMessage": "W"}, "empty": {}}


def test_round_trip(tmp_path: Path) -> None:
    write_packed(TABLE, tmp_path, "t")
    table = PackedTable(tmp_path, "t")
    assert dict(table) == TABLE
    assert len(table) == 3 and "sqs" in table and "ec2" not in table


def test_entries_are_decoded_only_when_looked_up(tmp_path: Path) -> None:
    write_packed(TABLE, tmp_path, "t")
    table = PackedTable(tmp_path, "t")
    (tmp_path / "t.pack").write_bytes(b"")  # the pack is not read until an entry is needed
    assert list(table) == ["s3", "sqs", "empty"]


def test_same_input_same_bytes(tmp_path: Path) -> None:
    write_packed(TABLE, tmp_path / "a", "t")
    write_packed(TABLE, tmp_path / "b", "t")
    for name in ("t.pack", "t.index.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_shipped_tables_open_from_package_data() -> None:
    folder = resources.files("tfjudge") / "data" / "iam"
    actions = PackedTable(folder, "actions")
    assert "GetObject" in actions["s3"]
    policies = PackedTable(folder, "managed_policies")
    assert "logs:CreateLogGroup" in policies["/service-role/AWSLambdaBasicExecutionRole"]["a"]
