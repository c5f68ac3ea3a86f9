"""Syntax errors in terraform's words and at terraform's line (checked against terraform
validate by tests/oracle). Each case: the broken input, the summary, the line."""

from __future__ import annotations

import pytest

from tfjudge.parse.hcl import parse_hcl
from tfjudge.source import SourceFile

CASES = [
    # (name, text, summary, line)
    (
        "unclosed block",
        'resource "a" "b" {\n  x = 1\n  tags = {\n    a = 2\n  }\n',
        "Unclosed configuration block",
        1,
    ),
    (
        "two arguments on a line",
        'resource "a" "b" {\n  x = "y" z = true\n}\n',
        "Missing newline after argument",
        2,
    ),
    (
        "tuple without comma",
        'locals {\n  a = [\n    "x"\n    "y"\n  ]\n}\n',
        "Missing item separator",
        4,
    ),
    (
        "object items on one line",
        'locals {\n  b = { A = ["s"] B = "x" }\n}\n',
        "Missing attribute separator",
        2,
    ),
    ("string across lines", 'resource "a" "b" {\n  x = "abc\n}\n', "Invalid multi-line string", 2),
    (
        "tuple cut at end of file",
        'locals {\n  a = jsonencode({\n    S = [{\n      A = [\n        "x",\n        "y"\n',
        "Unterminated tuple constructor expression",
        4,
    ),
    (
        "heredoc never closed",
        "locals {\n  a = <<EOF\nhello\nworld\n",
        "Unterminated template string",
        5,
    ),
    ("stray character", 'resource "a" "b" {\n  x = "y"\n  @@@\n}\n', "Invalid character", 3),
    (
        "extra closing brace",
        'resource "a" "b" {\n  x = "y"\n}\n}\n',
        "Argument or block definition required",
        4,
    ),
    ("argument without value", 'resource "a" "b" {\n  x =\n}\n', "Invalid expression", 2),
    (
        "single-line block with more",
        'resource "a" "c" { x = "y"\n  z = true }\n',
        "Invalid single-argument block definition",
        1,
    ),
    (
        "object key without value",
        "locals {\n  a = {\n    b = 1\n    c\n  }\n}\n",
        "Missing attribute value",
        4,
    ),
    (
        "function call missing comma",
        "locals {\n  a = foo(1, 2\n  b = 2\n}\n",
        "Missing argument separator",
        3,
    ),
    (
        "argument set twice",
        'resource "a" "b" {\n  x = "y"\n  x = "z"\n}\n',
        "Attribute redefined",
        3,
    ),
    (
        "interpolation never closed",
        'locals {\n  a = "${var.x"\n}\n',
        "Unclosed template interpolation sequence",
        2,
    ),
    (
        "trailing comma then wrong bracket",
        'variable "x" {\n  default = [1, 2,\n}\n',
        "Invalid expression",
        3,
    ),
    (
        "objects in a tuple without comma",
        'locals {\n  p = jsonencode({\n    S = [\n      {\n        E = "A"\n      }\n      {\n'
        '        E = "D"\n      }\n    ]\n  })\n}\n',
        "Missing item separator",
        7,
    ),
    ("object cut at end of file", "locals {\n  a = {\n    b = 1\n", "Missing expression", 4),
    (
        "function call cut at end of file",
        "locals {\n  a = foo(1,\n    2\n",
        "Unterminated function call",
        2,
    ),
    (
        "wrong closing bracket mid-file",
        'resource "a" "b" {\n  x = 1\n}\nresource "a" "c" {\n  y = [\n    1\n}\n'
        'resource "a" "d" {\n  z = 1\n}\n',
        "Missing item separator",
        7,
    ),
    (
        "second argument after a string",
        'locals {\n  b = "x" "y"\n}\n',
        "Missing newline after argument",
        2,
    ),
    (
        "quoted string closed on a later line",
        "locals {\n  x = \"bash -c '\n  sudo yum\n'\"\n}\n",
        "Invalid multi-line string",
        2,
    ),
    (
        "line break after an interpolation",
        'locals {\n  x = "${upper("a")}\nb"\n}\n',
        "Invalid multi-line string",
        2,
    ),
    (
        "line break inside a directive",
        'locals {\n  x = "%{ if true }\nyes%{ endif }"\n}\n',
        "Invalid multi-line string",
        2,
    ),
    (
        "label across lines",
        'resource "aws_s3_bucket" "b\nc" {\n}\n',
        "Invalid multi-line string",
        1,
    ),
    (
        "IAM policy variable in a string",
        'locals {\n  r = "arn:aws:iam::*:user/${aws:username}"\n}\n',
        "Extra characters after interpolation expression",
        2,
    ),
    (
        "IAM policy variable with spaces",
        'locals {\n  r = "${ aws : username }"\n}\n',
        "Extra characters after interpolation expression",
        2,
    ),
    (
        "service principal variable",
        'locals {\n  r = "${cognito-identity.amazonaws.com:sub}"\n}\n',
        "Extra characters after interpolation expression",
        2,
    ),
    (
        "IAM policy variable in a heredoc",
        'locals {\n  p = <<EOF\n{"Resource": "arn:aws:s3:::b/${aws:PrincipalTag/team}/*"}\nEOF\n}\n',
        "Extra characters after interpolation expression",
        3,
    ),
    (
        "quoted argument name in a block",
        'resource "aws_elasticsearch_domain" "d" {\n  domain_name = "d"\n  advanced_options {\n'
        '    "rest.action.multi.allow_explicit_index" = "true"\n  }\n}\n',
        "Invalid argument name",
        4,
    ),
    (
        "quoted tag names in a tags block",
        'resource "aws_instance" "web" {\n  ami = "ami-1"\n  tags {\n    "Name" = "web"\n  }\n}\n',
        "Invalid argument name",
        4,
    ),
    (
        "an earlier error wins over a quoted name",
        'resource "aws_instance" "web" {\n  ami = \'ami-1\'\n  tags {\n    "Name" = "web"\n'
        "  }\n}\n",
        "Invalid character",
        2,
    ),
    (
        "heredoc with a tilde",
        'locals {\n  p = <<~JSON\n  {\n    "a": 1\n  }\n  JSON\n}\n\nlocals {\n  q = 1\n}\n',
        "Invalid expression",
        2,
    ),
    (
        "a call before a tilde heredoc",
        'resource "aws_iam_role_policy" "p" {\n  name = "p"\n  policy = JSON.generate(<<~JSON\n'
        '{\n  "Version": "2012-10-17"\n}\nJSON\n  )\n}\n',
        "Missing newline after argument",
        3,
    ),
    (
        "shell default in a heredoc",
        "locals {\n  u = <<-EOT\n    #!/bin/bash\n    echo ${HOME:-/root}\n  EOT\n}\n",
        "Extra characters after interpolation expression",
        4,
    ),
]


