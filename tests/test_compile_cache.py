"""tfjudge.compile_cache: a cached pattern or code object is the pattern `re` compiles, and the cache file
is written, read back, pruned and skipped where it cannot be written."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tfjudge import compile_cache

PATTERNS = [  # flags as `re` passes them to its compiler: ints
    (r"[A-Za-z_][\w-]*", 0),
    (r"(?P<indent> {0,3})(?P<marks>`{3,}|~{3,})(?P<info>[^`]*)$", 0),
    (r"(?<![0-9])123456789012(?![0-9])", 0),
    (r"^\s*(resource|data)\s+\"(\w+)\"", int(re.MULTILINE | re.IGNORECASE)),
    (r"(?x) a  b # comment", 0),
    (r"(?i:s3):Get.*", int(re.ASCII)),
    (b"[\x80-\xff]", 0),
    (r"\u2500-\u25ff[\u2190-\u21ff]", 0),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    file = tmp_path / "__pycache__" / "regex.marshal"
    monkeypatch.setattr(compile_cache, "_FILE", file)
    monkeypatch.setattr(compile_cache, "_original", re._compiler.compile)  # type: ignore[attr-defined]
    for name in ("_stored", "_last_run", "_used"):
        monkeypatch.setattr(compile_cache, name, {})
    monkeypatch.setattr(
        compile_cache, "_state", {"installed": True, "run": 0, "missed": 0, "checked": False}
    )
    monkeypatch.setattr(re._compiler, "compile", compile_cache._compile)  # type: ignore[attr-defined]
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(compile_cache, "WORTH_SAVING", 1)
    return file


def _new_process() -> None:
    """What a later process starts from: the file, nothing used yet."""
    for name in ("_stored", "_last_run", "_used"):
        getattr(compile_cache, name).clear()
    compile_cache._state.update(run=0, missed=0)
    compile_cache._read()


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_cached_pattern_is_the_compiled_one(cache: Path, pattern: str, flags: int) -> None:
    expected = re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
    assert compile_cache._compile(pattern, flags) == expected  # equal flags, pattern and code
    compile_cache.save()
    _new_process()
    assert (pattern, flags) in compile_cache._stored
    again = compile_cache._compile(pattern, flags)
    assert again == expected
    assert again.groupindex == expected.groupindex
    assert not compile_cache._state["missed"]


def test_nothing_new_nothing_written(cache: Path) -> None:
    compile_cache._compile("a+", 0)
    compile_cache.save()
    written = cache.stat().st_mtime_ns
    _new_process()
    compile_cache._compile("a+", 0)
    cache.unlink()
    compile_cache.save()
    assert not cache.exists() and written


def test_patterns_no_run_uses_are_dropped(cache: Path) -> None:
    compile_cache._compile("once", 0)
    compile_cache.save()
    for run in range(compile_cache.KEEP_RUNS):
        _new_process()
        compile_cache._compile("always", 0)
        compile_cache._compile(f"new in run {run}", 0)
        compile_cache.save()
    _new_process()
    assert ("always", 0) in compile_cache._stored
    assert ("once", 0) not in compile_cache._stored
    assert (f"new in run {compile_cache.KEEP_RUNS - 1}", 0) in compile_cache._stored


def test_another_interpreter_ignores_the_file(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compile_cache._compile("a+", 0)
    compile_cache.save()
    monkeypatch.setattr(compile_cache, "_KEY", ("another python", 0, 0))
    _new_process()
    assert not compile_cache._stored


def test_a_damaged_or_unwritable_cache_only_costs_compiling(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.parent.mkdir()
    cache.write_bytes(b"\x00damaged")
    _new_process()
    assert compile_cache._compile("a+", 0).fullmatch("aa")
    unwritable = cache.parent / "a file" / "__pycache__" / "regex.marshal"  # root or not
    unwritable.parent.parent.write_text("")
    monkeypatch.setattr(compile_cache, "_FILE", unwritable)
    compile_cache.save()  # no error
    assert sorted(p.name for p in cache.parent.iterdir()) == ["a file", "regex.marshal"]


def test_a_record_init_comes_from_the_cache(cache: Path) -> None:
    from tfjudge.records import record

    @record(frozen=True)
    class Point:
        x: int
        y: int = 0

    assert Point(1) == Point(1, 0)
    keys = [key for key in compile_cache._used if key[0] == "record __init__"]
    assert len(keys) == 1
    compile_cache.save()
    _new_process()
    assert keys[0] in compile_cache._stored

    @record(frozen=True)
    class Other:
        x: int
        y: int = 0

    assert Other(2).y == 0
    assert not compile_cache._state["missed"]


def test_pythondontwritebytecode_writes_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert compile_cache._compile("a+b", 0) == re.compile("a+b")
    compile_cache.save()
    assert not cache.exists()


def _code_with_a_step_too_many(pattern: str, flags: int) -> tuple[Any, ...]:
    made, code, groups, groupindex, indexgroup = compile_cache._pattern_code(pattern, flags)
    return (made, [*code[:-1], 0, *code[-1:]], groups, groupindex, indexgroup)


@pytest.mark.parametrize(
    "pattern_code",
    [_code_with_a_step_too_many, lambda pattern, flags: ()],
    ids=["code re would not make", "code the engine refuses"],
)
def test_an_interpreter_whose_re_differs_turns_the_cache_off(
    cache: Path, monkeypatch: pytest.MonkeyPatch, pattern_code: Callable[..., Any]
) -> None:
    """The steps copied from `re` make other code than `re` (or code its engine refuses):
    the first pattern made shows it, and `re`'s own compiler does the rest, with nothing
    saved."""
    monkeypatch.setattr(compile_cache, "_pattern_code", pattern_code)
    assert compile_cache._compile("a|b", 0) == compile_cache._original("a|b", 0)
    assert re._compiler.compile is compile_cache._original  # type: ignore[attr-defined]
    compile_cache.save()
    assert not cache.exists()


def test_a_few_new_patterns_leave_the_file_as_it_is(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """markdown-it's terminator class is a new pattern text in every process: one such miss
    is cheaper compiled again than the file rewritten."""
    monkeypatch.setattr(compile_cache, "WORTH_SAVING", 3)
    for n in range(3):
        compile_cache._compile(f"first{n}", 0)
    compile_cache.save()  # no file yet: written whatever it holds
    _new_process()
    written = cache.read_bytes()
    compile_cache._compile("second", 0)
    compile_cache.save()
    assert cache.read_bytes() == written
    _new_process()
    for n in range(3):
        compile_cache._compile(f"third{n}", 0)
    compile_cache.save()
    _new_process()
    assert ("third2", 0) in compile_cache._stored
    assert ("second", 0) not in compile_cache._stored
