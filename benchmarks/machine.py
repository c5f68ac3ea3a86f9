"""What a benchmark's figures depend on besides tfjudge: the interpreter and the machine's
load, printed with the results.

The same CPython version runs at quite different speeds depending on how it was built: on
the development machine, Debian's /usr/bin/python3 (3.11.2) runs tfjudge's whole process
~20 % faster than a pyenv build of 3.11.7 (configured without profile-guided optimisation,
and linked against a shared libpython), for about the same number of instructions, and
`tfjudge batch` 15–35 % faster (108–118 against 87–93 answers/s). Compare figures made
with one interpreter only.
"""

from __future__ import annotations

import os
import platform
import sys


def interpreter() -> str:
    return f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min) on {os.cpu_count()} cores"
