"""The worker process: grades items one at a time under a time and memory limit.

A worker is a fresh `python -m tfjudge.batch.worker` talking to its owner over two pipes
(framed pickles, `multiprocessing.connection.Connection`). The owner is the local engine's
driver, or a Ray task on a Ray worker: both use `WorkerProcess`, so a crashing, hanging or
memory-hungry item becomes the same error row whichever engine ran it.

- memory: the worker's address space is capped with `RLIMIT_AS`, so a runaway allocation
  raises `MemoryError` (an error row; the worker is then replaced) or kills the worker;
- time: the owner waits at most `timeout` seconds for each result, then kills the worker
  and starts a new one for the next item;
- crash: a worker that dies (a segfault in a C extension, `os._exit`) closes its pipe; the
  owner records the item as an error and starts a new worker.

The local engine queues a second item behind the one being graded (`QUEUE_DEPTH`), so a
worker starts its next item as soon as it sends a result instead of waiting for the
driver to be scheduled on a busy machine. Only small items are queued, so the queued
bytes always fit in the pipe and the owner never blocks writing to a busy worker; the
time limit of a queued item starts when the item before it is done. An item queued
behind one that fails (a crash, the time or memory limit) was never started: the owner
takes it back (`take_back`) and gives it to a worker again.

Fresh interpreters rather than `fork`: the owner may hold threads (a progress display,
pyarrow's pool, Ray's gRPC) that a forked child would inherit in an unknown state.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import signal
import subprocess
import sys
import time
import traceback
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from tfjudge import compile_cache
from tfjudge.batch.items import STATUS_ERROR, Graded, Item, failed

if TYPE_CHECKING:  # the worker process imports it after installing the compile cache
    from tfjudge.batch.grade import GradeOptions

START_TIMEOUT = 120.0  # seconds for a worker to import tfjudge and say it is ready
QUEUE_DEPTH = 2  # items a worker holds: the one it grades and one waiting in its pipe
PIPE_BYTES = 1 << 20  # asked of the kernel for the items' pipe (Linux; 64 KiB otherwise)
_QUEUED_PART = 4  # a queued item takes at most this fraction of the pipe (framing included)


class WorkerStartError(RuntimeError):
    """A worker could not start (a bad initializer, a broken installation)."""


class WorkerProcess:
    """One worker process and the item it is grading, seen from its owner."""

    def __init__(self, options: GradeOptions) -> None:
        self.options = options
        self.process: subprocess.Popen[bytes] | None = None
        self.inbox: Connection | None = None  # results from the worker
        self.outbox: Connection | None = None  # items to the worker
        self.ready = False
        self.items: deque[Item] = deque()  # sent, in order; the first is being graded
        self.returned: list[Item] = []  # queued behind a failed item, never started
        self.deadline = 0.0  # of the first item (of the start-up while not ready)
        self.pipe_bytes = 0

    # -- life cycle --------------------------------------------------------------------

    def start(self) -> None:
        to_child_read, to_child_write = os.pipe()
        from_child_read, from_child_write = os.pipe()
        command = [sys.executable, "-m", "tfjudge.batch.worker"]
        command += [str(to_child_read), str(from_child_write)]
        self.process = subprocess.Popen(
            command,
            pass_fds=(to_child_read, from_child_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child_read)
        os.close(from_child_write)
        self.pipe_bytes = _widen_pipe(to_child_write)
        self.outbox = Connection(to_child_write, readable=False)
        self.inbox = Connection(from_child_read, writable=False)
        self.ready = False
        self.items.clear()
        self.deadline = time.monotonic() + START_TIMEOUT
        self.outbox.send(self.options)

    def stop(self) -> None:
        """Ask the worker to exit; kill it if it does not within a second."""
        if self.process is None:
            return
        with contextlib.suppress(OSError, ValueError):
            if self.outbox is not None and not self.items:
                self.outbox.send(None)
        try:
            self.process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close()

    def kill(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()
        self._close()

    def _close(self) -> None:
        for connection in (self.inbox, self.outbox):
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.close()
        self.inbox = self.outbox = None
        self.process = None
        self.ready = False
        self.returned += self.items  # never started (a failed item was popped first)
        self.items.clear()

    @property
    def alive(self) -> bool:
        return self.process is not None

    @property
    def busy(self) -> bool:
        return bool(self.items)

    def take_back(self) -> list[Item]:
        """Items that were queued behind a failed one: they must go to a worker again."""
        returned, self.returned = self.returned, []
        return returned

    # -- one item ----------------------------------------------------------------------

    def send(self, item: Item, payload: bytes | None = None) -> Graded | None:
        """Hand the worker an item; a worker that died meanwhile fails it at once.

        `payload`: the item already pickled (see `queueable`)."""
        assert self.outbox is not None and self.ready and len(self.items) < QUEUE_DEPTH
        if not self.items:
            self.deadline = time.monotonic() + self.options.timeout
        self.items.append(item)
        try:
            self.outbox.send_bytes(payload or pickle.dumps(item, pickle.HIGHEST_PROTOCOL))
        except (OSError, ValueError):
            return self.crashed()
        return None

    def queueable(self, item: Item) -> bytes | None:
        """The pickled item when it may wait in the pipe of this busy worker, else None."""
        if not self.busy or len(self.items) >= QUEUE_DEPTH or not self.ready:
            return None
        payload = pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
        return payload if len(payload) + 16 <= self.pipe_bytes // _QUEUED_PART else None

    def receive(self) -> Graded | None:
        """Read what the worker sent: a result, or None when it was the start-up signal."""
        assert self.inbox is not None
        try:
            message: Any = self.inbox.recv()
        except (EOFError, OSError):
            if not self.ready:
                self._failed_start(None)
            return self.crashed()
        if not self.ready:
            if message != ("ready", None):
                self._failed_start(message)
            self.ready = True
            return None
        result: Graded = message
        self.items.popleft()
        if self.items:  # the worker has started the queued item
            self.deadline = time.monotonic() + self.options.timeout
        if result.fatal:  # memory exhausted: a fresh process for the next item
            self.kill()
        return result

    def expire(self) -> Graded | None:
        """Called when the deadline has passed: stop the worker and fail its item."""
        if not self.ready:
            self.kill()
            raise WorkerStartError(f"a batch worker did not start within {START_TIMEOUT:g} s")
        item = self.items.popleft() if self.items else None
        self.kill()
        if item is None:
            return None
        timeout = self.options.timeout
        return failed(item, STATUS_ERROR, f"no result within {timeout:g} s (the item was stopped)")

    def crashed(self) -> Graded | None:
        """The worker died: fail the item it was grading (any queued one is taken back)."""
        item = self.items.popleft() if self.items else None
        status = self._exit_status()
        self.kill()
        if item is None:
            return None
        message = f"the worker process died on this item ({status_text(status)})"
        return failed(item, STATUS_ERROR, message)

    def _exit_status(self) -> int | None:
        if self.process is None:
            return None
        try:
            return self.process.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            return None

    def _failed_start(self, message: object) -> None:
        status = self._exit_status()
        self.kill()
        detail = message[1] if isinstance(message, tuple) and len(message) == 2 else None
        reason = str(detail).strip() if detail else status_text(status)
        raise WorkerStartError(f"a batch worker could not start: {reason}")

    def run(self, items: list[Item]) -> list[Graded]:
        """Grade `items`, blocking, each queued behind the one before: what a Ray task does
        with its batch (items of distinct `seq`). Results come in the order of `items`."""
        todo = deque(items)
        results: dict[int, Graded] = {}
        while todo or self.items:
            if not self.alive:
                self.start()
            if self.ready:
                while todo and len(self.items) < QUEUE_DEPTH and self.alive:
                    payload = self.queueable(todo[0]) if self.busy else None
                    if self.busy and payload is None:
                        break
                    self._keep(self.send(todo.popleft(), payload), results, todo)
            if not self.alive or (self.ready and not self.busy):
                continue  # a worker lost while sending is started again
            assert self.inbox is not None
            remaining = self.deadline - time.monotonic()
            if remaining > 0 and wait([self.inbox], remaining):
                self._keep(self.receive(), results, todo)
            else:
                self._keep(self.expire(), results, todo)
        return [results[item.seq] for item in items]

    def _keep(self, result: Graded | None, results: dict[int, Graded], todo: deque[Item]) -> None:
        if result is not None:
            results[result.seq] = result
        todo.extendleft(reversed(self.take_back()))


def _widen_pipe(descriptor: int) -> int:
    """Ask for a larger pipe buffer; return the buffer's size in bytes."""
    import fcntl

    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    get_size = getattr(fcntl, "F_GETPIPE_SZ", None)
    if set_size is None or get_size is None:
        return 4096  # POSIX's least: only the smallest items are queued
    with contextlib.suppress(OSError):  # a user's pipe limits may refuse it
        fcntl.fcntl(descriptor, set_size, PIPE_BYTES)
    try:
        return int(fcntl.fcntl(descriptor, get_size))
    except OSError:
        return 4096


