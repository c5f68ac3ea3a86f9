"""The Ray engine: the local engine's work as Ray tasks in batches (`pip install 'tfjudge[ray]'`).

`--engine ray` starts a local Ray (`ray.init()`, one CPU per worker) or joins the cluster
at `--address` (or `RAY_ADDRESS`); tfjudge must be installed on every node. Each task
grades a batch of items, one at a time with the next queued, through the same
`WorkerProcess` the local engine uses (kept alive in each Ray worker between tasks), so
an item's time and memory limits, its crash isolation and its rows are the same as with
the local engine, byte for byte.
The driver keeps a bounded number of tasks in flight and writes results in input order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from itertools import islice
from typing import Any

from tfjudge.batch.grade import GradeOptions
from tfjudge.batch.items import STATUS_ERROR, Graded, Item, failed
from tfjudge.batch.local import MAX_BACKLOG, Sink, default_workers
from tfjudge.batch.worker import WorkerProcess
from tfjudge.errors import UsageError

_LOCAL_OBJECT_STORE = 256 * 1024 * 1024  # bytes: batches of answers, not data frames
_TASKS_PER_CPU = 2

# One worker process per Ray worker, reused by every task that Ray worker runs.
_worker: WorkerProcess | None = None


def grade_batch(items: list[Item], options: GradeOptions) -> list[Graded]:
    """The Ray task: grade `items` in order in this Ray worker's worker process."""
    global _worker
    if _worker is None or _worker.options != options:
        if _worker is not None:
            _worker.stop()
        _worker = WorkerProcess(options)
    return _worker.run(items)


def ray_module() -> Any:
    try:
        import ray
    except ImportError:
        raise UsageError("--engine ray needs Ray: pip install 'tfjudge[ray]'") from None
    return ray


class RayEngine:
    name = "ray"

    def __init__(
        self,
        options: GradeOptions,
        address: str | None = None,
        batch_size: int = 16,
        workers: int | None = None,
    ) -> None:
        self.options = options
        self.address = address
        self.batch_size = max(batch_size, 1)
        self.workers = workers
        self.ray = ray_module()

    def _connect(self) -> bool:
        """Start or join Ray; True when this engine started it (and so must stop it)."""
        ray = self.ray
        if ray.is_initialized():
            return False
        settings: dict[str, Any] = {
            "logging_level": logging.WARNING,
            "log_to_driver": False,
            "include_dashboard": False,
        }
        if self.address:
            ray.init(address=self.address, **settings)
        else:
            ray.init(
                num_cpus=self.workers or default_workers(),
                object_store_memory=_LOCAL_OBJECT_STORE,
                **settings,
            )
        return True

    def run(self, items: Iterator[Item], sink: Sink) -> None:
        ray = self.ray
        started = self._connect()
        try:
            cpus = int(ray.cluster_resources().get("CPU", 1))
            task = ray.remote(num_cpus=1, max_retries=2)(grade_batch)
            options = ray.put(self.options)
            limit = max(cpus * _TASKS_PER_CPU, 1)
            in_flight: dict[Any, list[Item]] = {}
            exhausted = False
            while True:
                while not exhausted and len(in_flight) < limit and sink.backlog < MAX_BACKLOG:
                    batch = list(islice(items, self.batch_size))
                    if not batch:
                        exhausted = True
                        break
                    in_flight[task.remote(batch, options)] = batch
                if not in_flight:
                    return
                ready, _ = ray.wait(list(in_flight), num_returns=1)
                for reference in ready:
                    for result in self._results(reference, in_flight.pop(reference)):
                        sink.accept(result)
        finally:
            if started:
                ray.shutdown()

    def _results(self, reference: Any, batch: list[Item]) -> list[Graded]:
        try:
            results: list[Graded] = self.ray.get(reference)
        except self.ray.exceptions.RayError as exc:  # the Ray worker itself was lost
            message = f"the Ray task failed: {type(exc).__name__}"
            return [failed(item, STATUS_ERROR, message) for item in batch]
        return results
