"""A batch run from start to finish: dataset -> engine -> journal -> database -> report."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from dataclasses import field, replace
from pathlib import Path
from typing import Protocol, TextIO

from tfjudge import __version__
from tfjudge.batch.grade import GradeOptions
from tfjudge.batch.inputs import Columns, Dataset
from tfjudge.batch.items import STATUS_ERROR, STATUS_INVALID, Graded, Item
from tfjudge.batch.journal import RUN_INFO, Journal, Sequencer
from tfjudge.batch.local import LocalEngine, Sink
from tfjudge.batch.progress import RunProgress
from tfjudge.errors import UsageError
from tfjudge.records import record

ENGINES = ("local", "ray")


@record
class BatchOptions:
    """What `tfjudge batch` grades, where it writes, and how it runs."""

    dataset: Path
    output: Path
    grade: GradeOptions = field(default_factory=GradeOptions)
    input_format: str | None = None
    columns: Columns = field(default_factory=Columns)
    engine: str = "local"
    workers: int | None = None
    address: str | None = None  # Ray cluster; a local Ray is started when absent
    batch_size: int = 16  # items per Ray task
    resume: bool = False
    overwrite: bool = False
    report: bool = False
    progress: str = "auto"  # auto | bar | plain | none


@record
class RunSummary:
    """The counts of a batch run, as its last line reports them."""

    total: int = 0  # items in the dataset
    graded: int = 0  # graded by this run
    skipped: int = 0  # already in the output (--resume)
    invalid: int = 0
    errors: int = 0
    deployable: int = 0
    findings: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.graded / self.seconds if self.seconds > 0 else 0.0


class Engine(Protocol):
    name: str

    def run(self, items: Iterator[Item], sink: Sink) -> None: ...


class _Collector:
    """What an engine hands its results to: the sequencer, the progress and the counts."""

    def __init__(self, sequencer: Sequencer, progress: RunProgress, summary: RunSummary):
        self.sequencer = sequencer
        self.progress = progress
        self.summary = summary

    @property
    def backlog(self) -> int:
        return self.sequencer.backlog

    def accept(self, result: Graded) -> None:
        self.sequencer.accept(result)
        summary = self.summary
        summary.graded += 1
        summary.invalid += result.status == STATUS_INVALID
        summary.errors += result.status == STATUS_ERROR
        summary.deployable += result.deployable
        summary.findings += sum(result.counts)
        self.progress.advance(result.status == STATUS_ERROR)


def make_engine(options: BatchOptions) -> Engine:
    if options.engine == "local":
        return LocalEngine(options.grade, options.workers)
    if options.engine == "ray":
        from tfjudge.batch.ray_engine import RayEngine

        return RayEngine(options.grade, options.address, options.batch_size, options.workers)
    raise UsageError(f"unknown engine {options.engine!r}; known: {', '.join(ENGINES)}")


def run_batch(options: BatchOptions, stream: TextIO | None = None) -> RunSummary:
    """Grade the dataset into `options.output`; returns what was done."""
    stream = stream or sys.stderr
    if options.grade.initializer and not options.grade.sys_path:
        # the workers import the initializer from wherever the driver could
        options.grade = replace(options.grade, sys_path=tuple(sys.path))
    _check_extras(options)
    dataset = Dataset(options.dataset, options.input_format, options.columns)
    engine = make_engine(options)
    journal = Journal(options.output)
    done = journal.open(resume=options.resume, overwrite=options.overwrite)
    _write_run_info(options, dataset)
    summary = RunSummary(total=dataset.count())
    progress = RunProgress(max(summary.total - len(done), 0), options.progress, stream)
    sequencer = Sequencer(journal)
    collector = _Collector(sequencer, progress, summary)
    started = time.monotonic()
    progress.start()
    finished = False
    try:
        engine.run(_to_grade(dataset, done, sequencer, summary), collector)
        finished = True
    finally:
        summary.seconds = time.monotonic() - started
        journal.close()
        progress.stop("finished" if finished else "stopped")
    from tfjudge.batch.database import build_database

    summary.outputs = [journal.responses_path, journal.findings_path]
    summary.outputs.insert(0, build_database(options.output))
    if options.report:
        from tfjudge.batch.report import write_report

        summary.outputs += write_report(options.output)
    return summary


def _check_extras(options: BatchOptions) -> None:
    """Fail before grading, not after, when an extra the run needs is not installed."""
    from tfjudge.batch.database import duckdb_module

    duckdb_module()
    if options.report:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise UsageError("--report needs matplotlib: pip install 'tfjudge[batch]'") from None


def _to_grade(
    dataset: Dataset, done: dict[int, str], sequencer: Sequencer, summary: RunSummary
) -> Iterator[Item]:
    for item in dataset.items():
        previous = done.get(item.seq)
        if previous is None:
            yield item
            continue
        if previous != item.id:
            raise UsageError(
                f"the output holds another dataset's results (item {item.seq + 1} was "
                f"{previous!r}, now {item.id!r}): use another -o or --overwrite"
            )
        summary.skipped += 1
        sequencer.skip(item.seq)


def _write_run_info(options: BatchOptions, dataset: Dataset) -> None:
    info = {
        "tool": {"name": "tfjudge", "version": __version__},
        "dataset": str(options.dataset),
        "format": dataset.kind,
        "columns": dataset.columns,
        "engine": options.engine,
        "select": options.grade.settings.select,
        "ignore": options.grade.settings.ignore,
        "timeout": options.grade.timeout,
        "memory_mb": options.grade.memory_mb,
    }
    path = options.output / RUN_INFO
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
