"""From tree-sitter's concrete tree to the typed syntax tree of `tfjudge.parse.hcl.ast`."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import TypeAlias

import tree_sitter_hcl
from tree_sitter import Language, Node

from tfjudge.parse.hcl.ast import (
    Attribute,
    BinaryOp,
    Block,
    Body,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    InvalidExpr,
    Literal,
    ObjectExpr,
    ObjectItem,
    RelativeTraversal,
    Splat,
    Step,
    SyntaxProblem,
    Template,
    TemplateFor,
    TemplateIf,
    TemplatePart,
    Traversal,
    TupleExpr,
    UnaryOp,
)
from tfjudge.parse.hcl.messages import syntax_problem
from tfjudge.patterns import lazy_pattern
from tfjudge.source import Range, SourceFile

_ESCAPE = lazy_pattern(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_OPERATORS = {"!", "-", "*", "/", "%", "+", ">", ">=", "<", "<=", "==", "!=", "&&", "||"}

HCL_LANGUAGE = Language(tree_sitter_hcl.language())


def kind_id(kind: str, named: bool = True) -> int:
    """The grammar's id of a node kind, which `Node.kind_id` gives: the hot paths test
    these, as `Node.type` costs twice as much (it makes a string each time)."""
    found = HCL_LANGUAGE.id_for_node_kind(kind, named)
    if found is None:
        raise ValueError(f"the HCL grammar has no {'named ' if named else ''}node {kind!r}")
    return found


_ATTRIBUTE = kind_id("attribute")
_BLOCK = kind_id("block")
_IDENTIFIER = kind_id("identifier")
_EXPRESSION = kind_id("expression")
_COMMENT = kind_id("comment")
_VARIABLE_EXPR = kind_id("variable_expr")
_LITERAL_VALUE = kind_id("literal_value")
_STRING_LIT = kind_id("string_lit")
_NUMERIC_LIT = kind_id("numeric_lit")
_BOOL_LIT = kind_id("bool_lit")
_NULL_LIT = kind_id("null_lit")
_LITERAL_KINDS = {_STRING_LIT, _NUMERIC_LIT, _BOOL_LIT, _NULL_LIT}
_BODY = kind_id("body")
_GET_ATTR = kind_id("get_attr")
_INDEX = kind_id("index")
_SPLAT = kind_id("splat")
_STEP_KINDS = {_GET_ATTR, _INDEX}
_POSTFIX_KINDS = {_GET_ATTR, _INDEX, _SPLAT}
_OPEN_PARENTHESIS = kind_id("(", named=False)
_CLOSE_PARENTHESIS = kind_id(")", named=False)
_ERROR = kind_id("ERROR")
_TUPLE = kind_id("tuple")
_OBJECT = kind_id("object")
_OBJECT_ELEM = kind_id("object_elem")
_FUNCTION_ARGUMENTS = kind_id("function_arguments")
_ELLIPSIS = kind_id("ellipsis")
_QUOTED_TEMPLATE = kind_id("quoted_template")
_HEREDOC_TEMPLATE = kind_id("heredoc_template")
_QUOTED_TEMPLATE_START = kind_id("quoted_template_start")
_QUOTED_TEMPLATE_END = kind_id("quoted_template_end")
_TEMPLATE_ELEMENTS = {kind_id("template_interpolation"), kind_id("template_directive")}
_LEGACY_INDEX = kind_id("legacy_index")


def field_id(name: str) -> int:
    """The grammar's id of a field, for `Node.child_by_field_id` (no lookup by name)."""
    found = HCL_LANGUAGE.field_id_for_name(name)
    if found is None:
        raise ValueError(f"the HCL grammar has no field {name!r}")
    return found


_KEY_FIELD = field_id("key")
_VALUE_FIELD = field_id("val")

# No real configuration nests this deep; past it the tree is cut so recursion stays bounded.
MAX_NESTING = 100
TOO_DEEP = "Nesting too deep"

_Unescape: TypeAlias = Callable[[str], str]
_new_range = tuple.__new__  # Range(...) without the Python-level __new__ of a named tuple


def _replace_escape(match: re.Match[str]) -> str:
    text = match.group(0)
    if text == "$${":
        return "${"
    if text == "%%{":
        return "%{"
    code = match.group(1)
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, text)


def unescape_quoted(raw: str) -> str:
    if "\\" not in raw and "{" not in raw:  # nothing `_ESCAPE` can match
        return raw
    return _ESCAPE.sub(_replace_escape, raw)


def unescape_heredoc(raw: str) -> str:
    return raw.replace("$${", "${").replace("%%{", "%{")


