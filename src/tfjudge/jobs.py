"""Analysing several answers at once, one worker process per core (`tfjudge analyze -j N`).

Each worker analyses an answer and renders what the command prints for it, so only
strings and plain data cross between processes, never parse trees. The workers are forked
from the command's process after it has imported the rules, so none of them pays the
start-up again. Results come back in the order the answers were given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from tfjudge.analysis import Settings, analyze
from tfjudge.errors import InputError
from tfjudge.records import record
from tfjudge.render import RenderOptions, render
from tfjudge.response.loader import directory_files
from tfjudge.rules.registry import applicable_rules


class Request(NamedTuple):
    """What to do with each answer: the inputs shared by all, and how to report."""

    prompt: Path | None
    ideal: Path | None
    settings: Settings
    output_format: str
    options: RenderOptions
    combined: bool  # several answers go into one document: a JSON list or one SARIF log

    @property
    def inputs(self) -> list[str]:
        """The inputs given besides the answers ("prompt", "ideal"): what rules may need."""
        return [name for name in ("prompt", "ideal") if getattr(self, name) is not None]


@record
class Outcome:
    """What one answer's analysis gives the command: its report or its error."""

    path: Path
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    fails: bool = False
    report: str = ""  # the answer's own report, when not combined
    document: Any = None  # its part of the combined document


def default_jobs(count: int) -> int:
    """One worker per core the process may use, never more than there are answers."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, count))


def analyze_all(paths: Sequence[Path], request: Request, jobs: int) -> Iterator[Outcome]:
    work = partial(outcome, request)
    if jobs > 1 and len(paths) > 1:
        import multiprocessing  # only when there is more than one answer to share out

        if "fork" in multiprocessing.get_all_start_methods():
            # the workers inherit the rules imported here instead of each importing them
            applicable_rules(request.inputs)
            with multiprocessing.get_context("fork").Pool(min(jobs, len(paths))) as pool:
                numbered = partial(_numbered, work)
                done = pool.imap_unordered(numbered, _largest_first(paths), chunksize=1)
                yield from _in_given_order(done)
            return
    yield from map(work, paths)


def _largest_first(paths: Sequence[Path]) -> list[tuple[int, Path]]:
    """The answers numbered, the largest first: a large one dealt out last would keep one
    worker busy while the others wait (longest-processing-time-first scheduling)."""
    return sorted(enumerate(paths), key=lambda numbered: -_size(numbered[1]))


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(f.stat().st_size for f in directory_files(path))
        return path.stat().st_size
    except OSError:
        return 0  # unreadable: its analysis reports why


def _numbered(work: Callable[[Path], Outcome], numbered: tuple[int, Path]) -> tuple[int, Outcome]:
    return numbered[0], work(numbered[1])


def _in_given_order(done: Iterable[tuple[int, Outcome]]) -> Iterator[Outcome]:
    """Outcomes as they come in, yielded in the order the answers were given."""
    waiting: dict[int, Outcome] = {}
    following = 0
    for number, result in done:
        waiting[number] = result
        while following in waiting:
            yield waiting.pop(following)
            following += 1


def outcome(request: Request, path: Path) -> Outcome:
    try:
        analysis = analyze(path, request.prompt, request.ideal, request.settings)
    except InputError as exc:
        return Outcome(path, error=str(exc))
    result = Outcome(path, notes=list(analysis.response.notes))
    result.fails = analysis.fails(request.settings.fail_on)
    if not request.combined:
        result.report = render(analysis, request.output_format, request.options)
    elif request.output_format == "json":
        result.document = analysis.to_dict()
    elif request.output_format == "sarif":
        from tfjudge.render.sarif import sarif_part

        result.document = sarif_part(analysis)
    return result
