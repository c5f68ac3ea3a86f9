"""The `tfjudge` command's first module (and `python -m tfjudge`'s).

Start-up builds a few hundred thousand objects (modules, the rule catalogue, data tables)
that live until the process exits, and while they are built the cyclic collector walks
them again and again (about 10 ms, 50 passes). It is kept off until start-up is over;
`tfjudge.cli` then freezes what start-up built out of its way and switches it on.
"""

from __future__ import annotations

import gc
from typing import NoReturn


def run() -> NoReturn:
    gc.disable()
    from tfjudge.cli import entry

    entry()
