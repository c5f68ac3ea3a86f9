"""The typed HCL syntax tree: bodies, blocks, attributes and expressions, each with its range.

Built from tree-sitter's concrete tree by `tfjudge.parse.hcl.build`; rules and the
evaluator read only these classes, never tree-sitter nodes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

from tfjudge.source import Range, SourceFile

LiteralValue: TypeAlias = str | int | float | bool | None


@dataclass(eq=False, slots=True)
class Expr:
    range: Range

    def children(self) -> Iterator[Expr]:
        return iter(())

    def walk(self) -> Iterator[Expr]:
        """This expression and every expression inside it, depth first."""
        stack: list[Expr] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(list(node.children())))


@dataclass(eq=False, slots=True)
class Literal(Expr):
    """A number, bool, null or a string without interpolation (quoted or heredoc)."""

    value: LiteralValue
    heredoc: bool = False


# -- traversals -------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class GetAttr:
    name: str
    range: Range


@dataclass(eq=False, slots=True)
class Index:
    key: Expr
    range: Range


Step: TypeAlias = GetAttr | Index


@dataclass(eq=False, slots=True)
class Traversal(Expr):
    """`root.step.step[...]`: a reference such as `var.x`, `aws_s3_bucket.b.arn`, `each.value`."""

    root: str
    steps: tuple[Step, ...] = ()

    def children(self) -> Iterator[Expr]:
        for step in self.steps:
            if isinstance(step, Index):
                yield step.key

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


@dataclass(eq=False, slots=True)
class RelativeTraversal(Expr):
    """Steps applied to the result of another expression: `func(x)[0]`, `(a).b`."""

    source: Expr
    steps: tuple[Step, ...]

    def children(self) -> Iterator[Expr]:
        yield self.source
        for step in self.steps:
            if isinstance(step, Index):
                yield step.key


@dataclass(eq=False, slots=True)
class Splat(Expr):
    """`source[*].each` (full) or `source.*.each` (attribute-only, legacy)."""

    source: Expr
    each: tuple[Step, ...]
    full: bool = True

    def children(self) -> Iterator[Expr]:
        yield self.source
        for step in self.each:
            if isinstance(step, Index):
                yield step.key


# -- templates --------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class TemplateIf:
    condition: Expr
    true_parts: tuple[TemplatePart, ...]
    false_parts: tuple[TemplatePart, ...]
    range: Range


@dataclass(eq=False, slots=True)
class TemplateFor:
    key_var: str | None
    value_var: str
    collection: Expr
    parts: tuple[TemplatePart, ...]
    range: Range


TemplatePart: TypeAlias = "str | Expr | TemplateIf | TemplateFor"


@dataclass(eq=False, slots=True)
class Template(Expr):
    """A string with interpolations or directives."""

    parts: tuple[TemplatePart, ...]
    heredoc: bool = False

    def children(self) -> Iterator[Expr]:
        yield from _template_exprs(self.parts)


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


@dataclass(eq=False, slots=True)
class FunctionCall(Expr):
    name: str
    args: tuple[Expr, ...]
    expand_final: bool = False

    def children(self) -> Iterator[Expr]:
        yield from self.args


@dataclass(eq=False, slots=True)
class Conditional(Expr):
    condition: Expr
    true_value: Expr
    false_value: Expr

    def children(self) -> Iterator[Expr]:
        yield self.condition
        yield self.true_value
        yield self.false_value


@dataclass(eq=False, slots=True)
class BinaryOp(Expr):
    op: str
    left: Expr
    right: Expr

    def children(self) -> Iterator[Expr]:
        yield self.left
        yield self.right


@dataclass(eq=False, slots=True)
class UnaryOp(Expr):
    op: str
    operand: Expr

    def children(self) -> Iterator[Expr]:
        yield self.operand


@dataclass(eq=False, slots=True)
class TupleExpr(Expr):
    items: tuple[Expr, ...]

    def children(self) -> Iterator[Expr]:
        yield from self.items


@dataclass(eq=False, slots=True)
class ObjectItem:
    key: Expr
    value: Expr

    @property
    def key_name(self) -> str | None:
        """The key as a string when it is written literally (`Name = ...`, `"Name" = ...`)."""
        if isinstance(self.key, Literal) and isinstance(self.key.value, str):
            return self.key.value
        return None


@dataclass(eq=False, slots=True)
class ObjectExpr(Expr):
    items: tuple[ObjectItem, ...]

    def children(self) -> Iterator[Expr]:
        for item in self.items:
            yield item.key
            yield item.value

    def get(self, key: str) -> Expr | None:
        for item in self.items:
            if item.key_name == key:
                return item.value
        return None


@dataclass(eq=False, slots=True)
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

    def children(self) -> Iterator[Expr]:
        yield self.collection
        if self.key is not None:
            yield self.key
        yield self.value
        if self.condition is not None:
            yield self.condition


@dataclass(eq=False, slots=True)
class InvalidExpr(Expr):
    """An expression that did not parse; evaluates to unknown."""

    text: str = ""


# -- structure -------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Attribute:
    name: str
    expr: Expr
    range: Range
    name_range: Range


@dataclass(eq=False)
class Body:
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


@dataclass(eq=False)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    range: Range
    type_range: Range
    label_ranges: tuple[Range, ...] = ()
    file: SourceFile | None = None
    parent: Block | None = None

    @property
    def header_line(self) -> int:
        return self.type_range.start_line

    def walk_blocks(self) -> Iterator[Block]:
        """This block and every nested block, depth first."""
        yield self
        for child in self.body.blocks:
            yield from child.walk_blocks()

    def attributes_deep(self) -> Iterator[Attribute]:
        for block in self.walk_blocks():
            yield from block.body.attributes.values()

    def expressions(self) -> Iterator[Expr]:
        """Every expression anywhere in this block, nested blocks included."""
        for attribute in self.attributes_deep():
            yield from attribute.expr.walk()


@dataclass(eq=False)
class SyntaxProblem:
    """A parse error, with terraform's wording where we know it.

    `block` is the type and labels of the top-level block the error stands in, read from
    its header line (the block itself may be lost to the error).
    """

    summary: str
    detail: str
    range: Range
    block: tuple[str, tuple[str, ...]] | None = None


@dataclass(eq=False)
class HclDocument:
    file: SourceFile
    body: Body
    errors: list[SyntaxProblem] = field(default_factory=list)
