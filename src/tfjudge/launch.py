"""The `tfjudge` command's first module (and `python -m tfjudge`'s), and how a tfjudge
process sets up the cyclic garbage collector.

Start-up builds a few hundred thousand objects (modules, the rule catalogue, data tables)
that live until the process exits, and while they are built the collector walks them
again and again (about 10 ms, 50 passes). It is kept off until start-up is over; then
`start_collecting` freezes what start-up built out of its way and switches it on.
"""

from __future__ import annotations

import gc
from typing import NoReturn

# An analysis leaves no reference cycles (tests/test_no_reference_cycles.py): reference
# counting frees it, and the collector only finds live objects. A young generation of
# 10,000 objects instead of 700 cuts its passes from ~4 to ~0.04 an answer (400 generated
# answers: 0.39 s -> 0.02 s); any cyclic garbage still gets collected, a little later.
YOUNG_GENERATION = 10_000


def start_collecting() -> None:
    """The end of start-up: what it built is frozen (never walked again, and shared
    untouched by workers forked next), then the collector is switched on."""
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION)
    gc.enable()


def run() -> NoReturn:
    gc.disable()
    from tfjudge import compile_cache

    compile_cache.install()  # before markdown-it and the standard library compile theirs
    from tfjudge.cli import entry

    entry()
