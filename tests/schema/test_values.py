"""Static values of expressions and terraform's conversion rules, row by row.

Each row: the argument's cty type, an HCL expression, and terraform's complaint (None when
terraform accepts it). The rows were read from `terraform validate` and are checked against
it again by tests/oracle/test_schema_oracle.py.
"""

from __future__ import annotations

import pytest

from tfjudge.parse.hcl import parse_hcl
from tfjudge.parse.hcl.ast import Expr, Literal
from tfjudge.schema.values import (
    conversion_error,
    friendly_name,
    literal_conversion_error,
    static_value,
)
from tfjudge.source import SourceFile

OBJECT = [
    "object",
    {
        "cidr_blocks": ["list", "string"],
        "description": "string",
        "from_port": "number",
        "ipv6_cidr_blocks": ["list", "string"],
        "prefix_list_ids": ["list", "string"],
        "protocol": "string",
        "security_groups": ["set", "string"],
        "self": "bool",
        "to_port": "number",
    },
]
FULL = (
    'from_port = 1, to_port = 1, protocol = "tcp", cidr_blocks = ["10.0.0.0/8"], '
    'description = "d", ipv6_cidr_blocks = [], prefix_list_ids = [], security_groups = [], '
    "self = false"
)

TABLE: list[tuple[object, str, str | None]] = [
    ("bool", '"true"', None),
    ("bool", '"false"', None),
    ("bool", '"1"', None),
    ("bool", '"0"', None),
    ("bool", '"TRUE"', 'a bool is required; to convert from string, use lowercase "true"'),
    ("bool", '"yes"', "a bool is required"),
    ("bool", "1", "bool required"),
    ("bool", "0", "bool required"),
    ("bool", "[true]", "bool required"),
    ("bool", "{}", "bool required"),
    ("bool", "null", None),
    ("bool", '"${var.any}"', None),
    ("bool", '"a${var.any}"', None),
    ("bool", "!var.any", None),
    ("bool", 'length("x")', "bool required"),
    ("number", '"10"', None),
    ("number", '"+5"', None),
    ("number", '"5."', None),
    ("number", '" 10"', "a number is required"),
    ("number", '"0x10"', "a number is required"),
    ("number", '"1_000"', "a number is required"),
    ("number", '""', "a number is required"),
    ("number", '"abc"', "a number is required"),
    ("number", '"30s"', "a number is required"),
    ("number", "true", "number required"),
    ("number", "[1]", "number required"),
    ("number", "-1", None),
    ("number", "2 * 60", None),
    ("number", "jsonencode(var.any)", None),
    ("number", "[{ a = 1 }][*].a", "number required"),
    ("string", '[{ a = "x" }][*].a', "string required"),
    ("string", "1", None),
    ("string", "true", None),
    ("string", "1.5", None),
    ("string", "[]", "string required"),
    ("string", '["a"]', "string required"),
    ("string", "{}", "string required"),
    ("string", 'split(",", "a,b")', "string required"),
    ("string", "<<EOT\nhello\nEOT", None),
    ("string", "[for s in var.any : s]", None),
    (["list", "string"], '"a"', "list of string required"),
    (["list", "string"], "{}", "list of string required"),
    (["list", "string"], "{ a = 1 }", "list of string required"),
    (["list", "string"], '["a", 1]', None),
    (["list", "string"], "[true]", None),
    (["list", "string"], "[[1]]", "element 0: string required"),
    (["list", "string"], "[{}]", "element 0: string required"),
    (["list", "string"], "[]", None),
    (["list", "string"], "[null]", None),
    (["list", "string"], '["a", var.any]', None),
    (["list", "string"], 'join(",", ["a"])', "list of string required"),
    (["list", "string"], 'split(",", "a,b")', None),
    (["list", "string"], '[{ a = "x" }][*].a', None),
    (["set", "string"], '"s3:*"', "set of string required"),
    (["set", "string"], '["s3:GetObject"]', None),
    (["map", "string"], "{ a = 1 }", None),
    (["map", "string"], "{ a = true }", None),
    (["map", "string"], "{ a = [1] }", 'element "a": string required'),
    (["map", "string"], "{ a = {} }", 'element "a": string required'),
    (["map", "string"], "{ a = null }", None),
    (["map", "string"], "{}", None),
    (["map", "string"], "[]", "map of string required"),
    (["map", "string"], '"x"', "map of string required"),
    (["map", "string"], '[{ a = "b" }]', "map of string required"),
    (["map", "string"], "merge(var.any, {})", None),
    (["set", OBJECT], f"[{{ {FULL} }}]", None),
    (["set", OBJECT], f"{{ {FULL} }}", "set of object required"),
    (["set", OBJECT], "[]", None),
    (["set", OBJECT], '"x"', "set of object required"),
    (
        ["set", OBJECT],
        '[{ from_port = 1, to_port = 1, protocol = "tcp", cidr_blocks = ["10.0.0.0/8"] }]',
        'element 0: attributes "description", "ipv6_cidr_blocks", "prefix_list_ids", '
        '"security_groups", and "self" are required',
    ),
]


def expression(text: str) -> Expr:
    document = parse_hcl(SourceFile("main.tf", "hcl", f"x = {text}\n"))
    assert not document.errors, text
    return document.body.attributes["x"].expr


@pytest.mark.parametrize(("kind", "text", "expected"), TABLE)
def test_conversion(kind: object, text: str, expected: str | None) -> None:
    assert conversion_error(static_value(expression(text)), kind) == expected


LITERALS = [
    '"x"',
    '"12"',
    '"1e3"',
    '"true"',
    '"True"',
    '"0"',
    '""',
    "1",
    "1.5",
    "true",
    "false",
    "null",
]
TARGETS = ["string", "number", "bool", "dynamic", ["list", "string"], ["map", "number"], OBJECT]


@pytest.mark.parametrize("text", LITERALS)
def test_a_literal_converts_as_its_static_value_does(text: str) -> None:
    """The schema checks judge a literal argument without making its `Value`."""
    literal = expression(text)
    assert isinstance(literal, Literal)
    for kind in TARGETS:
        expected = conversion_error(static_value(literal), kind)
        assert literal_conversion_error(literal.value, kind) == expected, (text, kind)


def test_references_and_unknown_functions_have_no_static_type() -> None:
    for text in ("var.x", "aws_s3_bucket.b.arn", 'lookup(var.m, "k")', "var.a ? 1 : 2"):
        assert static_value(expression(text)) is None


def test_friendly_names_are_ctys() -> None:
    assert friendly_name(["list", ["map", "string"]]) == "list of map of string"
    assert friendly_name(["set", OBJECT]) == "set of object"
    assert friendly_name("dynamic") == "any type"
