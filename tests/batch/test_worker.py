"""A worker process seen from its owner: a second item queued behind the first."""

from __future__ import annotations

import time
from multiprocessing.connection import wait

from tests.batch.data import BROKEN, GOOD
from tfjudge.analysis import Settings
from tfjudge.batch.grade import GradeOptions, grade
from tfjudge.batch.items import Graded, Item
from tfjudge.batch.worker import QUEUE_DEPTH, WorkerProcess

FAULTS = "tests.batch.faults:install"


def _next_result(worker: WorkerProcess) -> Graded | None:
    assert worker.inbox is not None
    while wait([worker.inbox], max(worker.deadline - time.monotonic(), 0.0)):
        result = worker.receive()
        if result is not None or worker.ready:
            return result
    return worker.expire()


def test_a_queued_item_is_graded_after_the_first() -> None:
    options = GradeOptions(Settings(), timeout=30)
    worker = WorkerProcess(options)
    worker.start()
    try:
        assert _next_result(worker) is None and worker.ready  # the start-up signal
        first, second = Item(0, "a", BROKEN), Item(1, "b", GOOD)
        assert worker.queueable(first) is None  # an idle worker is sent an item, not queued
        assert worker.send(first) is None
        payload = worker.queueable(second)
        assert payload is not None and len(worker.items) < QUEUE_DEPTH
        assert worker.send(second, payload) is None
        assert worker.queueable(Item(2, "c", GOOD)) is None  # the queue is full
        assert _next_result(worker) == grade(first, options)
        assert _next_result(worker) == grade(second, options)
        assert not worker.busy
    finally:
        worker.stop()


def test_only_items_that_fit_the_pipe_are_queued() -> None:
    worker = WorkerProcess(GradeOptions(Settings(), timeout=30))
    worker.start()
    try:
        assert _next_result(worker) is None
        assert worker.send(Item(0, "a", GOOD)) is None
        large = Item(1, "b", GOOD + "#" * worker.pipe_bytes)
        assert worker.queueable(large) is None
        assert worker.queueable(Item(1, "b", GOOD)) is not None
    finally:
        worker.kill()


def test_the_item_queued_behind_a_hanging_one_is_taken_back() -> None:
    worker = WorkerProcess(GradeOptions(Settings(), timeout=2, initializer=FAULTS))
    worker.start()
    try:
        assert _next_result(worker) is None
        hanging, queued = Item(0, "a", "TFJUDGE-HANG\n" + GOOD), Item(1, "b", GOOD)
        worker.send(hanging)
        worker.send(queued, worker.queueable(queued))
        failed = _next_result(worker)
        assert failed is not None and failed.id == "a" and failed.status == "error"
        assert not worker.alive and worker.take_back() == [queued]
        assert worker.take_back() == []
    finally:
        worker.kill()


def test_a_batch_is_graded_in_order_through_faults() -> None:
    """What a Ray task does: a crash and a hang in the middle of a batch fail only themselves."""
    options = GradeOptions(Settings(), timeout=2, initializer=FAULTS)
    batch = [
        Item(0, "a", GOOD),
        Item(1, "b", "TFJUDGE-CRASH\n" + GOOD),
        Item(2, "c", BROKEN),
        Item(3, "d", "TFJUDGE-HANG\n" + GOOD),
        Item(4, "e", GOOD),
    ]
    worker = WorkerProcess(options)
    try:
        results = worker.run(batch)
    finally:
        worker.stop()
    assert [(r.id, r.status) for r in results] == [
        ("a", "ok"),
        ("b", "error"),
        ("c", "ok"),
        ("d", "error"),
        ("e", "ok"),
    ]
    assert results[2] == grade(batch[2], GradeOptions(Settings()))


def test_the_worker_module_installs_the_compile_cache_before_the_analysis_imports() -> None:
    """The worker process installs `compile_cache` in `main`: importing its module must not
    import the analysis first, or every pattern of it would be compiled without the cache."""
    import subprocess
    import sys

    code = (
        "import sys, tfjudge.batch.worker\n"
        "assert 'tfjudge.analysis' not in sys.modules, 'the analysis came first'\n"
        "assert 'tfjudge.batch.grade' not in sys.modules, 'grading came first'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