class TreeBuilder:
    """Converts one file's tree. Columns are converted from bytes to characters.

    `source` may be a part of the file that starts at line `first_row + 1` (a chunk parsed
    on its own); ranges are always lines of the whole file.
    """

    def __init__(self, file: SourceFile, source: bytes, first_row: int = 0) -> None:
        self.file = file
        self.path = file.path
        self.source = source
        self.first_row = first_row
        self._base = first_row + 1
        self._ascii = source.isascii()
        # An ASCII source's byte offsets are its character offsets: slice the text.
        self._text = source.decode("ascii") if self._ascii else None
        self._line_starts: list[int] | None = None
        # Rows with a non-ASCII character: on the others too byte columns are characters.
        self._wide_rows = frozenset() if self._ascii else _non_ascii_rows(source)
        self.problems: list[SyntaxProblem] = []
        self._depth = 0
        self._argument = ""  # the argument whose value is being built

    # -- positions -------------------------------------------------------------------
    # The builder makes a range for most nodes: each maker reads the points itself, one
    # call, for an ASCII source (the common case) without converting columns.

    def _column(self, row: int, byte_column: int) -> int:
        if self._ascii:
            return byte_column + 1
        if self._line_starts is None:
            starts = [0]
            position = self.source.find(b"\n")
            while position >= 0:
                starts.append(position + 1)
                position = self.source.find(b"\n", position + 1)
            self._line_starts = starts
        if row >= len(self._line_starts):
            return byte_column + 1
        start = self._line_starts[row]
        prefix = self.source[start : start + byte_column]
        return len(prefix.decode("utf-8", errors="replace")) + 1

    def range_of(self, node: Node) -> Range:
        if not self._ascii:
            return self._wide_range(node, node)
        r1, c1 = node.start_point
        r2, c2 = node.end_point
        base = self._base
        return _new_range(Range, (self.path, r1 + base, c1 + 1, r2 + base, c2 + 1))

    def range_between(self, first: Node, last: Node) -> Range:
        if not self._ascii:
            return self._wide_range(first, last)
        r1, c1 = first.start_point
        r2, c2 = last.end_point
        base = self._base
        return _new_range(Range, (self.path, r1 + base, c1 + 1, r2 + base, c2 + 1))

    def ranges_from_first(self, node: Node, first: Node) -> tuple[Range, Range]:
        """The ranges of `node` and of its first child, which starts where it does."""
        if not self._ascii:
            return self._wide_range(node, node), self._wide_range(first, first)
        r1, c1 = first.start_point
        r2, c2 = first.end_point
        r3, c3 = node.end_point
        base = self._base
        path = self.path
        r1 += base
        c1 += 1
        return (
            _new_range(Range, (path, r1, c1, r3 + base, c3 + 1)),
            _new_range(Range, (path, r1, c1, r2 + base, c2 + 1)),
        )

    def _wide_range(self, first: Node, last: Node) -> Range:
        r1, c1 = first.start_point
        r2, c2 = last.end_point
        wide = self._wide_rows
        c1 = self._column(r1, c1) if r1 in wide else c1 + 1
        c2 = self._column(r2, c2) if r2 in wide else c2 + 1
        base = self._base
        return _new_range(Range, (self.path, r1 + base, c1, r2 + base, c2))

    def line(self, node: Node) -> int:
        """The file line where `node` starts."""
        return node.start_point[0] + self.first_row + 1

    def end_line(self, node: Node) -> int:
        return node.end_point[0] + self.first_row + 1

    def text(self, node: Node) -> str:
        if self._text is not None:
            return self._text[node.start_byte : node.end_byte]
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def raw(self, start: int, end: int) -> str:
        if self._text is not None:
            return self._text[start:end]
        return self.source[start:end].decode("utf-8", errors="replace")

    # -- structure -------------------------------------------------------------------

    def body(self, node: Node | None, parent: Block | None = None) -> Body:
        body = Body()
        if node is not None:
            # `children`, which the node keeps, not the list `named_children` makes:
            # the items wanted are named, the others are skipped anyway
            self._fill(body, node.children, parent)
        return body

    def body_of(self, nodes: list[Node], parent: Block | None = None) -> Body:
        """The body made of these items (attributes and blocks; other nodes are skipped)."""
        body = Body()
        self._fill(body, nodes, parent)
        return body

    def _fill(self, body: Body, nodes: list[Node], parent: Block | None) -> None:
        attributes = body.attributes
        items = body.items
        for child in nodes:
            kind = child.kind_id
            if kind == _ATTRIBUTE:
                attribute = self.attribute(child)
                if attribute is None:
                    continue
                if attribute.name in attributes:
                    body.duplicates.append(attribute)
                else:
                    attributes[attribute.name] = attribute
                items.append(attribute)
            elif kind == _BLOCK:
                block = self.block(child, parent)
                if block is not None:
                    body.blocks.append(block)
                    items.append(block)

    def attribute(self, node: Node) -> Attribute | None:
        children = node.children
        if not children:
            return None
        name_node = children[0]
        if name_node.kind_id != _IDENTIFIER:
            return None
        value: Node | None = children[2] if len(children) > 2 else None
        if value is None or value.kind_id != _EXPRESSION:
            value = next((c for c in node.named_children if c.type == "expression"), None)
        name = self.text(name_node)
        outer, self._argument = self._argument, name
        expr = self.expression(value) if value is not None else self._invalid(node)
        self._argument = outer
        span, name_span = self.ranges_from_first(node, name_node)
        return Attribute(name, expr, span, name_span)

    def block(self, node: Node, parent: Block | None) -> Block | None:
        children = node.children
        if not children:
            return None
        type_node = children[0]
        if type_node.kind_id != _IDENTIFIER:
            return None
        labels: list[str] = []
        label_ranges: list[Range] = []
        body_node: Node | None = None
        for child in children[1:]:
            kind = child.kind_id
            if kind == _STRING_LIT:
                labels.append(self.string_lit(child))
                label_ranges.append(self.range_of(child))
            elif kind == _IDENTIFIER:
                labels.append(self.text(child))
                label_ranges.append(self.range_of(child))
            elif kind == _BODY:
                body_node = child
        span, type_span = self.ranges_from_first(node, type_node)
        block = Block(
            type=self.text(type_node),
            labels=tuple(labels),
            body=Body(),
            range=span,
            type_range=type_span,
            label_ranges=tuple(label_ranges),
            file=self.file,
        )
        block.parent = parent
        if self._depth >= MAX_NESTING:
            self._too_deep(node)
            return block
        if body_node is not None:
            self._depth += 1
            self._fill(block.body, body_node.children, block)
            self._depth -= 1
        return block

    # -- expressions -----------------------------------------------------------------

    def _invalid(self, node: Node) -> InvalidExpr:
        return InvalidExpr(self.range_of(node), self.text(node))

    def expression(self, node: Node) -> Expr:
        # Each nesting level counts towards MAX_NESTING, the `expression` wrappers of
        # one child too; they are unwrapped here in a loop rather than by recursion.
        depth = self._depth
        if node.is_missing:
            return self._invalid(node)
        kind = node.kind_id
        while kind == _EXPRESSION:
            if depth >= MAX_NESTING:
                return self._too_deep(node)
            children = node.children
            if len(children) == 1:
                child = children[0]
                kind = child.kind_id  # read once: it decides this level and the next
                if kind != _COMMENT:
                    node = child
                    depth += 1
                    if node.is_missing:
                        return self._invalid(node)
                    continue
            outer = self._depth
            self._depth = depth + 1
            try:
                return self._compound(node, children)
            finally:
                self._depth = outer
        if depth >= MAX_NESTING:
            return self._too_deep(node)
        if kind == _VARIABLE_EXPR:  # the commonest: `var`, `each`, `aws_x` before steps
            return Traversal(self.range_of(node), self.text(node))
        if kind == _LITERAL_VALUE:  # no nesting below: the depth needs no update
            return self.literal_value(node)
        handler = _HANDLERS.get(kind)
        if handler is None:
            return self._invalid(node)
        outer = self._depth
        self._depth = depth + 1
        try:
            return handler(self, node)
        finally:
            self._depth = outer

    def _too_deep(self, node: Node) -> InvalidExpr:
        if not any(p.summary == TOO_DEEP for p in self.problems):
            detail = f"More than {MAX_NESTING} levels of nested expressions or blocks."
            self.problems.append(syntax_problem(TOO_DEEP, self.range_of(node), detail))
        return self._invalid(node)

    def _compound(self, node: Node, everything: list[Node]) -> Expr:
        """An `expression` node that is more than one wrapped node: a term with postfix
        operators (`a.b[0]`, `f(x)[*].id`), a parenthesized term, comments."""
        children: list[Node] = []
        kinds: list[int] = []
        for child in everything:
            kind = child.kind_id
            if kind != _COMMENT:
                children.append(child)
                kinds.append(kind)
        if not children:
            return self._invalid(node)
        if kinds[0] == _VARIABLE_EXPR and len(kinds) > 1 and _STEP_KINDS.issuperset(kinds[1:]):
            return self._traversal(node, children, kinds)
        if kinds[0] == _OPEN_PARENTHESIS:
            inner = children[kinds.index(_EXPRESSION)] if _EXPRESSION in kinds else None
            base: Expr = self.expression(inner) if inner is not None else self._invalid(node)
            closing = (i for i, k in enumerate(kinds) if k == _CLOSE_PARENTHESIS)
            first = next(closing, len(kinds) - 1) + 1
        else:
            base = self.expression(children[0])
            first = 1
        if _ERROR in kinds[first:]:
            return self._invalid(node)
        postfix = [
            c for c, k in zip(children[first:], kinds[first:], strict=True) if k in _POSTFIX_KINDS
        ]
        return self._apply_postfix(base, postfix, node)

    def _traversal(self, node: Node, children: list[Node], kinds: list[int]) -> Expr:
        """`a.b[0].c`, built as `_apply_postfix` would but without the traversal of the
        root alone that it extends."""
        root = children[0]
        if root.is_missing or self._depth >= MAX_NESTING:  # `expression` would refuse it
            return self._apply_postfix(self.expression(root), children[1:], node)
        steps: list[Step] = []
        for child, kind in zip(children[1:], kinds[1:], strict=True):
            step = self._step(child, kind)
            if step is None:
                return self._invalid(node)
            steps.append(step)
        return Traversal(self.range_between(node, children[-1]), self.text(root), tuple(steps))

    def _apply_postfix(self, base: Expr, postfix: list[Node], whole: Node) -> Expr:
        steps: list[Step] = []
        result = base
        for node in postfix:
            kind = node.kind_id
            if kind == _SPLAT:
                result = self._with_steps(result, steps, whole, node)
                result, steps = self._splat(result, node, whole)
                continue
            step = self._step(node, kind)
            if step is None:
                return self._invalid(whole)
            steps.append(step)
        return self._with_steps(result, steps, whole, postfix[-1] if postfix else whole)

    def _splat(self, source: Expr, node: Node, whole: Node) -> tuple[Splat, list[Step]]:
        """The splat and the steps after it. A full splat (`[*]`) applies every following
        step to each element; an attribute-only one (`.*`) only the attribute steps: an
        index after them applies to the whole result (`aws_eip.nat.*.id[0]` is the first
        id), as in HCL."""
        splat = node.named_children[0]
        full = splat.type == "full_splat"
        parts = [c for c in splat.named_children if c.kind_id in _STEP_KINDS]
        cut = len(parts)
        if not full:
            cut = next((i for i, c in enumerate(parts) if c.kind_id == _INDEX), len(parts))
        each = tuple(s for c in parts[:cut] if (s := self._step(c, c.kind_id)) is not None)
        if cut == len(parts):
            end = node  # the whole splat
        elif cut:
            end = parts[cut - 1]  # its last attribute step
        else:
            end = splat.children[0]  # the `.*` itself
        result = Splat(self.range_between(whole, end), source, each, full=full)
        rest = [s for c in parts[cut:] if (s := self._step(c, c.kind_id)) is not None]
        return result, rest

    def _with_steps(self, base: Expr, steps: list[Step], whole: Node, last: Node) -> Expr:
        if not steps:
            return base
        span = self.range_between(whole, last)
        if isinstance(base, Traversal):
            return Traversal(span, base.root, (*base.steps, *steps))
        if isinstance(base, RelativeTraversal):
            return RelativeTraversal(span, base.source, (*base.steps, *steps))
        return RelativeTraversal(span, base, tuple(steps))

    def _step(self, node: Node, kind: int) -> Step | None:
        if kind == _GET_ATTR:
            # the first identifier; cheaper than `children` when it is the first named child
            # (the `.` before it is anonymous), as it is in any `.name` that parsed
            name: Node | None = node.named_child(0)
            if name is None or name.kind_id != _IDENTIFIER:
                name = next((c for c in node.children if c.kind_id == _IDENTIFIER), None)
            return GetAttr(self.text(name), self.range_of(node)) if name is not None else None
        if kind == _INDEX:
            named = node.named_children
            if not named:
                return None
            inner = named[0]
            if inner.kind_id == _LEGACY_INDEX:
                digits = self.text(inner).lstrip(".")
                key: Expr = Literal(
                    self.range_of(inner), int(digits) if digits.isdigit() else digits
                )
                return Index(key, self.range_of(node))
            expr_node = next((c for c in inner.children if c.kind_id == _EXPRESSION), None)
            if expr_node is None:
                return None
            return Index(self.expression(expr_node), self.range_of(node))
        return None

    def variable(self, node: Node) -> Expr:
        return Traversal(self.range_of(node), self.text(node))

    def literal_value(self, node: Node) -> Expr:
        children = node.children  # kept by the node, unlike the list named_children makes
        inner = children[0] if len(children) == 1 else None
        # the literal kinds are named nodes: a lone child of one of them needs no is_named
        kind = inner.kind_id if inner is not None else -1
        if inner is None or kind not in _LITERAL_KINDS:
            named = node.named_children
            if not named:
                return self._invalid(node)
            inner = named[0]
            kind = inner.kind_id
        span = self.range_of(node)
        if kind == _STRING_LIT:
            return Literal(span, self.string_lit(inner))
        if kind == _NUMERIC_LIT:
            return Literal(span, _number(self.text(inner)))
        if kind == _BOOL_LIT:
            return Literal(span, self.text(inner) == "true")
        if kind == _NULL_LIT:
            return Literal(span, None)
        return self._invalid(node)

    def _plain(self, node: Node) -> str | None:
        """The text inside the quotes of a string without interpolations or directives
        (reporting a line break in it); None for any other string."""
        first, last = node.start_byte, node.end_byte
        if last - first < 2 or node.has_error:
            return None
        text = self._text[first:last] if self._text is not None else self.raw(first, last)
        if text[0] == '"' == text[-1] and "${" not in text and "%{" not in text:
            inside = text[1:-1]
            if "\n" in inside:
                self._split_string(node, inside)
            return inside
        return None

    def _quotes(self, node: Node) -> tuple[int, int, list[Node]]:
        """The byte offsets inside the quotes of a string and its template elements."""
        if self._plain(node) is not None:  # a plain "..." has no elements: skip its children
            return node.start_byte + 1, node.end_byte - 1, []
        return self._delimited(node)

    def _delimited(self, node: Node) -> tuple[int, int, list[Node]]:
        """`_quotes` of a string that is not plain, from its children."""
        start: Node | None = None
        end: Node | None = None
        elements: list[Node] = []
        for child in node.children:
            kind = child.kind_id
            if kind == _QUOTED_TEMPLATE_START:
                if start is None:
                    start = child
            elif kind == _QUOTED_TEMPLATE_END:
                if end is None:
                    end = child
            elif kind in _TEMPLATE_ELEMENTS:
                elements.append(child)
        first = start.end_byte if start is not None else node.start_byte
        last = end.start_byte if end is not None and not end.is_missing else node.end_byte
        if start is not None and end is not None and not end.is_missing:
            text = self.raw(first, last)
            if "\n" in text:
                self._split_string(node, text)
        return first, last, elements

    def _split_string(self, node: Node, inside: str) -> None:
        """Quoted strings end on their line (the grammar lets them run on): report the
        first line break outside `${ }` and `%{ }`, as terraform does."""
        offset = _literal_newline(inside)
        if offset is None:
            return
        row, column = node.start_point
        line = row + self._base + inside.count("\n", 0, offset)
        start = self._column(row, column) if line == row + self._base else 1
        at = Range(self.path, line, start, line, start + 1)
        self.problems.append(syntax_problem("Invalid multi-line string", at))

    def string_lit(self, node: Node) -> str:
        inside = self._plain(node)
        if inside is None:
            first, last, _ = self._delimited(node)
            inside = self.raw(first, last)
        return unescape_quoted(inside)

    def template_expr(self, node: Node) -> Expr:
        named = node.named_children
        if not named:
            return self._invalid(node)
        inner = named[0]
        kind = inner.kind_id
        if kind == _QUOTED_TEMPLATE:
            return self._quoted_template(inner)
        if kind == _HEREDOC_TEMPLATE:
            return self._heredoc(inner)
        return self._invalid(node)

    def _quoted_template(self, node: Node) -> Expr:
        first, last, elements = self._quotes(node)
        parts = self._parts(elements, first, last, unescape_quoted)
        return _template_or_literal(self.range_of(node), parts, heredoc=False)

    def _heredoc(self, node: Node) -> Expr:
        markers = [c for c in node.children if c.type == "heredoc_identifier"]
        start_kind = next((c for c in node.children if c.type == "heredoc_start"), None)
        flush = start_kind is not None and self.text(start_kind).startswith("<<-")
        opening = markers[0] if markers else node
        newline = self.source.find(b"\n", opening.end_byte)
        first = newline + 1 if newline >= 0 else node.end_byte
        if len(markers) >= 2 and not markers[-1].is_missing:
            closing = markers[-1]
            last = self.source.rfind(b"\n", 0, closing.start_byte) + 1
            last = max(last, first)
        else:
            last = node.end_byte
        elements = [c for c in node.children if c.kind_id in _TEMPLATE_ELEMENTS]
        dedent = self._indent_width(first, last) if flush else 0
        parts = self._parts(elements, first, last, unescape_heredoc, dedent)
        return _template_or_literal(self.range_of(node), parts, heredoc=True)

    def _indent_width(self, first: int, last: int) -> int:
        lines = [line for line in self.raw(first, last).split("\n") if line.strip()]
        return min((len(line) - len(line.lstrip(" \t")) for line in lines), default=0)

    def _literal(self, start: int, end: int, dedent: int) -> str:
        text = self.raw(start, end)
        if not dedent:
            return text
        segments = text.split("\n")
        at_line_start = start == 0 or self.source[start - 1 : start] == b"\n"
        for index, segment in enumerate(segments):
            if index > 0 or at_line_start:
                lead = segment[:dedent]
                segments[index] = segment[len(lead) - len(lead.lstrip(" \t")) :]
        return "\n".join(segments)

    def _parts(
        self,
        elements: list[Node],
        first: int,
        last: int,
        unescape: _Unescape,
        dedent: int = 0,
        strip_start: bool = False,
        strip_end: bool = False,
    ) -> list[TemplatePart]:
        """Text and elements between byte offsets; `strip_start`/`strip_end` apply the `~`
        of the directive markers around them (`%{ if x ~}`, `%{~ endif }`)."""
        parts: list[TemplatePart] = []
        cursor = first
        strip_next = strip_start
        for element in elements:
            start = element.start_byte
            if start < cursor:
                continue
            literal = self._literal(cursor, start, dedent)
            if strip_next:
                literal = literal.lstrip()
            markers = _strip_markers(element)
            if markers is not None and markers[0]:
                literal = literal.rstrip()
            if literal:
                parts.append(unescape(literal))
            part, cursor = self._element(element, unescape, dedent)
            if part is not None:
                parts.append(part)
            strip_next = markers is not None and markers[1]
        literal = self._literal(cursor, last, dedent) if last > cursor else ""
        if strip_next:
            literal = literal.lstrip()
        if strip_end:
            literal = literal.rstrip()
        if literal:
            parts.append(unescape(literal))
        return _merge_strings(parts)

    def _element(
        self, node: Node, unescape: _Unescape, dedent: int
    ) -> tuple[TemplatePart | None, int]:
        if node.type == "template_interpolation":
            inner = next((c for c in node.named_children if c.type == "expression"), None)
            expr = self.expression(inner) if inner is not None else self._invalid(node)
            return expr, node.end_byte
        directive = node.named_children[0] if node.named_children else None
        if directive is None or directive.type not in ("template_if", "template_for"):
            return None, node.end_byte
        if self._depth >= MAX_NESTING:
            return self._too_deep(node), node.end_byte
        self._depth += 1
        try:
            if directive.type == "template_if":
                return self._template_if(directive, unescape, dedent), node.end_byte
            return self._template_for(directive, unescape, dedent), node.end_byte
        finally:
            self._depth -= 1

    def _template_if(self, node: Node, unescape: _Unescape, dedent: int) -> TemplateIf:
        intro = next((c for c in node.children if c.type == "template_if_intro"), None)
        else_intro = next((c for c in node.children if c.type == "template_else_intro"), None)
        end = next((c for c in node.children if c.type == "template_if_end"), None)
        cond_node = (
            next((c for c in intro.named_children if c.type == "expression"), None)
            if intro
            else None
        )
        condition = self.expression(cond_node) if cond_node else self._invalid(node)
        body_start = intro.end_byte if intro else node.start_byte
        body_end = end.start_byte if end else node.end_byte
        inner = [c for c in node.children if c.kind_id in _TEMPLATE_ELEMENTS]
        _, intro_after = _marker_strips(intro)
        end_before, _ = _marker_strips(end)
        if else_intro is not None:
            else_before, else_after = _marker_strips(else_intro)
            true_elems = [c for c in inner if c.end_byte <= else_intro.start_byte]
            false_elems = [c for c in inner if c.start_byte >= else_intro.end_byte]
            true_parts = self._parts(
                true_elems,
                body_start,
                else_intro.start_byte,
                unescape,
                dedent,
                intro_after,
                else_before,
            )
            false_parts = self._parts(
                false_elems, else_intro.end_byte, body_end, unescape, dedent, else_after, end_before
            )
        else:
            true_parts = self._parts(
                inner, body_start, body_end, unescape, dedent, intro_after, end_before
            )
            false_parts = []
        return TemplateIf(condition, tuple(true_parts), tuple(false_parts), self.range_of(node))

    def _template_for(self, node: Node, unescape: _Unescape, dedent: int) -> TemplateFor:
        start = next((c for c in node.children if c.type == "template_for_start"), None)
        end = next((c for c in node.children if c.type == "template_for_end"), None)
        names = [self.text(c) for c in start.children if c.type == "identifier"] if start else []
        coll_node = (
            next((c for c in start.named_children if c.type == "expression"), None)
            if start
            else None
        )
        collection = self.expression(coll_node) if coll_node else self._invalid(node)
        key_var, value_var = (names[0], names[1]) if len(names) >= 2 else (None, *names[:1])
        inner = [c for c in node.children if c.kind_id in _TEMPLATE_ELEMENTS]
        body_start = start.end_byte if start else node.start_byte
        body_end = end.start_byte if end else node.end_byte
        _, start_after = _marker_strips(start)
        end_before, _ = _marker_strips(end)
        parts = self._parts(inner, body_start, body_end, unescape, dedent, start_after, end_before)
        return TemplateFor(key_var, value_var or "_", collection, tuple(parts), self.range_of(node))

    def collection_value(self, node: Node) -> Expr:
        named = node.named_children
        if not named:
            return self._invalid(node)
        inner = named[0]
        kind = inner.kind_id
        if kind == _TUPLE:
            item_nodes = [c for c in inner.children if c.kind_id == _EXPRESSION]
            self._check_separators(item_nodes, "Missing item separator", newline_ok=False)
            items = [self.expression(c) for c in item_nodes]
            return TupleExpr(self.range_of(node), tuple(items))
        if kind == _OBJECT:
            return self._object(inner)
        return self._invalid(node)

    def _check_separators(self, nodes: list[Node], summary: str, newline_ok: bool) -> None:
        """HCL wants a comma (or, in objects, a newline) between items; the grammar does not."""
        source = self.source
        for previous, current in itertools.pairwise(nodes):
            between = source[previous.end_byte : current.start_byte]
            if b"," in between or (newline_ok and b"\n" in between):
                continue
            self.problems.append(syntax_problem(summary, self.range_of(current)))

    def _object(self, node: Node) -> Expr:
        items: list[ObjectItem] = []
        elems = [c for c in node.children if c.kind_id == _OBJECT_ELEM]
        self._check_separators(elems, "Missing attribute separator", newline_ok=True)
        for elem in elems:
            key_node = elem.child_by_field_id(_KEY_FIELD)
            value_node = elem.child_by_field_id(_VALUE_FIELD)
            if key_node is None or value_node is None:
                continue
            key, bare = self._object_key(key_node)
            items.append(ObjectItem(key, self.expression(value_node), bare))
        return ObjectExpr(self.range_of(node), tuple(items))

    def _object_key(self, node: Node) -> tuple[Expr, bool]:
        """The key, and whether it is a bare identifier: a string then, not a reference
        (HCL's object key rule)."""
        everything = node.children
        if len(everything) == 1:
            if everything[0].kind_id == _VARIABLE_EXPR:
                return Literal(self.range_of(node), self.text(everything[0])), True
            return self.expression(node), False
        children = [c for c in everything if c.kind_id != _COMMENT]
        if len(children) == 1 and children[0].kind_id == _VARIABLE_EXPR:
            return Literal(self.range_of(node), self.text(children[0])), True
        key = self.expression(node)
        if (
            isinstance(key, Traversal)
            and key.steps
            and self._argument != "providers"  # a module's `{ aws.peer = aws.west }`
            and not self.text(node).startswith("(")
        ):
            # `{ local.name = 1 }`: HCL refuses a dotted key it cannot tell from a name
            self.problems.append(syntax_problem("Ambiguous attribute key", key.range))
        return key, False

    def function_call(self, node: Node) -> Expr:
        children = node.children
        name_node = children[0] if children else None
        args_node = next((c for c in children if c.kind_id == _FUNCTION_ARGUMENTS), None)
        args: list[Expr] = []
        expand = False
        if args_node is not None:
            arg_nodes = [c for c in args_node.children if c.kind_id == _EXPRESSION]
            self._check_separators(arg_nodes, "Missing argument separator", newline_ok=False)
            args = [self.expression(c) for c in arg_nodes]
            expand = any(c.kind_id == _ELLIPSIS for c in args_node.children)
        name = self.text(name_node) if name_node is not None else ""
        return FunctionCall(self.range_of(node), name, tuple(args), expand)

    def for_expr(self, node: Node) -> Expr:
        inner = node.named_children[0] if node.named_children else None
        if inner is None:
            return self._invalid(node)
        intro = next((c for c in inner.named_children if c.type == "for_intro"), None)
        if intro is None:
            return self._invalid(node)
        names = [self.text(c) for c in intro.children if c.type == "identifier"]
        coll_node = next((c for c in intro.named_children if c.type == "expression"), None)
        exprs = [c for c in inner.named_children if c.type == "expression"]
        cond = next((c for c in inner.named_children if c.type == "for_cond"), None)
        cond_node = (
            next((c for c in cond.named_children if c.type == "expression"), None) if cond else None
        )
        key_var, value_var = (names[0], names[1]) if len(names) >= 2 else (None, names[0])
        collection = self.expression(coll_node) if coll_node else self._invalid(intro)
        condition = self.expression(cond_node) if cond_node else None
        span = self.range_of(node)
        if inner.type == "for_object_expr":
            if len(exprs) < 2:
                return self._invalid(node)
            grouping = any(c.type == "ellipsis" for c in inner.children)
            return ForExpr(
                span,
                key_var,
                value_var,
                collection,
                self.expression(exprs[1]),
                self.expression(exprs[0]),
                condition,
                grouping,
            )
        if not exprs:
            return self._invalid(node)
        return ForExpr(
            span, key_var, value_var, collection, self.expression(exprs[0]), None, condition
        )

    def operation(self, node: Node) -> Expr:
        inner = node.named_children[0] if node.named_children else None
        if inner is None:
            return self._invalid(node)
        span = self.range_of(node)
        children = [c for c in inner.children if c.kind_id != _COMMENT]
        operator = next((i for i, c in enumerate(children) if c.type in _OPERATORS), None)
        if operator is None:
            return self._invalid(node)
        right = self._term(children[operator + 1 :], inner)
        if inner.type == "unary_operation":
            return UnaryOp(span, children[operator].type, right)
        left = self._term(children[:operator], inner)
        return BinaryOp(span, children[operator].type, left, right)

    def _term(self, nodes: list[Node], whole: Node) -> Expr:
        """An operand: one expression node, or a term followed by its postfix operators."""
        if not nodes:
            return self._invalid(whole)
        if nodes[0].type == "(":  # a parenthesized operand, maybe with postfix operators
            inner = next((n for n in nodes if n.type == "expression"), None)
            close = next((i for i, n in enumerate(nodes) if n.type == ")"), len(nodes) - 1)
            base = self.expression(inner) if inner is not None else self._invalid(whole)
            postfix = [n for n in nodes[close + 1 :] if n.kind_id in _POSTFIX_KINDS]
            return self._apply_postfix(base, postfix, nodes[0]) if postfix else base
        if len(nodes) == 1:
            return self.expression(nodes[0])
        base = self.expression(nodes[0])
        postfix = [n for n in nodes[1:] if n.kind_id in _POSTFIX_KINDS]
        return self._apply_postfix(base, postfix, nodes[0])

    def conditional(self, node: Node) -> Expr:
        exprs = [c for c in node.children if c.kind_id == _EXPRESSION]
        if len(exprs) != 3:
            return self._invalid(node)
        cond, yes, no = (self.expression(e) for e in exprs)
        return Conditional(self.range_of(node), cond, yes, no)


