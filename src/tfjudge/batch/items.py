"""What flows through a batch run: items to grade and their results.

An `Item` carries its texts (or the paths of a case folder's files, read by the worker)
and its labels; a `Graded` carries the two journal rows the item adds, already serialised
by the worker so the driver only writes strings. Both engines and every failure path make
rows with the functions here, so the output is the same whichever engine ran.
"""

from __future__ import annotations

import json
from dataclasses import field
from pathlib import Path
from typing import Any

from tfjudge.findings import SEVERITIES
from tfjudge.records import record

# An answer, prompt or ideal: text (tabular datasets), bytes (undecoded), or a file to read.
Text = str | bytes | Path | None

STATUS_OK = "ok"  # analysed
STATUS_INVALID = "invalid"  # the answer itself is unusable: empty, binary, too large
STATUS_ERROR = "error"  # tfjudge could not finish: crash, time or memory limit
SEVERITY_NAMES = tuple(severity.value for severity in SEVERITIES)  # a summary's count keys


@record(slots=True)
class Item:
    """One answer of a dataset to grade, with its prompt, ideal and labels."""

    seq: int  # position in the dataset: stable across runs, the output's order
    id: str
    response: Text
    prompt: Text = None
    ideal: Text = None
    labels: dict[str, str | None] = field(default_factory=dict)
    problem: str | None = None  # set by the reader for a malformed row: graded as invalid


@record(slots=True)
class Graded:
    """One item's result: its row of `responses.jsonl` and its rows of `findings.jsonl`."""

    seq: int
    id: str
    status: str
    response_row: str  # one JSON object, no newline
    finding_rows: str  # JSON lines, each ending with a newline ("" when no finding)
    deployable: bool = False
    counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # critical, high, medium, low
    fatal: bool = False  # the worker must be replaced after this item (memory exhausted)


# json.dumps with these arguments makes a new JSONEncoder at every call
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(row: dict[str, Any]) -> str:
    """The journal's JSON: compact, key order as built, stable across engines and runs."""
    return _ENCODER.encode(row)


def response_row(
    item: Item,
    status: str,
    *,
    error: str | None = None,
    summary: dict[str, Any] | None = None,
    lines: int = 0,
    notes: list[str] | None = None,
) -> dict[str, Any]:
    summary = summary or {}
    row: dict[str, Any] = {"seq": item.seq, "id": item.id, "status": status, "error": error}
    row["deployable"] = bool(summary.get("deployable", False))
    counts = [int(summary.get(severity, 0)) for severity in SEVERITY_NAMES]
    row["findings"] = sum(counts)
    row.update(zip(SEVERITY_NAMES, counts, strict=True))
    row["files"] = int(summary.get("files", 0))
    row["resources"] = int(summary.get("resources", 0))
    row["lines"] = lines
    row["notes"] = "\n".join(notes) if notes else None
    row["labels"] = item.labels
    return row


def failed(item: Item, status: str, message: str, *, fatal: bool = False) -> Graded:
    """The result of an item that could not be analysed: one response row, no finding."""
    row = response_row(item, status, error=message)
    return Graded(item.seq, item.id, status, dumps(row), "", fatal=fatal)
