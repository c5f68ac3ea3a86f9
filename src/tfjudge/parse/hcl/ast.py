"""The typed HCL syntax tree: bodies, blocks, attributes and expressions, each with its range.

Built from tree-sitter's concrete tree by `tfjudge.parse.hcl.build`; rules and the
evaluator read only these classes, never tree-sitter nodes.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import field
from typing import TypeAlias

from tfjudge.records import record
from tfjudge.source import Range, SourceFile

LiteralValue: TypeAlias = str | int | float | bool | None


@record(eq=False, slots=True)
class Expr:
    """An expression with its source range; the subclasses are the HCL expression kinds."""

    range: Range

    def children(self) -> Iterator[Expr]:
        return iter(self._kids())

    def _kids(self) -> tuple[Expr, ...]:
        """The direct subexpressions, in order (what `children` iterates)."""
        return ()

    def walk(self) -> Iterator[Expr]:
        """This expression and every expression inside it, depth first."""
        stack: list[Expr] = [self]
        pop = stack.pop
        extend = stack.extend
        while stack:
            node = pop()
            yield node
            kids = node._kids()
            if kids:
                extend(reversed(kids))


@record(eq=False, slots=True)
class Literal(Expr):
    """A number, bool, null or a string without interpolation (quoted or heredoc)."""

    value: LiteralValue
    heredoc: bool = False


# -- traversals -------------------------------------------------------------------------


@record(eq=False, slots=True)
class GetAttr:
    """A `.name` step of a traversal."""

    name: str
    range: Range


@record(eq=False, slots=True)
class Index:
    """A `[key]` step of a traversal."""

    key: Expr
    range: Range


Step: TypeAlias = GetAttr | Index


@record(eq=False, slots=True)
class Traversal(Expr):
    """`root.step.step[...]`: a reference such as `var.x`, `aws_s3_bucket.b.arn`, `each.value`."""

    root: str
    steps: tuple[Step, ...] = ()

    def _kids(self) -> tuple[Expr, ...]:
        return _index_keys(self.steps) if self.steps else ()

    @property
    def attr_names(self) -> list[str]:
        """The leading attribute names after the root: `aws_x.y[0].id` gives ["y"]."""
        names: list[str] = []
        for step in self.steps:
            if not isinstance(step, GetAttr):
                break
            names.append(step.name)
        return names

    def dotted(self, depth: int) -> str:
        return ".".join([self.root, *self.attr_names[: depth - 1]])


@record(eq=False, slots=True)
class RelativeTraversal(Expr):
    """Steps applied to the result of another expression: `func(x)[0]`, `(a).b`."""

    source: Expr
    steps: tuple[Step, ...]

    def _kids(self) -> tuple[Expr, ...]:
        return (self.source, *_index_keys(self.steps))


@record(eq=False, slots=True)
class Splat(Expr):
    """`source[*].each` (full) or `source.*.each` (attribute-only, legacy)."""

    source: Expr
    each: tuple[Step, ...]
    full: bool = True

    def _kids(self) -> tuple[Expr, ...]:
        return (self.source, *_index_keys(self.each))


def _index_keys(steps: tuple[Step, ...]) -> tuple[Expr, ...]:
    return tuple([step.key for step in steps if isinstance(step, Index)])


# -- templates --------------------------------------------------------------------------


@record(eq=False, slots=True)
class TemplateIf:
    """A `%{if cond}...%{else}...%{endif}` directive inside a template."""

    condition: Expr
    true_parts: tuple[TemplatePart, ...]
    false_parts: tuple[TemplatePart, ...]
    range: Range


@record(eq=False, slots=True)
class TemplateFor:
    """A `%{for k, v in collection}...%{endfor}` directive inside a template."""

    key_var: str | None
    value_var: str
    collection: Expr
    parts: tuple[TemplatePart, ...]
    range: Range


TemplatePart: TypeAlias = "str | Expr | TemplateIf | TemplateFor"


@record(eq=False, slots=True)
class Template(Expr):
    """A string with interpolations or directives."""

    parts: tuple[TemplatePart, ...]
    heredoc: bool = False

    def _kids(self) -> tuple[Expr, ...]:
        return tuple(_template_exprs(self.parts))


def literal_text(expr: Expr) -> str | None:
    """The string an expression writes out as text: a quoted string, or a template of text
    only (`"a"`, a heredoc without interpolations); None for anything else."""
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, Template) and all(isinstance(p, str) for p in expr.parts):
        return "".join(p for p in expr.parts if isinstance(p, str))
    return None


def unwrapped(expr: Expr) -> Expr:
    """The expression a template of one interpolation and nothing else stands for: terraform
    reads `"${var.x}"` as `var.x` itself (its value, not a string of it)."""
    while isinstance(expr, Template) and len(expr.parts) == 1 and isinstance(expr.parts[0], Expr):
        expr = expr.parts[0]
    return expr


def _template_exprs(parts: tuple[TemplatePart, ...]) -> Iterator[Expr]:
    for part in parts:
        if isinstance(part, Expr):
            yield part
        elif isinstance(part, TemplateIf):
            yield part.condition
            yield from _template_exprs(part.true_parts)
            yield from _template_exprs(part.false_parts)
        elif isinstance(part, TemplateFor):
            yield part.collection
            yield from _template_exprs(part.parts)


# -- operations and constructors ---------------------------------------------------------


@record(eq=False, slots=True)
class FunctionCall(Expr):
    """`name(args...)`; `expand_final` when the last argument ends with `...`."""

    name: str
    args: tuple[Expr, ...]
    expand_final: bool = False

    def _kids(self) -> tuple[Expr, ...]:
        return self.args


@record(eq=False, slots=True)
class Conditional(Expr):
    """`condition ? true_value : false_value`."""

    condition: Expr
    true_value: Expr
    false_value: Expr

    def _kids(self) -> tuple[Expr, ...]:
        return (self.condition, self.true_value, self.false_value)


@record(eq=False, slots=True)
class BinaryOp(Expr):
    """`left op right`: arithmetic, comparison or logical."""

    op: str
    left: Expr
    right: Expr

    def _kids(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@record(eq=False, slots=True)
class UnaryOp(Expr):
    """`!operand` or `-operand`."""

    op: str
    operand: Expr

    def _kids(self) -> tuple[Expr, ...]:
        return (self.operand,)


@record(eq=False, slots=True)
class TupleExpr(Expr):
    """`[item, ...]`."""

    items: tuple[Expr, ...]

    def _kids(self) -> tuple[Expr, ...]:
        return self.items


@record(eq=False, slots=True)
class ObjectItem:
    """One `key = value` (or `key: value`) entry of an object constructor. `bare_key`: the
    key is written as an identifier (`Name = ...`), not quoted or computed."""

    key: Expr
    value: Expr
    bare_key: bool = False

    @property
    def key_name(self) -> str | None:
        """The key as a string when it is written literally (`Name = ...`, `"Name" = ...`)."""
        if isinstance(self.key, Literal) and isinstance(self.key.value, str):
            return self.key.value
        return None


@record(eq=False, slots=True)
class ObjectExpr(Expr):
    """`{ key = value, ... }`."""

    items: tuple[ObjectItem, ...]

    def _kids(self) -> tuple[Expr, ...]:
        kids: list[Expr] = []
        for item in self.items:
            kids.append(item.key)
            kids.append(item.value)
        return tuple(kids)

    def get(self, key: str) -> Expr | None:
        for item in self.items:
            if item.key_name == key:
                return item.value
        return None


@record(eq=False, slots=True)
class ForExpr(Expr):
    """`[for k, v in coll : value if cond]` or `{for k, v in coll : key => value...}`."""

    key_var: str | None
    value_var: str
    collection: Expr
    value: Expr
    key: Expr | None = None
    condition: Expr | None = None
    grouping: bool = False

    @property
    def is_object(self) -> bool:
        return self.key is not None

    def _kids(self) -> tuple[Expr, ...]:
        kids = [self.collection]
        if self.key is not None:
            kids.append(self.key)
        kids.append(self.value)
        if self.condition is not None:
            kids.append(self.condition)
        return tuple(kids)


@record(eq=False, slots=True)
class InvalidExpr(Expr):
    """An expression that did not parse; evaluates to unknown."""

    text: str = ""


# -- structure -------------------------------------------------------------------------


@record(eq=False, slots=True)
class Attribute:
    """`name = expr` in a body, with the range of the whole line and of the name."""

    name: str
    expr: Expr
    range: Range
    name_range: Range


@record(eq=False)
class Body:
    """The attributes and nested blocks of a block or file, in source order."""

    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    items: list[Attribute | Block] = field(default_factory=list)
    duplicates: list[Attribute] = field(default_factory=list)

    def blocks_of(self, block_type: str) -> list[Block]:
        return [b for b in self.blocks if b.type == block_type]

    def first_block(self, block_type: str) -> Block | None:
        for block in self.blocks:
            if block.type == block_type:
                return block
        return None

    def get(self, name: str) -> Expr | None:
        attribute = self.attributes.get(name)
        return attribute.expr if attribute else None


@record(eq=False)
class Block:
    """`type "label" ... { body }`, with its file and enclosing block (None at top level)."""

    type: str
    labels: tuple[str, ...]
    body: Body
    range: Range
    type_range: Range
    label_ranges: tuple[Range, ...] = ()
    file: SourceFile | None = None
    # The enclosing block, held weakly: a strong link back would make every tree a
    # reference cycle that only the cyclic garbage collector frees (see `parent`).
    _parent: weakref.ReferenceType[Block] | None = field(default=None, init=False, repr=False)
    # What the helpers below return, computed on first use: the tree is not changed
    # once built, and rules and the evaluator ask for the same blocks again and again.
    _blocks_deep: tuple[Block, ...] | None = field(default=None, init=False, repr=False)
    _attributes_deep: tuple[Attribute, ...] | None = field(default=None, init=False, repr=False)
    _expressions: tuple[Expr, ...] | None = field(default=None, init=False, repr=False)

    @property
    def parent(self) -> Block | None:
        """The block this one is nested in; None at the top level."""
        return self._parent() if self._parent is not None else None

    @parent.setter
    def parent(self, block: Block | None) -> None:
        self._parent = weakref.ref(block) if block is not None else None

    @property
    def header_line(self) -> int:
        return self.type_range.start_line

    def walk_blocks(self) -> Iterator[Block]:
        """This block and every nested block, depth first."""
        if self._blocks_deep is None:  # the nested blocks only: holding itself is a cycle
            found: list[Block] = []
            stack: list[Block] = list(reversed(self.body.blocks))
            while stack:
                block = stack.pop()
                found.append(block)
                stack.extend(reversed(block.body.blocks))
            self._blocks_deep = tuple(found)
        yield self
        yield from self._blocks_deep

    def attributes_deep(self) -> Iterator[Attribute]:
        if self._attributes_deep is None:
            found: list[Attribute] = []
            for block in self.walk_blocks():
                found.extend(block.body.attributes.values())
            self._attributes_deep = tuple(found)
        return iter(self._attributes_deep)

    def expressions(self) -> Iterator[Expr]:
        """Every expression anywhere in this block, nested blocks included."""
        if self._expressions is None:
            found: list[Expr] = []
            for attribute in self.attributes_deep():
                found.extend(attribute.expr.walk())
            self._expressions = tuple(found)
        return iter(self._expressions)


@record(eq=False)
class SyntaxProblem:
    """A parse error, with terraform's wording where we know it.

    `block` is the type and labels of the top-level block the error stands in, read from
    its header line (the block itself may be lost to the error).
    """

    summary: str
    detail: str
    range: Range
    block: tuple[str, tuple[str, ...]] | None = None


@record(eq=False)
class HclDocument:
    """One parsed HCL file: its top-level body and the syntax errors found."""

    file: SourceFile
    body: Body
    errors: list[SyntaxProblem] = field(default_factory=list)