def status_text(status: int | None) -> str:
    if status is None:
        return "no exit status"
    if status < 0:
        try:
            return f"killed by {signal.Signals(-status).name}"
        except ValueError:
            return f"killed by signal {-status}"
    return f"exit status {status}"


# -- the worker side -------------------------------------------------------------------


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    import resource

    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _die_with_owner() -> None:
    """Linux: a worker whose owner dies is killed too, even in the middle of an endless loop."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def _prepare(options: GradeOptions) -> None:
    for entry in options.sys_path:
        if entry not in sys.path:
            sys.path.append(entry)
    if options.initializer:
        module_name, _, function = options.initializer.partition(":")
        getattr(importlib.import_module(module_name), function)()
    from tfjudge.launch import start_collecting
    from tfjudge.rules.registry import all_rules

    all_rules()  # import every rule before the first item's clock starts
    start_collecting()  # what start-up built lives as long as the worker: frozen
    _limit_memory(options.memory_mb)


def serve(inbox: Connection, outbox: Connection) -> None:
    from tfjudge.batch.grade import grade, memory_message

    options: GradeOptions = inbox.recv()
    try:
        _prepare(options)
    except BaseException as exc:  # reported to the owner, which stops the run
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        outbox.send(("error", detail))
        return
    outbox.send(("ready", None))
    while True:
        try:
            item: Item | None = inbox.recv()
        except EOFError:
            return
        if item is None:
            return
        try:
            result = grade(item, options)
        except MemoryError:
            result = failed(item, STATUS_ERROR, memory_message(options), fatal=True)
        outbox.send(result)
        if result.fatal:
            return


def main(argv: list[str]) -> int:
    _die_with_owner()
    # start-up as the `tfjudge` command's (tfjudge.launch): the collector off until
    # _prepare's start_collecting, and what `re` and the records compile taken from the
    # cache file (compiling it again cost a worker ~230 M instructions)
    gc.disable()
    compile_cache.install()
    inbox = Connection(int(argv[0]), writable=False)
    outbox = Connection(int(argv[1]), readable=False)
    with contextlib.suppress(EOFError, BrokenPipeError, KeyboardInterrupt):
        serve(inbox, outbox)
    compile_cache.save()  # what the analysis compiled, which the driver never does
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
