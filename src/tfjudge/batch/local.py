"""The local engine: a pool of worker processes over the machine's cores.

The driver hands each idle worker one item (and queues a second behind it, see
`worker`), waits on every worker's pipe at once, and replaces a worker that crashed,
overran its item's time or ran out of memory. Items are
pulled from the dataset only when a worker is free (and the writer is not too far
behind a slow item), so memory holds a bounded window of the dataset.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import wait
from typing import Protocol

from tfjudge.batch.grade import GradeOptions
from tfjudge.batch.items import Graded, Item
from tfjudge.batch.worker import WorkerProcess

MAX_BACKLOG = 5000  # results waiting for a slow earlier item before dispatch pauses


class Sink(Protocol):
    @property
    def backlog(self) -> int: ...

    def accept(self, result: Graded) -> None: ...


def default_workers() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


class LocalEngine:
    name = "local"

    def __init__(self, options: GradeOptions, workers: int | None = None) -> None:
        self.options = options
        self.size = max(workers or default_workers(), 1)
        # fetched from the dataset or taken back from a failed worker, not yet sent
        self._pending: deque[Item] = deque()
        self._exhausted = False

    def run(self, items: Iterator[Item], sink: Sink) -> None:
        workers = [WorkerProcess(self.options) for _ in range(self.size)]
        self._pending, self._exhausted = deque(), False
        try:
            while True:
                self._dispatch(workers, items, sink)
                watched = [w for w in workers if w.busy or (w.alive and not w.ready)]
                done = self._exhausted and not self._pending
                if done:  # no item will be sent to a worker still starting
                    watched = [w for w in watched if w.busy]
                if watched:
                    self._wait(watched, sink)
                elif done:
                    return
        finally:
            for worker in workers:
                if worker.busy:
                    worker.kill()
                else:
                    worker.stop()

    def _next(self, items: Iterator[Item], sink: Sink) -> Item | None:
        """The next item to send (left pending until sent), or None for now."""
        if self._pending:
            return self._pending[0]
        if self._exhausted or sink.backlog >= MAX_BACKLOG:
            return None  # a fetched item is always dispatched; a new one may wait
        item = next(items, None)
        if item is None:
            self._exhausted = True
            return None
        self._pending.append(item)
        return item

    def _dispatch(self, workers: list[WorkerProcess], items: Iterator[Item], sink: Sink) -> None:
        """Give each idle worker an item, starting workers that are not running; then queue
        a small item behind the one each busy worker grades."""
        for worker in workers:
            if worker.busy:
                continue
            item = self._next(items, sink)
            if item is None:
                return
            if not worker.alive:
                worker.start()
            if worker.ready:
                self._pending.popleft()
                self._settle(worker, worker.send(item), sink)
        for worker in workers:
            if not worker.busy:
                continue
            item = self._next(items, sink)
            if item is None:
                return
            payload = worker.queueable(item)
            if payload is not None:
                self._pending.popleft()
                self._settle(worker, worker.send(item, payload), sink)

    def _settle(self, worker: WorkerProcess, result: Graded | None, sink: Sink) -> None:
        """Pass on a result; items the worker could not start go back to the front."""
        if result is not None:
            sink.accept(result)
        self._pending.extendleft(reversed(worker.take_back()))

    def _wait(self, watched: list[WorkerProcess], sink: Sink) -> None:
        soonest = min(w.deadline for w in watched)
        inboxes = [w.inbox for w in watched]
        ready = wait([i for i in inboxes if i is not None], max(soonest - time.monotonic(), 0))
        for worker, inbox in zip(watched, inboxes, strict=True):
            if inbox is not None and inbox in ready:
                result = worker.receive()
            elif worker.alive and time.monotonic() >= worker.deadline:
                result = worker.expire()
            else:
                continue
            self._settle(worker, result, sink)
