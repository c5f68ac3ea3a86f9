"""Python source parsed once per text: Lambda code is read by several rules (its syntax,
its imports, its handler), and `ast.parse` is the dearest step of each."""

from __future__ import annotations

import ast
import functools
import warnings


def parse_python(text: str) -> ast.Module:
    """The module's tree, shared between callers: read it, never change it.

    Raises SyntaxError or ValueError (a NUL byte) as `ast.parse` does."""
    result = _parsed(text)
    if isinstance(result, Exception):  # a fresh copy: the cached one must hold no traceback
        raise type(result)(*result.args)
    return result


@functools.lru_cache(maxsize=32)
def _parsed(text: str) -> ast.Module | SyntaxError | ValueError:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in the answer's code
            return ast.parse(text)
    except (SyntaxError, ValueError) as error:
        return error.with_traceback(None)  # cached: it must keep no frame alive
