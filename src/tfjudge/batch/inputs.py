"""Datasets read as a stream of `Item`s: memory stays bounded however large the file.

Four kinds, chosen by the path (or `--input-format`):

- a directory of case folders (`PROMPT.md`, `MODEL_RESPONSE.md`, optional
  `IDEAL_RESPONSE.md`, found at any depth; the scalar fields of a `metadata.json` become
  labels). The worker reads the files, so the driver holds only paths.
- JSONL (`.jsonl`, `.ndjson`, optionally `.gz`), CSV (`.csv`, `.tsv`, optionally `.gz`) and
  Parquet (`.parquet`, read in record batches with pyarrow): one answer per row, with
  columns for the id, response, prompt and ideal (names configurable) and every other
  column kept as a label (model name, temperature, ...).

A row that cannot be graded (not JSON, no response, a response that is not text) still
becomes an item, with `problem` set: it is recorded as an invalid answer, never dropped,
so the output has one row per input row.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from tfjudge.batch.items import Item, Text
from tfjudge.errors import UsageError
from tfjudge.records import record

KINDS = ("cases", "jsonl", "csv", "parquet")
CASE_FILES = {"response": "MODEL_RESPONSE.md", "prompt": "PROMPT.md", "ideal": "IDEAL_RESPONSE.md"}
TABLE_COLUMNS = {"id": "id", "response": "response", "prompt": "prompt", "ideal": "ideal"}
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_PARQUET_BATCH = 256


@record(frozen=True)
class Columns:
    """Which column (or, for case folders, which file) holds what; None takes the default."""

    id: str | None = None
    response: str | None = None
    prompt: str | None = None
    ideal: str | None = None
    labels: tuple[str, ...] | None = None  # the label columns to keep (None: every other one)

    def resolved(self, kind: str) -> dict[str, str]:
        defaults = CASE_FILES if kind == "cases" else TABLE_COLUMNS
        chosen = {"id": self.id, "response": self.response, "prompt": self.prompt}
        chosen["ideal"] = self.ideal
        return {key: value or defaults.get(key, "") for key, value in chosen.items()}


def detect_kind(path: Path) -> str:
    if path.is_dir():
        return "cases"
    name = path.name.lower().removesuffix(".gz")
    kind = _SUFFIXES.get(Path(name).suffix)
    if kind is None:
        raise UsageError(
            f"{path}: cannot tell the dataset's format from its name; "
            f"pass --input-format ({', '.join(KINDS)})"
        )
    return kind


class Dataset:
    """A dataset on disk: `count()` for the progress bar, `items()` to stream it."""

    def __init__(self, path: Path, kind: str | None = None, columns: Columns | None = None):
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")
        self.path = path
        self.kind = kind or detect_kind(path)
        if self.kind not in KINDS:
            raise UsageError(f"unknown input format {self.kind!r}; known: {', '.join(KINDS)}")
        if self.kind == "cases" and not path.is_dir():
            raise UsageError(f"{path} is not a directory of case folders")
        self.columns = (columns or Columns()).resolved(self.kind)
        self.label_columns = (columns or Columns()).labels
        self._check_columns()

    def count(self) -> int:
        if self.kind == "cases":
            return sum(1 for _ in self._case_directories())
        if self.kind == "jsonl":
            with _open_binary(self.path) as stream:
                return sum(1 for line in stream if line.strip())
        if self.kind == "csv":
            with _open_text(self.path) as stream:
                return max(sum(1 for row in self._csv_reader(stream) if row) - 1, 0)
        return int(_parquet_file(self.path).metadata.num_rows)

    def items(self) -> Iterator[Item]:
        if self.kind == "cases":
            return self._cases()
        if self.kind == "jsonl":
            return self._jsonl()
        if self.kind == "csv":
            return self._csv()
        return self._parquet()

    # -- case folders ------------------------------------------------------------------

    def _case_directories(self) -> Iterator[Path]:
        response_name = self.columns["response"]
        for directory, subdirectories, files in os.walk(self.path):
            subdirectories.sort()
            if response_name in files:
                subdirectories.clear()  # a case's own folders are not cases
                yield Path(directory)

    def _cases(self) -> Iterator[Item]:
        for seq, directory in enumerate(self._case_directories()):
            case_id = directory.relative_to(self.path).as_posix()
            if case_id == ".":
                case_id = directory.name
            optional = {
                key: directory / self.columns[key]
                for key in ("prompt", "ideal")
                if (directory / self.columns[key]).is_file()
            }
            yield Item(
                seq,
                case_id,
                directory / self.columns["response"],
                prompt=optional.get("prompt"),
                ideal=optional.get("ideal"),
                labels=self._labels(_metadata_labels(directory / "metadata.json"), set()),
            )

    # -- tables ------------------------------------------------------------------------

    def _check_columns(self) -> None:
        header = self._header()
        if not header:  # no header, or an empty file: nothing to check
            return
        response = self.columns["response"]
        if response not in header:
            raise UsageError(
                f"{self.path} has no column {response!r} (columns: {', '.join(header)}); "
                "choose the response column with --response-col"
            )

    def _header(self) -> list[str] | None:
        if self.kind == "csv":
            with _open_text(self.path) as stream:
                return next(self._csv_reader(stream), [])
        if self.kind == "parquet":
            return list(_parquet_file(self.path).schema_arrow.names)
        if self.kind == "jsonl":  # rows may differ: the first one stands for the rest
            with _open_binary(self.path) as stream:
                first = next((line for line in stream if line.strip()), b"{}")
            try:
                row = json.loads(first)
            except (ValueError, RecursionError):
                return None
            return [str(key) for key in row] if isinstance(row, dict) else None
        return None  # case folders have files, checked case by case

    def _row_item(self, seq: int, row: dict[str, Any], where: str) -> Item:
        columns = self.columns
        raw_id = row.get(columns["id"])
        item_id = str(raw_id) if raw_id not in (None, "") else where
        reserved = {columns["id"], columns["response"], columns["prompt"], columns["ideal"]}
        item = Item(seq, item_id, None, labels=self._labels(row, reserved))
        response = row.get(columns["response"])
        if response is None:
            item.problem = f"{where} has no {columns['response']!r} value"
        elif not isinstance(response, str | bytes):
            kind = type(response).__name__
            item.problem = f"{where}: {columns['response']!r} is a {kind}, not text"
        else:
            item.response = response
        item.prompt = _optional_text(row.get(columns["prompt"]))
        item.ideal = _optional_text(row.get(columns["ideal"]))
        return item

    def _labels(self, row: dict[str, Any], reserved: set[str]) -> dict[str, str | None]:
        if self.label_columns is not None:
            return {k: _label(row.get(k)) for k in self.label_columns}
        return {str(k): _label(v) for k, v in row.items() if k not in reserved}

    def _jsonl(self) -> Iterator[Item]:
        seq = 0
        with _open_binary(self.path) as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                where = f"line {number}"
                try:
                    row = json.loads(line)
                except (ValueError, RecursionError) as exc:
                    yield Item(seq, where, None, problem=f"{where} is not valid JSON ({exc})")
                else:
                    if isinstance(row, dict):
                        yield self._row_item(seq, row, where)
                    else:
                        yield Item(seq, where, None, problem=f"{where} is not a JSON object")
                seq += 1

    def _csv_reader(self, stream: IO[str]) -> Iterator[list[str]]:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # answers are far beyond 128 kB
        delimiter = "\t" if self.path.name.lower().removesuffix(".gz").endswith(".tsv") else ","
        return csv.reader(stream, delimiter=delimiter)

    def _csv(self) -> Iterator[Item]:
        with _open_text(self.path) as stream:
            rows = self._csv_reader(stream)
            header = next(rows, [])
            seq = 0
            for row in rows:
                if not row:
                    continue
                values = dict(zip(header, row, strict=False))
                yield self._row_item(seq, values, f"row {seq + 1}")
                seq += 1

    def _parquet(self) -> Iterator[Item]:
        seq = 0
        for batch in _parquet_file(self.path).iter_batches(batch_size=_PARQUET_BATCH):
            for row in batch.to_pylist():
                yield self._row_item(seq, row, f"row {seq + 1}")
                seq += 1


def _optional_text(value: Any) -> Text:
    """A prompt or ideal: absent when missing or blank."""
    if isinstance(value, str | bytes) and value.strip():
        return value
    return None


def _label(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _metadata_labels(path: Path) -> dict[str, str | None]:
    """A case folder's `metadata.json`: its scalar fields, as labels."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(key): _label(value)
        for key, value in data.items()
        if value is None or isinstance(value, str | int | float | bool)
    }


def _open_binary(path: Path) -> IO[bytes]:
    try:
        if path.name.lower().endswith(".gz"):
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None


def _open_text(path: Path) -> IO[str]:
    return io.TextIOWrapper(_open_binary(path), encoding="utf-8-sig", errors="replace", newline="")


def _parquet_file(path: Path) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("reading Parquet needs pyarrow: pip install 'tfjudge[batch]'") from None
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own error types for a bad file
        raise UsageError(f"{path}: not a readable Parquet file ({exc})") from None
