"""Regular expressions compiled on first use (tfjudge.patterns)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tfjudge.patterns import lazy_pattern


def test_behaves_as_the_compiled_pattern() -> None:
    lazy = lazy_pattern(r"(\w+)=(\d+)", re.ASCII)
    compiled = re.compile(r"(\w+)=(\d+)", re.ASCII)
    text = "a=1, bb=22; c=x"
    for method in ("search", "match", "fullmatch", "findall", "split"):
        assert repr(getattr(lazy, method)(text)) == repr(getattr(compiled, method)(text))
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub(r"\2=\1", text) == compiled.sub(r"\2=\1", text)
    assert lazy.subn("", text) == compiled.subn("", text)
    assert (lazy.pattern, lazy.groups, lazy.flags) == (
        compiled.pattern,
        compiled.groups,
        compiled.flags,
    )


def test_compiled_on_first_use_only() -> None:
    broken = lazy_pattern(r"(unclosed")  # no error yet: nothing compiled
    with pytest.raises(re.error):
        broken.search("x")


def test_no_module_level_pattern_is_compiled_at_import() -> None:
    """The convention that keeps start-up short: module-level patterns are lazy."""
    source = Path(__file__).resolve().parents[1] / "src" / "tfjudge"
    eager = [
        f"{path.relative_to(source)}:{number}"
        for path in sorted(source.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.match(r"_?[A-Z][A-Z0-9_]*(: [^=]+)? = re\.compile\(", line)
    ]
    assert eager == []
