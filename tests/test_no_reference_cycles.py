"""An analysis leaves no reference cycles behind: when the caller drops it, reference
counting frees every object at once. A cycle (a child block holding its parent, a cached
object holding the evaluator, an exception kept in a frame it was raised through) would
leave each answer's whole model for the cyclic collector, whose passes over a large heap
cost more than the analysis itself when thousands of answers are graded in one process."""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

from tfjudge.analysis import analyze

FIXTURES = Path(__file__).parent / "rules" / "fixtures"
EXAMPLES = Path(__file__).parents[1] / "examples"


def _answers() -> list[tuple[Path, Path | None, Path | None]]:
    found: list[tuple[Path, Path | None, Path | None]] = []
    for folder in sorted(FIXTURES.iterdir()):
        prompt = folder / "prompt.md"
        ideal = next(iter(sorted(folder.glob("ideal*"))), None)
        for answer in sorted(folder.glob("bad*")) + sorted(folder.glob("good*")):
            found.append((answer, prompt if prompt.exists() else None, ideal))
    found.append((EXAMPLES / "serverless-orders.md", None, None))
    return found


def test_analyses_leave_no_cyclic_garbage() -> None:
    answers = _answers()
    assert len(answers) > 200
    for answer, prompt, ideal in answers:  # first imports and module-level caches, once
        analyze(answer, prompt, ideal)
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds unreachable lands in gc.garbage
    try:
        for answer, prompt, ideal in answers:
            analyze(answer, prompt, ideal)
        gc.collect()
        left = Counter(type(o).__qualname__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    assert not left, f"reference cycles left behind: {left.most_common(12)}"