@pytest.mark.parametrize(("name", "text", "summary", "line"), CASES, ids=[c[0] for c in CASES])
def test_first_error_matches_terraform(name: str, text: str, summary: str, line: int) -> None:
    errors = parse_hcl(SourceFile("main.tf", "hcl", text)).errors
    assert errors, name
    assert (errors[0].summary, errors[0].range.start_line) == (summary, line)


@pytest.mark.parametrize("before", ["a", "é", "日本"])
def test_a_split_string_is_placed_in_characters(before: str) -> None:
    """The column of a string running onto the next line counts characters, not bytes:
    what comes before it on its line may be any text."""
    text = f'locals {{\n  m = {{ "{before}" = "x\ny" }}\n}}\n'
    errors = parse_hcl(SourceFile("main.tf", "hcl", text)).errors
    expected = text.split("\n")[1].index('"x') + 1
    assert (errors[0].summary, errors[0].range.start_column) == (
        "Invalid multi-line string",
        expected,
    )


VALID = [
    'resource "a" "b" {\n  x = 1\n  y = [1, 2,\n    3,\n  ]\n  z = { a = 1, b = 2 }\n}\n',
    'resource "a" "b" { x = 1 }\n',
    'locals {\n  a = <<-EOT\n    {"k": "${var.v}"}\n  EOT\n  b = "%{if true}x%{endif}"\n}\n',
    'locals {\n  m = {\n    a = 1\n    b = 2\n  }\n  l = [\n    "a",\n    "b"\n  ]\n}\n',
    'dynamic "x" {\n  for_each = var.l\n  content {\n    y = x.value\n  }\n}\n',
    "locals {\n  # comment with @ and `backticks`\n  a = 1 // trailing\n  /* block\n  comment */\n}\n",
    # line breaks inside an interpolation, escaped ones, escaped interpolations
    'locals {\n  a = "x ${join(",",\n    ["a"])} y"\n  b = "a\\nb"\n  c = "user/$${aws:username}"\n}\n',
    'locals {\n  u = <<-EOT\n    echo $${HOME:-/root} $$${local.a}\n  EOT\n  a = "x"\n}\n',
    # quoted keys in objects (not blocks), a tilde in a string
    'locals {\n  tags = {\n    "Name" = "web"\n    "kubernetes.io/role/elb" = "1"\n  }\n'
    '  nested = {\n    inner = {\n      "a.b" = 1\n    }\n  }\n  s = "x <<~EOF"\n}\n',
    # colons after an interpolation, in a conditional, in a call, in an ARN
    'variable "a" {\n  default = "p"\n}\nlocals {\n  x = "${var.a}:${var.a}"\n'
    '  y = "${var.a == "p" ? 1 : 2}"\n  z = "${join(":", ["a", "b"])}"\n'
    '  s = <<EOF\n{"Resource": "arn:aws:states:::lambda:invoke"}\nEOF\n}\n',
]


@pytest.mark.parametrize("text", VALID)
def test_valid_hcl_has_no_errors(text: str) -> None:
    assert parse_hcl(SourceFile("main.tf", "hcl", text)).errors == []


HOSTILE = [
    "(" * 20000 + "1" + ")" * 20000,
    "[" * 5000 + "]" * 5000,
    "{a = " * 3000 + "1" + "}" * 3000,
    '"' + "%{if true}" * 2000 + "x" + "%{endif}" * 2000 + '"',
    "f(" * 3000 + "1" + ")" * 3000,
    "-" * 5000 + "1",
]


@pytest.mark.parametrize(
    "value", HOSTILE, ids=["parens", "tuples", "objects", "directives", "calls", "unary"]
)
def test_hostile_nesting_is_an_error_not_a_crash(value: str) -> None:
    errors = parse_hcl(SourceFile("main.tf", "hcl", f"locals {{\n  a = {value}\n}}\n")).errors
    assert [e.summary for e in errors] == ["Nesting too deep"]


def test_deeply_nested_blocks_are_an_error_not_a_crash() -> None:
    errors = parse_hcl(SourceFile("main.tf", "hcl", "a {\n" * 3000 + "}\n" * 3000)).errors
    assert [e.summary for e in errors] == ["Nesting too deep"]
