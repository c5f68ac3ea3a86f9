"""Where each value of a JSON document written in the answer stands (line and column).

`json` gives values without positions; a policy's findings need the line of the statement
or the `Action` they are about. This scanner reads the same text tolerantly: Terraform
interpolations (`${...}`, `%{...}`) stand for values, a trailing comma or a missing value
does not stop it, and it returns the position of every value it reached, by path
(`("Statement", 0, "Action")`). It never raises.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_right
from typing import TypeAlias

from tfjudge.patterns import lazy_pattern

PathKey: TypeAlias = str | int
Path: TypeAlias = tuple[PathKey, ...]
Position: TypeAlias = tuple[int, int, int, int]  # start line, column, end line, column

# Runs read in one step instead of character by character (same stops as before):
_SPACE = lazy_pattern(r"[ \t\r\n]*")
_BARE = lazy_pattern(r'[^{}\[\]:," \t\r\n]*')  # a number, true, a stray word
_STRING_TEXT = lazy_pattern(r'[^"\\$]+')  # up to a quote, an escape or a `$`
_INTERPOLATION_TEXT = lazy_pattern(r'[^"{}]+')  # up to a quote or a brace


class _Scanner:
    """Reads by offset; lines and columns are worked out only for the values it records."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.found: dict[Path, Position] = {}
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    # -- characters -------------------------------------------------------------------------

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        self.at = min(self.at + count, len(self.text))

    def skip_space(self) -> None:
        self.at = _SPACE.match(self.text, self.at).end()  # type: ignore[union-attr]

    def position(self) -> tuple[int, int]:
        """The line and column (both from 1, columns in characters) of the offset."""
        line = bisect_right(self._line_starts, self.at)
        return line, self.at - self._line_starts[line - 1] + 1

    # -- values ---------------------------------------------------------------------------

    def value(self, path: Path, depth: int) -> None:
        self.skip_space()
        char = self.peek()
        if not char or depth > 64:
            return
        start = self.position()
        if char == "{":
            self.object(path, depth)
        elif char == "[":
            self.array(path, depth)
        elif char == '"':
            self.string()
        elif self.text.startswith(("${", "%{"), self.at):
            self.interpolation()
        else:
            self.at = _BARE.match(self.text, self.at).end()  # type: ignore[union-attr]
        self.found.setdefault(path, (*start, *self.position()))

    def object(self, path: Path, depth: int) -> None:
        self.advance()  # {
        while True:
            self.skip_space()
            char = self.peek()
            if char in ("}", ""):
                self.advance()
                return
            if char == ",":
                self.advance()
                continue
            if char == '"':
                key = self.string()
            elif self.text.startswith(("${", "%{"), self.at):
                self.interpolation()
                key = ""
            else:
                return  # not JSON any more: stop here
            self.skip_space()
            if self.peek() != ":":
                return
            self.advance()
            self.value((*path, key), depth + 1)

    def array(self, path: Path, depth: int) -> None:
        self.advance()  # [
        index = 0
        while True:
            self.skip_space()
            char = self.peek()
            if char in ("]", ""):
                self.advance()
                return
            if char == ",":
                self.advance()
                continue
            if char in ("}", ":"):
                return
            before = self.at
            self.value((*path, index), depth + 1)
            index += 1
            if self.at == before:
                return

    def string(self) -> str:
        text = self.text
        self.advance()  # opening quote
        chars: list[str] = []
        while self.at < len(text):
            run = _STRING_TEXT.match(text, self.at)
            if run is not None:
                chars.append(run.group())
                self.at = run.end()
                continue
            if text[self.at] == '"':
                break
            if text[self.at] == "\\":
                self.advance()  # the escaped character is taken as it is
                if self.at >= len(text):
                    break
            if text.startswith("${", self.at):
                chars.append(self.interpolation())
                continue
            chars.append(text[self.at])
            self.advance()
        self.advance()  # closing quote
        return "".join(chars)

    def interpolation(self) -> str:
        """Skip `${ ... }` (nested braces and quoted strings inside) and return its text."""
        text = self.text
        start = self.at
        self.advance(2)
        depth = 1
        while self.at < len(text) and depth:
            run = _INTERPOLATION_TEXT.match(text, self.at)
            if run is not None:
                self.at = run.end()
                continue
            char = text[self.at]
            if char == '"':
                self.string()
                continue
            depth += 1 if char == "{" else -1
            self.advance()
        return text[start : self.at]


def value_positions(text: str) -> dict[Path, Position]:
    """The span of every value of the first JSON document in `text`, by path.

    The document starts at the first `{` or `[` (text before it, such as a heredoc
    marker, is skipped); the root's path is `()`.
    """
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        return {}
    scanner = _Scanner(text)
    scanner.advance(min(starts))
    with contextlib.suppress(RecursionError):
        scanner.value((), 0)
    return scanner.found
