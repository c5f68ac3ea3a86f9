"""A rule that misbehaves on purpose, installed in batch workers by tests (`initializer`).

An answer holding TFJUDGE-CRASH kills its worker with SIGSEGV (as a crashing C extension
would), TFJUDGE-HANG loops for ever, TFJUDGE-MEMORY allocates far beyond the worker's
memory limit. Every other answer is untouched.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

from tfjudge.findings import Category, Finding, Severity
from tfjudge.rules.context import RuleContext
from tfjudge.rules.registry import all_rules, rule


def install() -> None:
    if "test.fault" in all_rules():
        return

    @rule("test.fault", Severity.LOW, Category.FORMAT, "Misbehaves on purpose")
    def fault(ctx: RuleContext) -> Iterator[Finding]:
        text = ctx.response.text
        if "TFJUDGE-CRASH" in text:
            os.kill(os.getpid(), signal.SIGSEGV)
        if "TFJUDGE-HANG" in text:
            while True:
                pass
        if "TFJUDGE-MEMORY" in text:
            hoard = bytearray(8 * 1024**3)
            yield ctx.finding(f"allocated {len(hoard)} bytes")
        return
