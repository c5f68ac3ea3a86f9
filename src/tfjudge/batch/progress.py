"""Progress of a batch run: a rich bar with rate and ETA on a terminal, plain lines elsewhere."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, Task
    from rich.text import Text

PLAIN_EVERY = 10.0  # seconds between two plain progress lines


class RunProgress:
    """Counts what the run did; shows it as a bar (`bar`), lines (`plain`) or not (`none`)."""

    def __init__(self, total: int, mode: str = "auto", stream: TextIO | None = None) -> None:
        """`total`: the items this run grades (the dataset less what --resume skips)."""
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if self.stream.isatty() else "plain"
        self.mode = mode
        self.total = total
        self.done = 0  # graded in this run
        self.skipped = 0  # already in the output (--resume)
        self.errors = 0
        self.started = time.monotonic()
        self._last_line = self.started
        self._bar: Progress | None = None
        self._task: int | None = None

    def start(self) -> None:
        if self.mode == "bar":
            self._start_bar()
        elif self.mode == "plain":
            self._line("started")

    def advance(self, status_error: bool) -> None:
        self.done += 1
        self.errors += status_error
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, description=self._description())  # type: ignore[arg-type]
        elif self.mode == "plain" and time.monotonic() - self._last_line >= PLAIN_EVERY:
            self._line("")

    def skip(self) -> None:
        self.skipped += 1

    def stop(self, event: str = "finished") -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif self.mode == "plain":
            self._line(event)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def _description(self) -> str:
        return f"grading ({self.errors} error{'s' if self.errors != 1 else ''})"

    def _line(self, event: str) -> None:
        self._last_line = time.monotonic()
        share = f" ({100 * self.done / self.total:.0f}%)" if self.total else ""
        text = f"tfjudge batch: {self.done}/{self.total} answers{share}, {self.rate:.1f}/s"
        remaining = self.total - self.done
        if self.rate > 0 and remaining > 0:
            text += f", ETA {_duration(remaining / self.rate)}"
        text += f", {self.errors} error{'s' if self.errors != 1 else ''}"
        if self.skipped:
            text += f" ({self.skipped} done before)"
        if event:
            text += f" — {event}"
        print(text, file=self.stream, flush=True)

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task: Task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.1f}/s" if speed else "-/s", style="progress.data.speed")

        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=self.stream),
            transient=False,
        )
        self._bar.start()
        self._task = self._bar.add_task(self._description(), total=self.total or None)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