def _literal_newline(text: str) -> int | None:
    """Offset of the first newline of a quoted string's text that is not inside an
    interpolation or directive (`"a ${f(\n x)} b"` is allowed)."""
    depth, index, length = 0, 0, len(text)
    while index < length:
        character = text[index]
        if depth == 0:
            if character == "\\" or text.startswith(("$${", "%%{"), index):
                index += 2
                continue
            if character in "$%" and text.startswith("{", index + 1):
                depth, index = 1, index + 2
                continue
            if character == "\n":
                return index
        elif character == "{":
            depth += 1
        elif character == "}":
            depth -= 1
        index += 1
    return None


def _non_ascii_rows(source: bytes) -> frozenset[int]:
    return frozenset(n for n, line in enumerate(source.split(b"\n")) if not line.isascii())


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        value = float(text)
        return int(value) if value.is_integer() and "e" not in text.lower() else value


def _marker_strips(marker: Node | None) -> tuple[bool, bool]:
    """(strip before, strip after) of one directive marker: `%{~ else ~}`."""
    if marker is None:
        return False, False
    kids = marker.children
    before = len(kids) > 1 and kids[1].type == "strip_marker"
    after = len(kids) > 2 and kids[-2].type == "strip_marker"
    return before, after


def _strip_markers(element: Node) -> tuple[bool, bool] | None:
    """(strip before, strip after) of an interpolation or a directive's outer delimiters."""
    if element.type == "template_interpolation":
        kids = element.children
        before = len(kids) > 1 and kids[1].type == "strip_marker"
        after = len(kids) > 2 and kids[-2].type == "strip_marker"
        return before, after
    directive = element.named_children[0] if element.named_children else None
    if directive is None or not directive.children:
        return None
    intro, end = directive.children[0], directive.children[-1]
    before = len(intro.children) > 1 and intro.children[1].type == "strip_marker"
    after = len(end.children) > 2 and end.children[-2].type == "strip_marker"
    return before, after


def _merge_strings(parts: list[TemplatePart]) -> list[TemplatePart]:
    merged: list[TemplatePart] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + part
        else:
            merged.append(part)
    return merged


def _template_or_literal(span: Range, parts: list[TemplatePart], heredoc: bool) -> Expr:
    if not parts:
        return Literal(span, "", heredoc=heredoc)
    if len(parts) == 1 and isinstance(parts[0], str):
        return Literal(span, parts[0], heredoc=heredoc)
    return Template(span, tuple(parts), heredoc=heredoc)


_HANDLERS = {
    kind_id(kind): handler
    for kind, handler in (
        ("variable_expr", TreeBuilder.variable),
        ("literal_value", TreeBuilder.literal_value),
        ("template_expr", TreeBuilder.template_expr),
        ("collection_value", TreeBuilder.collection_value),
        ("function_call", TreeBuilder.function_call),
        ("for_expr", TreeBuilder.for_expr),
        ("operation", TreeBuilder.operation),
        ("conditional", TreeBuilder.conditional),
    )
}
