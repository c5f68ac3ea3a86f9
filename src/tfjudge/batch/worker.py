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

Fresh interpreters rather than `fork`: the owner may hold threads (a progress display,
pyarrow's pool, Ray's gRPC) that a forked child would inherit in an unknown state.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import subprocess
import sys
import time
import traceback
from multiprocessing.connection import Connection, wait
from typing import Any

from tfjudge.batch.grade import GradeOptions, grade, memory_message
from tfjudge.batch.items import STATUS_ERROR, Graded, Item, failed

START_TIMEOUT = 120.0  # seconds for a worker to import tfjudge and say it is ready


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
        self.item: Item | None = None
        self.deadline = 0.0

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
        self.outbox = Connection(to_child_write, readable=False)
        self.inbox = Connection(from_child_read, writable=False)
        self.ready = False
        self.item = None
        self.deadline = time.monotonic() + START_TIMEOUT
        self.outbox.send(self.options)

    def stop(self) -> None:
        """Ask the worker to exit; kill it if it does not within a second."""
        if self.process is None:
            return
        with contextlib.suppress(OSError, ValueError):
            if self.outbox is not None and self.item is None:
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
        self.item = None

    @property
    def alive(self) -> bool:
        return self.process is not None

    @property
    def busy(self) -> bool:
        return self.item is not None

    # -- one item ----------------------------------------------------------------------

    def send(self, item: Item) -> Graded | None:
        """Hand the worker an item; a worker that died meanwhile fails it at once."""
        assert self.outbox is not None and self.ready and self.item is None
        self.item = item
        self.deadline = time.monotonic() + self.options.timeout
        try:
            self.outbox.send(item)
        except (OSError, ValueError):
            return self.crashed()
        return None

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
        self.item = None
        if result.fatal:  # memory exhausted: a fresh process for the next item
            self.kill()
        return result

    def expire(self) -> Graded | None:
        """Called when the deadline has passed: stop the worker and fail its item."""
        if not self.ready:
            self.kill()
            raise WorkerStartError(f"a batch worker did not start within {START_TIMEOUT:g} s")
        item = self.item
        self.kill()
        if item is None:
            return None
        timeout = self.options.timeout
        return failed(item, STATUS_ERROR, f"no result within {timeout:g} s (the item was stopped)")

    def crashed(self) -> Graded | None:
        item = self.item
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

    def run(self, item: Item) -> Graded:
        """Grade one item, blocking: what a Ray task does for each item of its batch."""
        if not self.alive:
            self.start()
        while not self.ready:
            assert self.inbox is not None
            if not wait([self.inbox], max(self.deadline - time.monotonic(), 0.0)):
                self.expire()
            else:
                self.receive()
        early = self.send(item)
        if early is not None:
            return early
        while True:
            assert self.inbox is not None
            remaining = self.deadline - time.monotonic()
            if remaining <= 0 or not wait([self.inbox], remaining):
                expired = self.expire()
                assert expired is not None
                return expired
            result = self.receive()
            if result is not None:
                return result


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
    from tfjudge.rules.registry import all_rules

    all_rules()  # import every rule before the first item's clock starts
    _limit_memory(options.memory_mb)


def serve(inbox: Connection, outbox: Connection) -> None:
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
    inbox = Connection(int(argv[0]), writable=False)
    outbox = Connection(int(argv[1]), readable=False)
    with contextlib.suppress(EOFError, BrokenPipeError, KeyboardInterrupt):
        serve(inbox, outbox)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
