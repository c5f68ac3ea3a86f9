"""Module-level regular expressions, compiled when first used.

tfjudge's modules hold about 160 patterns; compiling them all at import costs 30-40 ms,
while one answer uses a third of them (the prompt's patterns wait for a prompt, a rule's
for the resource types it judges). `lazy_pattern` is `re.compile` deferred: the first call
of a method compiles the pattern and binds the compiled pattern's methods to the object,
so later calls cost what calls on a compiled pattern cost.

    _WORD = lazy_pattern(r"[A-Za-z_][\\w-]*")
    _WORD.fullmatch("aws_s3_bucket")   # compiled here, once
"""

from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class _LazyPattern:
    __slots__ = ("_source", "_flags", "_compiled", *_METHODS)

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        # only reached for what is not bound yet: before the first use, or an attribute
        # such as `pattern` or `groups` that is read from the compiled pattern each time
        if name.startswith("_"):
            raise AttributeError(name)
        compiled = re.compile(self._source, self._flags)
        self._compiled = compiled
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_pattern({self._source!r})"


def lazy_pattern(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, compiled on first use."""
    return cast(re.Pattern[str], _LazyPattern(source, int(flags)))
