"""What the command compiles, kept from one run to the next: regular expressions and the
records' `__init__` methods.

`re` compiles a pattern in Python (parse, then generate the matching engine's code): about
0.8 M instructions a pattern. A `tfjudge analyze` process compiles ~150 of them
(markdown-it's at import, the standard library's, tfjudge's own), ~110 M instructions, a
tenth of the whole command; `tfjudge.records` compiles ~70 `__init__` texts besides. What
comes out depends only on the text and the interpreter, so the command keeps it in a file
beside tfjudge's byte code: later processes hand a pattern's code straight to
`_sre.compile`, the step `re` ends with, and run an `__init__`'s code object.

The file is keyed by the interpreter (`sys.version`, the engine's magic number): another
interpreter ignores it. It holds at most `LIMIT` entries, in the order the last run first
used them, and drops those no run used for `KEEP_RUNS` runs: start-up's stay, the patterns
an answer brought (a `regex()` argument, an account id) go. Where the package is read-only,
or PYTHONDONTWRITEBYTECODE is set, nothing is written and everything is compiled as before.
The steps that make a pattern's code are `re`'s private ones (the same in CPython 3.11 to
3.13): the first pattern a process makes is also compiled by `re`, and if the two differ or
the engine refuses the code, the cache is off for the rest of the process.

Only the `tfjudge` command installs it (`tfjudge.launch`): a library user's `re` is left
alone, and `cached` only makes.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # re's engine, which has no stubs
import marshal
import re
import sys
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from tfjudge.shipped import write_cache

T = TypeVar("T")

LIMIT = 2_000
KEEP_RUNS = 20  # an entry no run has used for this many saves is dropped
WORTH_SAVING = 8  # rewriting the file (~6 M instructions) costs what compiling 8 patterns does
_FILE = Path(__file__).parent / "__pycache__" / f"compiled.{sys.implementation.cache_tag}.marshal"
_KEY = (sys.version, _sre.MAGIC, _sre.CODESIZE)

_stored: dict[Hashable, Any] = {}
_last_run: dict[Hashable, int] = {}  # the save that last used each stored entry
_used: dict[Hashable, Any] = {}  # this process's, in order of first use
_state = {"installed": False, "run": 0, "missed": 0, "checked": False}
_original: Any = None


def install() -> None:
    """Serve `re`'s compilations and `cached` from the cache file from now on."""
    global _original
    if _state["installed"]:
        return
    _read()
    _state["installed"] = True
    _original = re._compiler.compile  # type: ignore[attr-defined]
    re._compiler.compile = _compile  # type: ignore[attr-defined]


def cached(key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, or what it made for `key` in an earlier run (its result must be a value
    marshal stores: code objects, numbers, strings, and containers of them)."""
    if not _state["installed"]:
        return make()
    if key in _used:
        return _used[key]  # type: ignore[no-any-return]
    if key in _stored:
        value = _used[key] = _stored[key]
    else:
        value = _used[key] = make()
        _state["missed"] += 1
    return value  # type: ignore[no-any-return]


def save() -> None:
    """Write what this process used, if it compiled anything new (never fails).

    Some patterns change from run to run (markdown-it builds a character class from a
    set, whose order follows string hashing), hence entries unused for `KEEP_RUNS` saves
    are dropped instead of kept for ever, and a run that found the file rewrites it only
    for `WORTH_SAVING` new entries or more."""
    missed = int(_state["missed"])
    if not missed or (_state["run"] and missed < WORTH_SAVING):
        return
    run = _state["run"] + 1
    recent = [k for k, last in _last_run.items() if k not in _used and run - last < KEEP_RUNS]
    keys = [*_used, *recent][:LIMIT]
    made = {**_stored, **_used}
    entries = {key: made[key] for key in keys}
    last_run = {key: run if key in _used else _last_run[key] for key in keys}
    try:
        content = marshal.dumps((_KEY, run, entries, last_run))
    except ValueError:  # a value marshal cannot store: compile every time instead
        return
    write_cache(_FILE, content)


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
    made = key not in _stored
    try:
        compiled: re.Pattern[Any] = _sre.compile(
            pattern, *cached(key, lambda: _pattern_code(pattern, flags))
        )
    except Exception:  # an interpreter whose `re` works otherwise than 3.11 to 3.13's
        return _give_up(pattern, flags)
    if made and not _state["checked"]:
        # `_pattern_code` copies `re`'s private steps: the first pattern a process makes
        # is compiled by `re` too, and any difference turns the cache off
        _state["checked"] = True
        if compiled != _original(pattern, flags):
            return _give_up(pattern, flags)
    return compiled


def _give_up(pattern: Any, flags: int) -> re.Pattern[Any]:
    """Back to `re`'s own compiler for the rest of the process, and nothing saved."""
    re._compiler.compile = _original  # type: ignore[attr-defined]
    _state.update(installed=False, missed=0)
    return _original(pattern, flags)  # type: ignore[no-any-return]


def _pattern_code(
    pattern: str | bytes, flags: int
) -> tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]:
    """What `re._compiler.compile` passes `_sre.compile` besides the pattern: the same
    steps, kept (tests/test_compile_cache.py checks the patterns come out equal)."""
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
