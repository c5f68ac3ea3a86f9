"""Syntax errors in terraform's words: what failed, where terraform would say it failed.

Three sources, in the order terraform's own parser would meet them:
1. brackets, strings and heredocs left open or closed by the wrong bracket (the line
   scanner, which knows where each bracket opened);
2. tree-sitter's ERROR and MISSING nodes, named by their context (a tuple, an object,
   function arguments, a body);
3. rules of the HCL structure that the grammar accepts: a newline after each argument,
   single-line blocks with one argument, no argument set twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from tfjudge.parse.hcl.ast import Attribute, Block, Body, SyntaxProblem
from tfjudge.parse.hcl.build import TreeBuilder
from tfjudge.parse.hcl.messages import syntax_problem as problem
from tfjudge.patterns import lazy_pattern
from tfjudge.response.scanner import ScanState, scan_line
from tfjudge.source import Range

_BLOCK_HEADER_PREFIX = lazy_pattern(r'^\s*[A-Za-z_][\w-]*(\s+("[^"]*"|[A-Za-z_][\w-]*))*\s*$')
_INVALID_CHARACTERS = lazy_pattern(r"[@`;\\^&]|\$(?!\{)")
_SEPARATOR_BY_OPENER = {
    "[": "Missing item separator",
    "(": "Missing argument separator",
    "{": "Missing attribute separator",
}
_SEPARATOR_BY_CONTEXT = {
    "tuple": "Missing item separator",
    "object": "Missing attribute separator",
    "object_elem": "Missing attribute separator",
    "function_arguments": "Missing argument separator",
    "function_call": "Missing argument separator",
}
_WRAPPERS = {"expression", "collection_value", "literal_value", "operation", "ERROR"}


def _at(path: str, line: int, column: int = 1) -> Range:
    return Range(path, line, column, line, column + 1)


# -- 1. brackets ---------------------------------------------------------------------------


def diagnose_chunk(
    root: Node, builder: TreeBuilder, lines: list[str], start: int, end: int, is_last: bool
) -> SyntaxProblem | None:
    """The first error of one top-level chunk (lines [start, end)) of a file with errors.

    Only the first: what follows an error in the same block is mostly its echo, and
    terraform too reports one error per broken block.
    """
    path = builder.path
    state = ScanState()
    candidates: list[SyntaxProblem] = []
    # where terraform meets a problem, when that is before the problem's own line
    met_at: dict[int, int] = {}
    for number in range(start, end):
        text = lines[number]
        if state.heredoc is None and not state.in_string:
            found = _line_problem(state, lines, text, number + 1, path)
            if found is not None:
                candidates.append(found[0])
                met_at[id(found[0])] = found[1]
        scan_line(state, text, number + 1)
    if state.string_line:
        candidates.append(problem("Invalid multi-line string", _at(path, state.string_line)))
    if state.unclosed_interpolation_line:
        line = state.unclosed_interpolation_line
        candidates.append(problem("Unclosed template interpolation sequence", _at(path, line)))
    if state.extra_in_interpolation is not None:
        line, column = state.extra_in_interpolation
        candidates.append(problem(_EXTRA_CHARACTERS, _at(path, line, column)))
    if state.invalid_character is not None:
        line, column, character = state.invalid_character
        detail = _SINGLE_QUOTES if character == "'" else None
        candidates.append(problem("Invalid character", _at(path, line, column), detail))
    if state.missing_separator is not None:
        line, column = state.missing_separator
        candidates.append(problem("Missing item separator", _at(path, line, column)))
    bracket = _bracket_problem(state, lines, end, is_last, path)
    if bracket is not None:
        candidates.append(bracket)
    # An error found only at the end of the chunk (an unclosed block) is reported at its
    # opener, but terraform meets every other error before it.
    found_at = {
        id(p): (end + 1 if p.summary in _FOUND_AT_END else p.range.start_line) for p in candidates
    }
    found_at.update(met_at)
    # tree-sitter's errors before the first problem found here, or on the line of a
    # problem seen in one line (terraform may meet another on that line first)
    cutoff = min((p.range.start_line + (id(p) in met_at) for p in candidates), default=end + 1)
    for node in _error_nodes(root):
        if builder.end_line(node) < cutoff:
            candidates.append(_classify(node, builder))
    candidates.extend(p for p in builder.problems if p.range.start_line < cutoff)
    if not candidates and root.has_error:
        first = next(_error_nodes(root), None)
        line = builder.line(first) if first else start + 1
        candidates.append(problem("Invalid expression", _at(path, line)))
    return min(
        candidates,
        key=lambda p: (found_at.get(id(p), p.range.start_line), p.range.start_column),
        default=None,
    )


_EXTRA_CHARACTERS = "Extra characters after interpolation expression"
_QUOTED_NAME = lazy_pattern(r'\s*"[^"\n]*"\s*=(?!=)')
_TILDE_HEREDOC = lazy_pattern(r"<<~[A-Za-z_]")


def _line_problem(
    state: ScanState, lines: list[str], line: str, number: int, path: str
) -> tuple[SyntaxProblem, int] | None:
    """Mistakes a line shows by itself, given where the scanner stands, and the line where
    terraform meets them: a quoted argument name directly in a block body (`"Name" = "web"`
    in `tags { }`: objects allow it, blocks do not; the grammar already stumbles at the
    block's brace), and Ruby's `<<~` heredoc, which HCL does not have."""
    if (
        state.stack
        and state.stack[-1] == "{"
        and _QUOTED_NAME.match(line)
        and _opens_block(lines, state.open_lines[-1])
    ):
        quoted = problem("Invalid argument name", _at(path, number), _QUOTED_ARGUMENT)
        return quoted, state.open_lines[-1]
    tilde = _TILDE_HEREDOC.search(line)
    if tilde is not None and '"' not in line[: tilde.start()]:
        return problem("Invalid expression", _at(path, number, tilde.start() + 1)), number
    return None


_QUOTED_ARGUMENT = "Argument names must not be quoted."
_SINGLE_QUOTES = 'Single quotes are not valid. Use double quotes (") to enclose strings.'
_FOUND_AT_END = {
    "Unclosed configuration block",
    "Unterminated tuple constructor expression",
    "Unterminated function call",
}


def _bracket_problem(
    state: ScanState, lines: list[str], end: int, is_last: bool, path: str
) -> SyntaxProblem | None:
    if state.mismatch is not None:
        return _mismatch_problem(state, lines, path)
    if state.unmatched is not None:
        line, column = state.unmatched
        return problem("Argument or block definition required", _at(path, line, column))
    eof_line = end
    if state.heredoc is not None:
        return problem(
            "Unterminated template string",
            _at(path, eof_line if is_last else state.heredoc_line),
            f"No closing marker was found for the string: the heredoc opened at line "
            f"{state.heredoc_line} (<<{state.heredoc}) never ends.",
        )
    if not state.stack:
        return None
    opener, line, column = state.stack[-1], state.open_lines[-1], state.open_columns[-1]
    if is_last and opener in "[(" and _expects_item(lines, end):
        return problem("Missing expression", _at(path, eof_line))
    if opener == "[":
        if is_last:
            return problem("Unterminated tuple constructor expression", _at(path, line, column))
        return problem("Missing item separator", _at(path, end))
    if opener == "(":
        if is_last:
            return problem("Unterminated function call", _at(path, line, column))
        return problem("Missing argument separator", _at(path, end))
    if _opens_block(lines, line):
        return problem("Unclosed configuration block", _at(path, line))
    if is_last:
        return problem(
            "Missing expression",
            _at(path, eof_line),
            "Expected the start of an expression, but found the end of the file: the object "
            f"opened at line {line} is never closed.",
        )
    return problem("Missing attribute separator", _at(path, end))


def _mismatch_problem(state: ScanState, lines: list[str], path: str) -> SyntaxProblem:
    mismatch = state.mismatch
    assert mismatch is not None
    previous = _last_code_line(lines, mismatch.opener_line, mismatch.line)
    if previous is not None and lines[previous - 1].rstrip().endswith(","):
        return problem("Invalid expression", _at(path, mismatch.line, mismatch.column))
    summary = _SEPARATOR_BY_OPENER.get(mismatch.opener, "Invalid expression")
    if mismatch.opener == "{" and _opens_block(lines, mismatch.opener_line):
        summary = "Argument or block definition required"
    line = mismatch.line
    if previous is not None and previous + 1 < mismatch.line:
        line = previous + 1
    return problem(summary, _at(path, line, mismatch.column if line == mismatch.line else 1))


def _opens_block(lines: list[str], line: int) -> bool:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    head = text.split("{", 1)[0]
    return bool(_BLOCK_HEADER_PREFIX.match(head)) and "=" not in head


def _expects_item(lines: list[str], end: int) -> bool:
    """Whether the text before the end of the file stops after a comma or an opener."""
    for number in range(end, 0, -1):
        text = lines[number - 1].split("#", 1)[0].strip()
        if text:
            return text.endswith((",", "[", "("))
    return False


def _last_code_line(lines: list[str], after: int, before: int) -> int | None:
    """The last line in (after, before) holding code, or the opener line itself."""
    for number in range(before - 1, after - 1, -1):
        text = lines[number - 1].strip()
        if text and not text.startswith(("#", "//")):
            return number
    return None


# -- 2. tree-sitter nodes ------------------------------------------------------------------


def _error_nodes(root: Node) -> Iterator[Node]:
    """ERROR and MISSING nodes in document order (iterative: trees can be very deep)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            yield node
        elif node.has_error:
            stack.extend(reversed(node.children))


def _context(node: Node) -> str:
    parent = node.parent
    while parent is not None and parent.type in _WRAPPERS:
        parent = parent.parent
    return parent.type if parent is not None else "config_file"


def _classify(node: Node, builder: TreeBuilder) -> SyntaxProblem:
    path = builder.path
    span = builder.range_of(node)
    if node.is_missing:
        return problem(_MISSING.get(node.type, "Invalid expression"), span)
    text = builder.text(node)
    invalid = _first_invalid_character(text)
    if invalid is not None:
        line = span.start_line + text.count("\n", 0, invalid)
        return problem("Invalid character", _at(path, line))
    context = _context(node)
    if context in ("object", "object_elem") and "=" not in text and ":" not in text:
        return problem("Missing attribute value", _at(path, span.start_line))
    if context in _SEPARATOR_BY_CONTEXT:
        following = node.next_named_sibling
        line = builder.line(following) if following is not None else span.end_line
        return problem(_SEPARATOR_BY_CONTEXT[context], _at(path, line))
    if context == "attribute":
        following = node.next_named_sibling
        if following is not None and following.start_point[0] == node.end_point[0]:
            return problem("Missing newline after argument", _at(path, span.start_line))
        return problem("Invalid expression", span)
    if context in ("body", "config_file", "block"):
        return _body_level(node, text, span, path)
    return problem("Invalid expression", span)


def _body_level(node: Node, text: str, span: Range, path: str) -> SyntaxProblem:
    stripped = text.strip()
    if _ATTRIBUTE_WITHOUT_VALUE.match(stripped) or stripped[:1] in _OPERATOR_STARTS:
        return problem("Invalid expression", span)
    previous = node.prev_named_sibling
    if (
        previous is not None
        and previous.end_point[0] == node.start_point[0]
        and previous.type in ("attribute", "body")
    ):
        return problem("Missing newline after argument", _at(path, span.start_line))
    return problem("Argument or block definition required", span)


_MISSING = {
    "}": "Unclosed configuration block",
    "block_end": "Unclosed configuration block",
    "quoted_template_end": "Invalid multi-line string",
    "heredoc_identifier": "Unterminated template string",
    "]": "Missing item separator",
    "tuple_end": "Missing item separator",
    ")": "Missing argument separator",
}
_ATTRIBUTE_WITHOUT_VALUE = lazy_pattern(r"^[A-Za-z_][\w-]*\s*=\s*$")
_OPERATOR_STARTS = set("+-*/%<>=!&|?:.")


def _first_invalid_character(text: str) -> int | None:
    """Offset of a character HCL does not use, outside strings and comments."""
    in_string = False
    index = 0
    while index < len(text):
        ch = text[index]
        if in_string:
            if ch == "\\":
                index += 2
                continue
            if ch == '"' or ch == "\n":
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "#" or text.startswith("//", index):
            newline = text.find("\n", index)
            if newline < 0:
                return None
            index = newline
            continue
        elif _INVALID_CHARACTERS.match(text, index):
            return index
        index += 1
    return None


# -- 3. structure -----------------------------------------------------------------------------


def diagnose_structure(body: Body) -> list[SyntaxProblem]:
    problems: list[SyntaxProblem] = []
    _check_body(body, None, problems)
    return problems


def _check_body(body: Body, owner: Block | None, problems: list[SyntaxProblem]) -> None:
    for duplicate in body.duplicates:
        first = body.attributes[duplicate.name].name_range
        problems.append(
            problem(
                "Attribute redefined",
                duplicate.name_range,
                f'The argument "{duplicate.name}" was already set at {first.file}:'
                f"{first.start_line},{first.start_column}-{first.end_column}. Each argument "
                "may be set only once.",
            )
        )
    items = body.items
    attribute_before: Range | None = None  # the range of the item before, if an attribute
    for item in items:
        line = item.range.start_line
        if attribute_before is not None and attribute_before.end_line == line:
            missing = _at(attribute_before.file, line)
            problems.append(problem("Missing newline after argument", missing))
        attribute_before = item.range if isinstance(item, Attribute) else None
    if owner is not None and items:
        first_item = items[0]
        opened_on = owner.label_ranges[-1].end_line if owner.label_ranges else owner.header_line
        if _start_line(first_item) == opened_on and owner.range.end_line != opened_on:
            problems.append(
                problem(
                    "Invalid single-argument block definition",
                    _at(owner.range.file, _start_line(first_item)),
                )
            )
    for block in body.blocks:
        _check_body(block.body, block, problems)


def _start_line(item: Attribute | Block) -> int:
    return item.range.start_line
