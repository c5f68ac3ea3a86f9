"""The typed HCL tree: blocks, attributes and every kind of expression, with exact ranges."""

from __future__ import annotations

from tfjudge.parse.hcl import parse_hcl
from tfjudge.parse.hcl.ast import (
    BinaryOp,
    Block,
    Conditional,
    ForExpr,
    FunctionCall,
    GetAttr,
    HclDocument,
    Index,
    Literal,
    ObjectExpr,
    RelativeTraversal,
    Splat,
    Template,
    TemplateFor,
    TemplateIf,
    Traversal,
    TupleExpr,
    UnaryOp,
)
from tfjudge.source import SourceFile


def parse(text: str) -> HclDocument:
    return parse_hcl(SourceFile("main.tf", "hcl", text))


def single_block(text: str) -> Block:
    document = parse(text)
    assert document.errors == []
    assert len(document.body.blocks) == 1
    return document.body.blocks[0]


def test_block_labels_and_ranges() -> None:
    block = single_block('resource "aws_s3_bucket" "logs" {\n  bucket = "x"\n}\n')
    assert (block.type, block.labels) == ("resource", ("aws_s3_bucket", "logs"))
    assert (block.range.start_line, block.range.end_line) == (1, 3)
    attribute = block.body.attributes["bucket"]
    assert (attribute.range.start_line, attribute.range.start_column) == (2, 3)
    assert isinstance(attribute.expr, Literal) and attribute.expr.value == "x"


def test_literals_and_escapes() -> None:
    body = single_block(
        'locals {\n  n = 42\n  f = 1.5\n  t = true\n  z = null\n  s = "a\\"b\\n$${x} %%{y}"\n}\n'
    ).body
    values = {name: attr.expr.value for name, attr in body.attributes.items()}  # type: ignore[attr-defined]
    assert values == {"n": 42, "f": 1.5, "t": True, "z": None, "s": 'a"b\n${x} %{y}'}


def test_template_with_interpolations_keeps_literal_whitespace() -> None:
    expr = single_block('locals {\n  name = "${var.app} - ${local.env}"\n}\n').body.get("name")
    assert isinstance(expr, Template)
    assert [p if isinstance(p, str) else type(p).__name__ for p in expr.parts] == [
        "Traversal",
        " - ",
        "Traversal",
    ]


def test_traversals_splats_and_indexes() -> None:
    body = single_block(
        "locals {\n  a = aws_instance.web[0].id\n  b = aws_instance.web[*].id\n"
        "  c = aws_instance.web.*.id\n  d = var.list.0\n  e = var.map[var.key]\n}\n"
    ).body
    a = body.get("a")
    assert isinstance(a, Traversal) and a.root == "aws_instance"
    assert isinstance(a.steps[0], GetAttr) and a.steps[0].name == "web"
    assert isinstance(a.steps[1], Index) and isinstance(a.steps[1].key, Literal)
    assert isinstance(a.steps[2], GetAttr) and a.steps[2].name == "id"
    b, c = body.get("b"), body.get("c")
    assert isinstance(b, Splat) and b.full and isinstance(b.source, Traversal)
    assert isinstance(c, Splat) and not c.full
    d = body.get("d")
    assert isinstance(d, Traversal) and isinstance(d.steps[1], Index)
    e = body.get("e")
    assert isinstance(e, Traversal) and isinstance(e.steps[1], Index)
    assert isinstance(e.steps[1].key, Traversal)


def test_an_index_after_an_attribute_only_splat_applies_to_its_result() -> None:
    """`aws_eip.nat.*.id[0]` is the first id (HCL's attribute-only splat takes attribute
    steps only); `aws_eip.nat[*].id[0]` indexes each id."""
    body = single_block(
        "locals {\n  a = aws_eip.nat.*.id[0]\n  b = aws_eip.nat[*].id[0]\n"
        "  c = aws_eip.nat.*.tags.Name\n  d = aws_eip.nat.*[0].id\n}\n"
    ).body
    a, b, c, d = (body.get(name) for name in "abcd")
    assert isinstance(a, RelativeTraversal) and isinstance(a.source, Splat)
    assert [type(s) for s in a.source.each] == [GetAttr] and [type(s) for s in a.steps] == [Index]
    assert isinstance(b, Splat) and b.full and [type(s) for s in b.each] == [GetAttr, Index]
    assert isinstance(c, Splat) and [s.name for s in c.each if isinstance(s, GetAttr)] == [
        "tags",
        "Name",
    ]
    assert isinstance(d, RelativeTraversal) and isinstance(d.source, Splat)
    assert d.source.each == () and [type(s) for s in d.steps] == [Index, GetAttr]


