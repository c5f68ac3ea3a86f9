"""A line scanner for HCL: bracket depth, strings, heredocs and comments, without parsing.

The Markdown stage uses it to find where unfenced HCL ends and whether a file stops
with open brackets, an open string or an open heredoc (a truncated answer).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import field
from typing import NamedTuple

from tfjudge.patterns import lazy_pattern
from tfjudge.records import record

_HEREDOC_START = lazy_pattern(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\s*$")
_OPENERS = {"{": "}", "[": "]", "(": ")"}
_CLOSERS = {"}", "]", ")"}


class Mismatch(NamedTuple):
    """A closing bracket that does not match the innermost open one."""

    line: int
    column: int
    closer: str
    opener: str
    opener_line: int


@record(slots=True)
class ScanState:
    """Where the scanner stands after some lines."""

    stack: list[str] = field(default_factory=list)  # open brackets and string modes
    heredoc: str | None = None
    heredoc_line: int = 0
    in_block_comment: bool = False
    string_line: int = 0
    unmatched_closers: int = 0
    open_lines: list[int] = field(default_factory=list)  # line of each open bracket/string
    open_columns: list[int] = field(default_factory=list)
    mismatch: Mismatch | None = None
    unmatched: tuple[int, int] | None = None  # first closer with nothing open: (line, column)
    last_string_line: int = 0
    unclosed_interpolation_line: int = 0
    item_done: bool = False  # inside a tuple: an item just ended and no comma followed yet
    missing_separator: tuple[int, int] | None = None
    invalid_character: tuple[int, int, str] | None = None  # (line, column, character)
    # the first `${name:...}` in a string or heredoc (an IAM or CloudFormation variable
    # written as an interpolation): (line, column of the colon)
    extra_in_interpolation: tuple[int, int] | None = None
    bracket_depth: int = 0  # open brackets on the stack (strings not counted)
    strings_open: int = 0  # open quoted strings on the stack
    for_levels: set[int] = field(default_factory=set)  # stack depths of `[for ...]` tuples
    after_opener: bool = False

    @property
    def depth(self) -> int:
        return self.bracket_depth

    @property
    def in_string(self) -> bool:
        return bool(self.stack) and self.stack[-1] == '"'

    @property
    def balanced(self) -> bool:
        return not self.stack and self.heredoc is None and not self.in_block_comment


_EXPRESSION_TOKEN = lazy_pattern(
    r'"|#|//|/\*|<<-?[A-Za-z_][\w-]*\s*$|[{}\[\](),]|[A-Za-z0-9_][\w.-]*|\S'
)
_STRING_TOKEN = lazy_pattern(r'\\.|\$\$\{|%%\{|"|\$\{|%\{')
# `${aws:username}`: a traversal and then a colon, which no HCL expression continues with
# (`a ? b : c` puts `?` first; `provider::x::f()` doubles the colon).
_COLON_AFTER_NAME = lazy_pattern(r"[ \t]*[A-Za-z_][\w-]*(?:\.[\w-]+)*[ \t]*(:)(?!:)")
_HEREDOC_INTERPOLATION = lazy_pattern(r"(?<!\$)\$\{")
_NOT_AN_ITEM_END = ("(", "[", "?", ":")
# Most lines take a shape whose effect on the state is known without the token loop: in a
# block body `name = "text ${var.x}"`, `name = word`, `name = f(items)`, `name = [items]`
# or `name = {}` (items plain strings or words, comma-separated), a block header, maybe
# with `{}`, and `name = ` followed by brackets it leaves open (`name = {`,
# `name = merge(local.tags, {`); anywhere, brackets alone: opening ones, or closing ones
# that match the open ones (`})`, `],`); in a tuple, one item (`"s3:GetObject",`); and
# many are blank or a comment alone. One pattern tells them apart (at most one
# alternative fits a line), its quantifiers possessive where what follows cannot start
# with what they consume: the same matches, without backtracking into every word.
_PLAIN_STRING = r'"(?:[^"\\$%\n]|\$\{[\w.-]+\})*+"'
# a word that is not `for` (which may open a `[for ...]` expression)
_ITEM = rf"(?:{_PLAIN_STRING}|(?!for\b)[A-Za-z0-9_][\w.-]*+)"
_ITEMS = rf"[ \t]*+(?:{_ITEM}[ \t]*+(?:,[ \t]*+{_ITEM}[ \t]*+)*+,?[ \t]*+)?"
_VALUE = rf"(?:{_PLAIN_STRING}|[\w.-]++(?:\({_ITEMS}\))?|\[{_ITEMS}\]|\{{[ \t]*+\}})"
# brackets left open, a call's first arguments words: `jsonencode({`, `merge(local.x, {`
_OPENING = (
    r"(?:(?:(?!for\b)[A-Za-z_][\w.-]*+\([ \t]*+(?:[A-Za-z0-9_][\w.-]*+[ \t]*+,[ \t]*+)*+"
    r"|[\[{][ \t]*+))++"
)
_LABEL = r'(?:"[^"\\$%\n]*+"|[A-Za-z_][\w-]*+)'
_SHAPE = lazy_pattern(
    r"[ \t]*+(?:"
    r"(?P<nothing>(?:(?:#|//).*+)?)"
    rf"|[A-Za-z_][\w-]*+(?:[ \t]*+=[ \t]*+(?:(?P<assignment>{_VALUE})|(?P<opening>{_OPENING}))"
    rf"|(?:[ \t]++{_LABEL})*+[ \t]*+(?:(?P<header>\{{)|(?P<empty>\{{[ \t]*+\}})))"
    r"|(?P<closers>[}\])]++)[ \t]*+,?"
    r"|(?P<openers>[\[{(](?:[ \t]*+[\[{(])*+)"
    rf"|(?P<item>{_ITEM})[ \t]*+,?"
    r")[ \t]*+"
)


def scan_line(state: ScanState, line: str, line_no: int) -> None:
    """Advance `state` over one line (without its newline)."""
    if state.heredoc is not None:
        if line.strip() == state.heredoc:
            state.heredoc = None
        elif state.extra_in_interpolation is None and "${" in line:
            _check_interpolations(state, line, line_no, _HEREDOC_INTERPOLATION.finditer(line))
        return
    if not line or line.isspace():
        return  # no token: the token loop would change nothing
    shape = _SHAPE.fullmatch(line)
    if shape is None or state.in_block_comment or not _apply_shape(state, shape, line, line_no):
        scan_tokens(state, line, line_no)


def scan_tokens(state: ScanState, line: str, line_no: int) -> None:
    """`scan_line` token by token, for any line (the shapes above only go faster)."""
    position, length = 0, len(line)
    while position < length:
        if state.in_block_comment:
            end = line.find("*/", position)
            if end < 0:
                return
            state.in_block_comment = False
            position = end + 2
            continue
        if state.in_string:
            match = _STRING_TOKEN.search(line, position)
            if match is None:
                break
            token, position = match.group(), match.end()
            if token == '"':
                _pop(state)
                state.item_done = _in_tuple(state)
            elif token in ("${", "%{"):
                _push(state, "{", line_no, match.start() + 1)
                if token == "${" and state.extra_in_interpolation is None:
                    _check_interpolations(state, line, line_no, (match,))
            continue
        match = _EXPRESSION_TOKEN.search(line, position)
        if match is None:
            break
        token, start, position = match.group(), match.start(), match.end()
        first = token[0]
        if token in ("#", "//"):
            break
        if token == "/*":
            state.in_block_comment = True
            continue
        if token.startswith("<<") and len(token) > 2:
            heredoc = _HEREDOC_START.match(token)
            if heredoc:
                state.heredoc = heredoc.group(2)
                state.heredoc_line = line_no
                break
        _expression_token(state, token, first, line, start, position, line_no)
    if state.strings_open:
        # HCL quoted strings never span lines: the string ends here, unterminated,
        # with whatever interpolation it had opened.
        string_depth = state.stack.index('"')
        opened_on = state.open_lines[string_depth]
        if "{" not in state.stack[string_depth:]:
            state.last_string_line = opened_on
            if not state.string_line:
                state.string_line = opened_on
        elif not state.unclosed_interpolation_line:
            state.unclosed_interpolation_line = opened_on
        while len(state.stack) > string_depth:
            _pop(state)
        state.item_done = _in_tuple(state)


def _check_interpolations(
    state: ScanState, line: str, line_no: int, openers: Iterable[re.Match[str]]
) -> None:
    for opener in openers:
        colon = _COLON_AFTER_NAME.match(line, opener.end())
        if colon is not None:
            state.extra_in_interpolation = (line_no, colon.start(1) + 1)
            return


def _apply_shape(state: ScanState, shape: re.Match[str], line: str, line_no: int) -> bool:
    """Apply a line of a known shape (outside any comment) at once, as the token loop
    would; False when the line needs the token loop (the shape does not fit the state)."""
    kind = shape.lastgroup
    if kind == "nothing":
        return True
    if kind is None:  # not reached: every alternative names its group
        return False
    stack = state.stack
    if kind == "closers":
        return _apply_closers(state, shape.group(kind), line)
    if kind == "openers":
        if _in_tuple(state) and state.item_done and state.missing_separator is None:
            state.missing_separator = (line_no, shape.start(kind) + 1)
        _open_brackets(state, shape.group(kind), shape.start(kind), line_no)
        return True
    if kind == "item":
        if not stack or stack[-1] != "[":
            return False
        in_tuple = len(stack) not in state.for_levels
        if in_tuple and state.item_done and state.missing_separator is None:
            state.missing_separator = (line_no, shape.start(kind) + 1)
        state.item_done = in_tuple and not line.rstrip(" \t").endswith(",")
        state.after_opener = False
        return True
    if stack and stack[-1] != "{":
        return False  # only in a block body (no tuple rules apply)
    if kind == "opening":
        opening = shape.group(kind)
        if opening.rstrip(" \t")[-1] not in _OPENERS:
            return False  # the line ends with a call's comma
        _open_brackets(state, opening, shape.start(kind), line_no)
        return True
    state.item_done = False
    if kind == "header":
        state.after_opener = True
        _push(state, "{", line_no, shape.start(kind) + 1)
    else:  # an assignment, or a header with `{}`
        state.after_opener = False
    return True


def _open_brackets(state: ScanState, text: str, offset: int, line_no: int) -> None:
    """Push each bracket of `text` (no strings in it), which starts at `offset`."""
    for column, character in enumerate(text, start=offset + 1):
        if character in _OPENERS:
            _push(state, character, line_no, column)
    state.item_done = False
    state.after_opener = True


def _apply_closers(state: ScanState, closers: str, line: str) -> bool:
    """Close the innermost brackets, when `closers` match them all."""
    stack = state.stack
    count = len(closers)
    if count > len(stack):
        return False
    for depth, closer in enumerate(closers, start=1):
        if _OPENERS.get(stack[-depth]) != closer:
            return False
    for _ in range(count):
        _pop(state)
    state.item_done = not line.rstrip(" \t").endswith(",") and _in_tuple(state)
    state.after_opener = False
    return True


def _in_tuple(state: ScanState) -> bool:
    """Inside a tuple constructor (not a `[for ...]` expression) at its own level."""
    return bool(state.stack) and state.stack[-1] == "[" and len(state.stack) not in state.for_levels


def _expression_token(
    state: ScanState, token: str, first: str, line: str, start: int, end: int, line_no: int
) -> None:
    is_word = first.isalnum() or first == "_"
    if token == "for" and state.after_opener and state.stack and state.stack[-1] == "[":
        state.for_levels.add(len(state.stack))
    state.after_opener = token in _OPENERS
    starts_item = first in '"{[(' or is_word
    if _in_tuple(state) and state.item_done and starts_item and not state.missing_separator:
        state.missing_separator = (line_no, start + 1)
    if token == ",":
        state.item_done = False
    elif is_word:
        rest = line[end:].lstrip()
        state.item_done = _in_tuple(state) and not rest.startswith(_NOT_AN_ITEM_END)
    elif token == '"':
        state.item_done = False
        _push(state, '"', line_no, start + 1)
    elif token in _OPENERS:
        state.item_done = False
        _push(state, token, line_no, start + 1)
    elif token in _CLOSERS:
        _close(state, token, line_no, start + 1)
        state.item_done = _in_tuple(state)
    else:
        state.item_done = False
        if first in _INVALID_CHARACTERS and state.invalid_character is None:
            state.invalid_character = (line_no, start + 1, first)


_INVALID_CHARACTERS = set("@`;\\^'$")


def _push(state: ScanState, opener: str, line: int, column: int) -> None:
    if opener in _OPENERS:
        state.bracket_depth += 1
    else:
        state.strings_open += 1
    state.stack.append(opener)
    state.open_lines.append(line)
    state.open_columns.append(column)


def _pop(state: ScanState) -> None:
    state.for_levels.discard(len(state.stack))
    if state.stack.pop() in _OPENERS:
        state.bracket_depth -= 1
    else:
        state.strings_open -= 1
    state.open_lines.pop()
    state.open_columns.pop()


def _close(state: ScanState, closer: str, line: int, column: int) -> None:
    openers = [s for s in state.stack if s in _OPENERS]
    if not openers:
        state.unmatched_closers += 1
        if state.unmatched is None:
            state.unmatched = (line, column)
        return
    top = state.stack[-1]
    if _OPENERS.get(top) != closer and state.mismatch is None:
        state.mismatch = Mismatch(line, column, closer, top, state.open_lines[-1])
    if _OPENERS.get(top) == closer or closer not in {_OPENERS[o] for o in openers}:
        _pop(state)
        return
    # pop to the opener this closer matches, as a parser recovering would
    while state.stack and _OPENERS.get(state.stack[-1]) != closer:
        _pop(state)
    if state.stack:
        _pop(state)


@functools.lru_cache(maxsize=64)
def scanned(text: str) -> ScanState:
    """`scan_text`, remembered: several readers ask about the same file's end state.
    The result is shared: read it, never change it."""
    return scan_text(text)


def scan_text(text: str) -> ScanState:
    """`scan_line` over each line of `text`, its common case inline (a call per line)."""
    state = ScanState()
    fullmatch = _SHAPE.fullmatch
    for number, line in enumerate(text.split("\n"), start=1):
        if state.heredoc is not None or state.in_block_comment:
            scan_line(state, line, number)
        elif line and not line.isspace():
            shape = fullmatch(line)
            if shape is None or not _apply_shape(state, shape, line, number):
                scan_tokens(state, line, number)
    return state
