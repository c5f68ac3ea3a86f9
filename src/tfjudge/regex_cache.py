"""Regular expressions compiled once per installation instead of once per process.

`re` compiles a pattern in Python (parse, then generate the matching engine's code): about
0.8 M instructions a pattern. A `tfjudge analyze` process compiles ~150 of them
(markdown-it's at import, the standard library's, tfjudge's own), ~110 M instructions,
a tenth of the whole command. The generated code depends only on the pattern, its flags
and the interpreter, so the command keeps it in a file beside tfjudge's byte code and
later processes hand it straight to `_sre.compile`, the step `re` ends with.

The file is keyed by the interpreter (`sys.version`, the engine's magic number): another
interpreter ignores it. It holds the patterns in the order the last runs first used them,
at most `LIMIT`, and drops those no run used lately: start-up's patterns stay, the ones an
answer brought (a `regex()` argument, an account id) go. Where the package is
read-only nothing is written and every pattern is compiled as before.

Only the `tfjudge` command installs it (`tfjudge.launch`): a library user's `re` is left alone.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # re's engine, which has no stubs
import contextlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

LIMIT = 1_000
KEEP_RUNS = 20  # a pattern no run has used for this many saves is dropped
_FILE = Path(__file__).parent / "__pycache__" / f"regex.{sys.implementation.cache_tag}.marshal"
_KEY = (sys.version, _sre.MAGIC, _sre.CODESIZE)

Key = tuple[str | bytes, int]  # the pattern and its flags
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_stored: dict[Key, Entry] = {}
_last_run: dict[Key, int] = {}  # the save that last used each stored pattern
_used: dict[Key, Entry] = {}  # this process's, in order of first use
_state = {"run": 0, "missed": False}
_original: Any = None


def install() -> None:
    """Serve `re`'s compilations from the cache file from now on."""
    global _original
    if _original is not None:
        return
    _read()
    _original = re._compiler.compile  # type: ignore[attr-defined]
    re._compiler.compile = _compile  # type: ignore[attr-defined]


def save() -> None:
    """Write what this process compiled, if it compiled anything new (never fails).

    Some patterns change from run to run (markdown-it builds a character class from a
    set, whose order follows string hashing), hence the patterns unused for `KEEP_RUNS`
    saves are dropped instead of kept for ever."""
    if not _state["missed"]:
        return
    run = _state["run"] + 1
    recent = [k for k, last in _last_run.items() if k not in _used and run - last < KEEP_RUNS]
    keys = [*_used, *recent][:LIMIT]
    compiled = {**_stored, **_used}
    entries = {key: compiled[key] for key in keys}
    last_run = {key: run if key in _used else _last_run[key] for key in keys}
    temporary = _FILE.with_name(f"{_FILE.name}.{os.getpid()}")
    try:
        _FILE.parent.mkdir(exist_ok=True)
        temporary.write_bytes(marshal.dumps((_KEY, run, entries, last_run)))
        temporary.replace(_FILE)
    except (OSError, ValueError):  # read-only (or unstorable): compile every time instead
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _read() -> None:
    try:
        key, run, entries, last_run = marshal.loads(_FILE.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if key == _KEY:
        _state["run"] = run
        _stored.update(entries)
        _last_run.update(last_run)


def _compile(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
    if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
        return _original(pattern, flags)  # type: ignore[no-any-return]
    key = (pattern, flags)
    entry = _used.get(key) or _stored.get(key) or _entry(pattern, flags)
    _used.setdefault(key, entry)
    return _sre.compile(pattern, *entry)  # type: ignore[no-any-return]


def _entry(pattern: str | bytes, flags: int) -> Entry:
    """What `re._compiler.compile` passes `_sre.compile` besides the pattern: the same
    steps, kept (tests/test_regex_cache.py checks the patterns come out equal)."""
    _state["missed"] = True
    parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    # the code holds named int constants (opcodes): plain ints are what marshal can store
    code = list(map(int, re._compiler._code(parsed, flags)))  # type: ignore[attr-defined]
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    return (
        flags | parsed.state.flags,
        code,
        parsed.state.groups - 1,
        dict(parsed.state.groupdict),
        tuple(indexgroup),
    )
