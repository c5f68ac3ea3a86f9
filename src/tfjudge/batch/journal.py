"""The run's journal: `responses.jsonl` and `findings.jsonl`, written in input order.

Results arrive in completion order; the `Sequencer` holds the early ones until every item
before them is written, so the files are the same whichever engine ran and however the
work was interleaved, and a run that resumes after an interruption ends with the files an
uninterrupted run writes. An item's finding rows are written before its response row:
an item counts as done once its response row is complete, and `open_journal` cuts off
anything after the last complete one (an interrupted write).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import IO, Any

from tfjudge.batch.items import Graded
from tfjudge.errors import UsageError

RESPONSES = "responses.jsonl"
FINDINGS = "findings.jsonl"
RUN_INFO = "run.json"
_FLUSH_EVERY = 1.0  # seconds


class Journal:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._responses: IO[str] | None = None
        self._findings: IO[str] | None = None
        self._flushed = time.monotonic()

    @property
    def responses_path(self) -> Path:
        return self.directory / RESPONSES

    @property
    def findings_path(self) -> Path:
        return self.directory / FINDINGS

    def open(self, *, resume: bool, overwrite: bool) -> dict[int, str]:
        """Open for appending; return the items already done (seq -> id) when resuming."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create {self.directory}: {exc.strerror}") from None
        done: dict[int, str] = {}
        if self.responses_path.exists() and not (resume or overwrite):
            raise UsageError(
                f"{self.directory} holds the results of a previous run: "
                "pass --resume to continue it or --overwrite to start again"
            )
        if resume and self.responses_path.exists():
            done = _repair(self.responses_path, self.findings_path)
        else:
            for path in (self.responses_path, self.findings_path):
                path.unlink(missing_ok=True)
        self._responses = self.responses_path.open("a", encoding="utf-8")
        self._findings = self.findings_path.open("a", encoding="utf-8")
        return done

    def write(self, result: Graded) -> None:
        assert self._responses is not None and self._findings is not None
        if result.finding_rows:
            self._findings.write(result.finding_rows)
        self._responses.write(result.response_row + "\n")
        now = time.monotonic()
        if now - self._flushed > _FLUSH_EVERY:
            self.flush()
            self._flushed = now

    def flush(self) -> None:
        for stream in (self._findings, self._responses):
            if stream is not None:
                stream.flush()

    def close(self) -> None:
        self.flush()
        for stream in (self._findings, self._responses):
            if stream is not None:
                stream.close()
        self._responses = self._findings = None


def _repair(responses: Path, findings: Path) -> dict[int, str]:
    """Keep the complete response rows and the finding rows of their items; cut the rest."""
    done: dict[int, str] = {}
    with responses.open("rb+") as stream:
        offset = 0
        for line in stream:
            row = _row(line)
            if row is None:
                break
            done[row["seq"]] = str(row["id"])
            offset += len(line)
        stream.truncate(offset)
    if findings.exists():
        with findings.open("rb+") as stream:
            offset = 0
            for line in stream:
                row = _row(line)
                if row is None or row["seq"] not in done:
                    break
                offset += len(line)
            stream.truncate(offset)
    return done


def _row(line: bytes) -> dict[str, Any] | None:
    if not line.endswith(b"\n"):
        return None
    try:
        row = json.loads(line)
    except ValueError:
        return None
    if not isinstance(row, dict) or not isinstance(row.get("seq"), int) or "id" not in row:
        return None
    return row


class Sequencer:
    """Writes results in input order; items skipped by `--resume` count as written."""

    def __init__(self, journal: Journal, first: int = 0) -> None:
        self.journal = journal
        self.next = first
        self._waiting: dict[int, Graded | None] = {}

    @property
    def backlog(self) -> int:
        return len(self._waiting)

    def skip(self, seq: int) -> None:
        self._settle(seq, None)

    def accept(self, result: Graded) -> None:
        self._settle(result.seq, result)

    def _settle(self, seq: int, result: Graded | None) -> None:
        self._waiting[seq] = result
        while self.next in self._waiting:
            ready = self._waiting.pop(self.next)
            if ready is not None:
                self.journal.write(ready)
            self.next += 1
