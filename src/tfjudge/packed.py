"""Keyed tables shipped as package data and read one entry at a time.

A table of thousands of entries (IAM's actions by service, AWS's managed policies) is
stored as two files: `<name>.index.json`, the keys with the offset and length of each
entry, and `<name>.pack`, every entry's JSON compressed on its own with zlib. Opening a
table reads only the index; an entry is decompressed when it is first looked up. An
answer names a handful of services and policies, so a process pays for those alone
instead of decoding the whole table at start-up.

    write_packed({"s3": {...}, "sqs": {...}}, folder, "actions")   # by the data scripts
    table = PackedTable(shipped.DATA / "iam", "actions")   # tfjudge.shipped
    table["s3"]    # decoded on first use, then kept
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from tfjudge.shipped import load_json


class PackedTable(Mapping[str, Any]):
    def __init__(self, folder: Path, name: str) -> None:
        self._pack = folder / f"{name}.pack"
        index = load_json(folder / f"{name}.index.json")
        self._where: dict[str, tuple[int, int]] = {k: (o, n) for k, (o, n) in index.items()}
        self._decoded: dict[str, Any] = {}
        self._bytes: bytes | None = None

    def __getitem__(self, key: str) -> Any:
        if key not in self._decoded:
            offset, length = self._where[key]
            self._decoded[key] = json.loads(zlib.decompress(self._raw()[offset : offset + length]))
        return self._decoded[key]

    def __contains__(self, key: object) -> bool:
        return key in self._where

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def _raw(self) -> bytes:
        # one read of the compressed pack (a few hundred kB) serves every later lookup
        if self._bytes is None:
            self._bytes = self._pack.read_bytes()
        return self._bytes


def write_packed(table: Mapping[str, Any], folder: Path, name: str) -> None:
    """Write `table` as `<name>.pack` and `<name>.index.json` (same input, same bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    pack = bytearray()
    index: dict[str, list[int]] = {}
    for key, value in table.items():
        blob = zlib.compress(json.dumps(value, separators=(",", ":")).encode(), 9)
        index[key] = [len(pack), len(blob)]
        pack += blob
    (folder / f"{name}.pack").write_bytes(bytes(pack))
    text = json.dumps(index, separators=(",", ":"))
    (folder / f"{name}.index.json").write_text(text + "\n", encoding="utf-8")
