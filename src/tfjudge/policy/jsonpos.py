"""Where each value of a JSON document written in the answer stands (line and column).

`json` gives values without positions; a policy's findings need the line of the statement
or the `Action` they are about. This scanner reads the same text tolerantly: Terraform
interpolations (`${...}`, `%{...}`) stand for values, a trailing comma or a missing value
does not stop it, and it returns the position of every value it reached, by path
(`("Statement", 0, "Action")`). It never raises.
"""

from __future__ import annotations

import contextlib
from typing import TypeAlias

PathKey: TypeAlias = str | int
Path: TypeAlias = tuple[PathKey, ...]
Position: TypeAlias = tuple[int, int, int, int]  # start line, column, end line, column

_DELIMITERS = set('{}[]:,"') | {" ", "\t", "\r", "\n"}


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1
        self.column = 1
        self.found: dict[Path, Position] = {}

    # -- characters -------------------------------------------------------------------------

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self.at >= len(self.text):
                return
            if self.text[self.at] == "\n":
                self.line += 1
                self.column = 1
            else:
                self.column += 1
            self.at += 1

    def skip_space(self) -> None:
        while self.peek() in (" ", "\t", "\r", "\n") and self.peek():
            self.advance()

    # -- values ---------------------------------------------------------------------------

    def value(self, path: Path, depth: int) -> None:
        self.skip_space()
        char = self.peek()
        if not char or depth > 64:
            return
        start = (self.line, self.column)
        if char == "{":
            self.object(path, depth)
        elif char == "[":
            self.array(path, depth)
        elif char == '"':
            self.string()
        elif self.text.startswith(("${", "%{"), self.at):
            self.interpolation()
        else:
            while self.peek() and self.peek() not in _DELIMITERS:
                self.advance()
        self.found.setdefault(path, (*start, self.line, self.column))

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
        self.advance()  # opening quote
        chars: list[str] = []
        while self.peek() and self.peek() != '"':
            if self.peek() == "\\":
                self.advance()
            if self.text.startswith("${", self.at):
                chars.append(self.interpolation())
                continue
            chars.append(self.peek())
            self.advance()
        self.advance()  # closing quote
        return "".join(chars)

    def interpolation(self) -> str:
        """Skip `${ ... }` (nested braces and quoted strings inside) and return its text."""
        start = self.at
        self.advance(2)
        depth = 1
        while self.peek() and depth:
            char = self.peek()
            if char == '"':
                self.string()
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            self.advance()
        return self.text[start : self.at]


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