def test_operators_conditionals_calls_and_collections() -> None:
    body = single_block(
        'locals {\n  a = var.n > 0 ? "yes" : "no"\n  b = -var.n\n  c = merge(local.x, { k = 1 }, [1, 2]...)\n'
        "  d = 1 + 2 * 3\n}\n"
    ).body
    a = body.get("a")
    assert isinstance(a, Conditional) and isinstance(a.condition, BinaryOp)
    assert isinstance(body.get("b"), UnaryOp)
    c = body.get("c")
    assert isinstance(c, FunctionCall) and c.name == "merge" and c.expand_final
    assert isinstance(c.args[1], ObjectExpr) and c.args[1].items[0].key_name == "k"
    assert isinstance(c.args[2], TupleExpr) and len(c.args[2].items) == 2
    d = body.get("d")
    assert isinstance(d, BinaryOp) and d.op == "+" and isinstance(d.right, BinaryOp)


def test_for_expressions() -> None:
    body = single_block(
        'locals {\n  l = [for k, v in var.m : upper(v) if k != "a"]\n'
        "  m = {for s in var.subnets : s.az => s.id...}\n}\n"
    ).body
    tuple_for = body.get("l")
    assert isinstance(tuple_for, ForExpr) and not tuple_for.is_object
    assert (tuple_for.key_var, tuple_for.value_var) == ("k", "v")
    assert tuple_for.condition is not None
    object_for = body.get("m")
    assert isinstance(object_for, ForExpr) and object_for.is_object and object_for.grouping


def test_heredocs_plain_and_flush() -> None:
    body = single_block(
        "locals {\n  a = <<EOF\nline one\n  line two\nEOF\n"
        "  b = <<-EOT\n    indented ${var.x}\n      more\n    EOT\n}\n"
    ).body
    a = body.get("a")
    assert isinstance(a, Literal) and a.heredoc and a.value == "line one\n  line two\n"
    b = body.get("b")
    assert isinstance(b, Template) and b.heredoc
    assert b.parts[0] == "indented " and b.parts[2] == "\n  more\n"


def test_template_directives() -> None:
    expr = single_block(
        'locals {\n  a = "%{ if var.on }on%{ else }off%{ endif }"\n'
        '  b = "%{ for s in var.l }${s},%{ endfor }"\n}\n'
    ).body
    a, b = expr.get("a"), expr.get("b")
    assert isinstance(a, Template) and isinstance(a.parts[0], TemplateIf)
    assert a.parts[0].true_parts == ("on",) and a.parts[0].false_parts == ("off",)
    assert isinstance(b, Template) and isinstance(b.parts[0], TemplateFor)


def test_object_keys_bare_quoted_and_expression() -> None:
    expr = single_block('locals {\n  o = { Name = 1, "a-b" = 2, (var.k) = 3 }\n}\n').body.get("o")
    assert isinstance(expr, ObjectExpr)
    assert [item.key_name for item in expr.items] == ["Name", "a-b", None]


def test_nested_and_dynamic_blocks() -> None:
    block = single_block(
        'resource "aws_security_group" "s" {\n  dynamic "ingress" {\n    for_each = var.ports\n'
        "    content {\n      from_port = ingress.value\n    }\n  }\n}\n"
    )
    dynamic = block.body.blocks[0]
    assert (dynamic.type, dynamic.labels) == ("dynamic", ("ingress",))
    assert dynamic.parent is block
    content = dynamic.body.blocks[0]
    assert content.type == "content" and "from_port" in content.body.attributes


def test_unicode_columns_are_characters() -> None:
    block = single_block('locals {\n  n = "é" # comment\n  m = "x"\n}\n')
    assert block.body.attributes["m"].range.start_column == 3
    name = block.body.get("n")
    assert name is not None and name.range.end_column == 10


def test_errors_keep_the_rest_of_the_file() -> None:
    document = parse(
        'resource "a" "one" {\n  x = [\n    1\n    2\n  ]\n}\n'
        'resource "a" "two" {\n  y = @\n}\n'
        'resource "a" "three" {\n  z = 3\n}\n'
    )
    assert [e.summary for e in document.errors] == ["Missing item separator", "Invalid character"]
    assert [b.labels[1] for b in document.body.blocks if b.labels][-1] == "three"
    assert document.errors[1].block == ("resource", ("a", "two"))
