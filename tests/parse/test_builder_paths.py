"""The tree builder's shortcuts give what the general code they stand in for gives."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

import pytest
from tree_sitter import Node

from tfjudge.parse.hcl import parse_hcl
from tfjudge.parse.hcl.ast import Attribute, Expr, GetAttr, Literal, Traversal
from tfjudge.parse.hcl.build import TreeBuilder, kind_id
from tfjudge.parse.hcl.parser import parse_tree
from tfjudge.source import Range, SourceFile

TEXT = """\
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.env}" # the name
  tags = { Name = "été", Team = var.team }
  policy = jsonencode({ Statement = [for s in local.statements : s.id] })
}

locals {
  ids = aws_instance.web[*].id
  first = "naïve"
}
"""


def nodes(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from nodes(child)


@pytest.mark.parametrize(
    "text", [TEXT.replace("é", "e").replace("ï", "i"), TEXT], ids=["ascii", "non-ascii"]
)
@pytest.mark.parametrize("first_row", [0, 7])
def test_range_makers_agree_with_the_general_conversion(text: str, first_row: int) -> None:
    source = text.encode("utf-8")
    builder = TreeBuilder(SourceFile("main.tf", "hcl", text), source, first_row)
    for node in nodes(parse_tree(source)):
        general = builder._wide_range(node, node)  # converts each column from bytes
        assert builder.range_of(node) == general
        assert builder.range_between(node, node) == general
        if node.children:
            first = node.children[0]
            expected = (general, builder._wide_range(first, first))
            assert builder.ranges_from_first(node, first) == expected


def test_the_general_conversion_counts_characters() -> None:
    text = 'x = "été"\n'
    source = text.encode("utf-8")
    builder = TreeBuilder(SourceFile("main.tf", "hcl", text), source)
    string = next(n for n in nodes(parse_tree(source)) if n.type == "string_lit")
    assert builder._wide_range(string, string) == Range("main.tf", 1, 5, 1, 10)


def attribute(text: str) -> Attribute:
    document = parse_hcl(SourceFile("main.tf", "hcl", text))
    assert document.errors == []
    return document.body.attributes["x"]


def test_a_step_name_after_a_comment_is_found() -> None:
    plain = attribute("x = a.b\n").expr
    commented = attribute("x = a. /* c */ b\n").expr
    assert isinstance(plain, Traversal) and isinstance(commented, Traversal)
    assert [s.name for s in commented.steps if isinstance(s, GetAttr)] == ["b"]
    assert commented.steps[0].range == Range("main.tf", 1, 6, 1, 17)
    assert plain.steps[0].range == Range("main.tf", 1, 6, 1, 8)


def test_a_value_after_a_comment_is_found() -> None:
    expr = attribute('x = /* c */ "s"\n').expr
    assert isinstance(expr, Literal) and expr.value == "s"
    assert expr.range == Range("main.tf", 1, 13, 1, 16)


@dataclass
class FakeNode:
    """What `literal_value` reads of a node, for shapes tree-sitter does not produce."""

    kind: str
    start: int
    end: int
    children: list[FakeNode] = field(default_factory=list)
    is_named: bool = True
    has_error: bool = False

    @property
    def kind_id(self) -> int:
        return kind_id(self.kind, self.is_named)

    @property
    def named_children(self) -> list[FakeNode]:
        return [c for c in self.children if c.is_named]

    @property
    def start_byte(self) -> int:
        return self.start

    @property
    def end_byte(self) -> int:
        return self.end

    @property
    def start_point(self) -> tuple[int, int]:
        return (0, self.start)

    @property
    def end_point(self) -> tuple[int, int]:
        return (0, self.end)


def literal_value(builder: TreeBuilder, node: FakeNode) -> Expr:
    return builder.literal_value(cast(Node, node))


@pytest.mark.parametrize("kind", ["numeric_lit", "string_lit"])
def test_a_literal_value_of_several_children_reads_its_first_named_one(kind: str) -> None:
    text = 'x = 12 "ab"\n'
    literal = FakeNode(kind, 4, 6) if kind == "numeric_lit" else FakeNode(kind, 7, 11)
    builder = TreeBuilder(SourceFile("main.tf", "hcl", text), text.encode())
    alone = literal_value(builder, FakeNode("literal_value", 4, 11, [literal]))
    anonymous = FakeNode("(", 3, 4, is_named=False)
    after = literal_value(builder, FakeNode("literal_value", 3, 11, [anonymous, literal]))
    assert isinstance(alone, Literal) and isinstance(after, Literal)
    assert alone.value == after.value == (12 if kind == "numeric_lit" else "ab")
    assert not isinstance(
        literal_value(builder, FakeNode("literal_value", 3, 4, [anonymous])), Literal
    )
